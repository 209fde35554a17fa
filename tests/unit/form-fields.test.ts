// The form field parsers: plain digits only, real dates, no invisible characters, one value each.
import { z } from 'zod';
import { field, fieldErrors } from '../../src/web/forms/fields';

const parse = (schema: z.ZodType, value: unknown) => {
  const r = z.object({ v: schema }).safeParse({ v: value });
  return r.success ? { ok: (r.data as { v: unknown }).v } : { error: fieldErrors(r.error).v };
};

describe('numbers', () => {
  test.each([
    ['0', 0], ['42', 42], ['  42 ', 42], ['007', 7], ['123456789012345', 123456789012345],
  ])('integer %j → %j', (v, n) => expect(parse(field.integer(0, 1e15), v)).toEqual({ ok: n }));

  test.each(['-1', '+1', '1.0', '1e3', '１２３', '1,234', '1.2万', 'NaN', 'Infinity', '0x1F', '1 000', '1234567890123456', '٣'])('integer %j is refused', (v) => {
    expect(parse(field.integer(0, 1e15), v)).toEqual({ error: 'validation.integer' });
  });

  test.each([['1.5', 1.5], ['0.000001', 0.000001], ['101800', 101800]])('decimal %j → %j', (v, n) => expect(parse(field.decimal(0, 1e9), v)).toEqual({ ok: n }));

  test.each(['.5', '5.', '1.1234567', '-0', '1e-3', '１.５', '1,5'])('decimal %j is refused', (v) => {
    expect(parse(field.decimal(0, 1e9), v)).toEqual({ error: 'validation.number' });
  });

  test('bounds name their limit', () => {
    expect(parse(field.integer(1, 200), '0')).toEqual({ error: 'validation.min|1' });
    expect(parse(field.integer(1, 200), '201')).toEqual({ error: 'validation.max|200' });
    expect(parse(field.decimal(0, 100), '100.000001')).toEqual({ error: 'validation.max|100' });
  });

  test('optional numbers are null when blank; required ones are not', () => {
    expect(parse(field.optionalInteger(), '')).toEqual({ ok: null });
    expect(parse(field.optionalInteger(), '   ')).toEqual({ ok: null });
    expect(parse(field.integer(), '')).toEqual({ error: 'validation.required' });
  });
});

describe('text', () => {
  test.each(['a\u0000b', 'a\u202Eb', 'a\u200Bb', 'a\u2067b', 'a\u007Fb', 'a\nb', 'a\rb'])('%j is refused in a one-line field', (v) => {
    expect(parse(field.text(), v)).toEqual({ error: 'validation.control_chars' });
  });
  test('notes may have line breaks, not other control characters', () => {
    expect(parse(field.note(), 'a\r\nb\nc')).toEqual({ ok: 'a\r\nb\nc' });
    expect(parse(field.note(), 'a\nb\u0000')).toEqual({ error: 'validation.control_chars' });
  });
  test('length is counted in characters (code points)', () => {
    expect(parse(field.text(3), '赵村村')).toEqual({ ok: '赵村村' });
    expect(parse(field.text(3), '😀😀😀')).toEqual({ ok: '😀😀😀' });
    expect(parse(field.text(3), '赵村村村')).toEqual({ error: 'validation.too_long|3' });
  });
  test('markup is plain text to the parser', () => {
    expect(parse(field.text(), '<script>alert(1)</script>')).toEqual({ ok: '<script>alert(1)</script>' });
  });
  test('repeated parameters and objects are refused', () => {
    expect(parse(field.text(), ['a', 'b'])).toEqual({ error: 'validation.single' });
    expect(parse(field.text(), { a: 'b' })).toEqual({ error: 'validation.single' });
    expect(parse(field.optionalDecimal(), ['1', '2'])).toEqual({ error: 'validation.single' });
  });
});

describe('dates and choices', () => {
  test.each(['2024-02-29', '2026-11-26'])('%s is a date', (v) => expect(parse(field.date(), v)).toEqual({ ok: v }));
  test.each(['2026-02-29', '2026-04-31', '2026-13-01', '2026-1-1', '2026/01/01', '２０２６-０１-０１', '20260101'])('%s is not', (v) => {
    expect(parse(field.date(), v)).toEqual({ error: 'validation.date' });
  });
  test('choices', () => {
    const c = field.choice(['a', 'b'] as const);
    expect(parse(c, 'a')).toEqual({ ok: 'a' });
    expect(parse(c, 'A')).toEqual({ error: 'validation.choice' });
    expect(parse(c, '')).toEqual({ error: 'validation.required' });
    expect(parse(field.optionalChoice(['a'] as const), '')).toEqual({ ok: null });
  });
  test('a checkbox is true only for on/1/true', () => {
    for (const v of ['on', '1', 'true']) expect(parse(field.checkbox(), v)).toEqual({ ok: true });
    for (const v of ['', 'off', '0', 'yes']) expect(parse(field.checkbox(), v)).toEqual({ ok: false });
  });

  test.each([
    ['optionalText', field.optionalText(), null],
    ['optionalInteger', field.optionalInteger(), null],
    ['optionalDate', field.optionalDate(), null],
    ['optionalChoice', field.optionalChoice(['a'] as const), null],
    ['note', field.note(), null],
    ['checkbox', field.checkbox(), false],
  ] as const)('an absent %s parses as empty', (_name, schema, expected) => {
    const r = z.object({ v: schema }).safeParse({});
    expect(r.success ? { ok: (r.data as { v: unknown }).v } : { error: fieldErrors(r.error).v }).toEqual({ ok: expected });
  });

  test('an absent required field is refused as required', () => {
    const r = z.object({ v: field.text() }).safeParse({});
    expect(r.success ? null : fieldErrors(r.error).v).toBe('validation.required');
  });
});

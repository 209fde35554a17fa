// The form field parsers: the importer's rules for numbers, dates, rates and areas; no invisible characters; one value each.
import { z } from 'zod';
import { field, fieldErrors } from '../../src/web/forms/fields';

const parse = (schema: z.ZodType, value: unknown) => {
  const r = z.object({ v: schema }).safeParse({ v: value });
  return r.success ? { ok: (r.data as { v: unknown }).v } : { error: fieldErrors(r.error).v };
};

describe('numbers (the rule the importer uses, domain/value-parsers.ts)', () => {
  test.each([
    ['0', 0], ['42', 42], ['  42 ', 42], ['007', 7], ['123456789012345', 123456789012345], ['1.0', 1],
  ])('integer %j → %j', (v, n) => expect(parse(field.integer(0, 1e15), v)).toEqual({ ok: n }));

  test.each([
    ['-1', 'validation.import_negative'], ['+1', 'validation.integer'], ['1e3', 'validation.integer'], ['１２３', 'validation.import_fullwidth'],
    ['1,234', 'validation.import_thousands'], ['1.2万', 'validation.import_wan'], ['NaN', 'validation.integer'], ['Infinity', 'validation.integer'],
    ['0x1F', 'validation.integer'], ['1 000', 'validation.integer'], ['1234567890123456', 'validation.max|1000000000000000'], ['٣', 'validation.integer'],
    ['1.5', 'validation.integer'],
  ])('integer %j is refused, saying why (%s)', (v, key) => {
    expect(parse(field.integer(0, 1e15), v)).toEqual({ error: key });
  });

  test.each([['1.5', 1.5], ['0.000001', 0.000001], ['101800', 101800], ['1.1234567', 1.1234567]])('decimal %j → %j', (v, n) => expect(parse(field.decimal(0, 1e9), v)).toEqual({ ok: n }));

  test.each([['.5', 'validation.number'], ['5.', 'validation.number'], ['-0', 'validation.import_negative'], ['1e-3', 'validation.number'], ['１.５', 'validation.import_fullwidth'], ['1,5', 'validation.import_thousands']])('decimal %j is refused (%s)', (v, key) => {
    expect(parse(field.decimal(0, 1e9), v)).toEqual({ error: key });
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

describe('rates and areas, as the importer reads them', () => {
  test.each([['96%', 0.96], ['96 %', 0.96], [' 0.96 ', 0.96], ['100%', 1], ['0', 0], ['12.5%', 0.125]])('rate %j → %j', (v, n) => {
    expect(parse(field.optionalRate(), v)).toEqual({ ok: n });
  });
  test.each([['96', 'validation.import_rate'], ['101%', 'validation.import_rate'], ['%', 'validation.import_rate'], ['-5%', 'validation.import_negative'], ['９６％', 'validation.import_fullwidth'], ['96 percent', 'validation.number']])('rate %j is refused (%s)', (v, key) => {
    expect(parse(field.optionalRate(), v)).toEqual({ error: key });
  });
  // 38.16 mu × 10000/15 m² per mu = 25440 m² (stored without the binary noise of 25439.999999999996); 1.5 mu = 1000 m²
  test.each([['38.16', 25440], ['1.5亩', 1000], ['25440㎡', 25440], ['25440 m²', 25440], ['25440平方米', 25440], ['25440 M2', 25440]])('land area %j (in mu unless it says) → %j m²', (v, m2) => {
    expect(parse(field.optionalArea('mu', 1e9), v)).toEqual({ ok: m2 });
  });
  test.each([['亩', 'validation.number'], ['2000000亩', 'validation.max|1500000'], ['2000000000㎡', 'validation.max_area|1000000000'], ['1,000亩', 'validation.import_thousands'], ['38.16 acres', 'validation.number']])('land area %j is refused (%s)', (v, key) => {
    expect(parse(field.optionalArea('mu', 1e9), v)).toEqual({ error: key });
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
  test.each([['2026/11/30', '2026-11-30'], ['2026年11月30日', '2026-11-30'], ['2026-1-1', '2026-01-01'], ['2026.1.5', '2026-01-05'], [' 2026 年 1 月 5 日 ', '2026-01-05']])('%s is the date %s, as in an import', (v, iso) => {
    expect(parse(field.date(), v)).toEqual({ ok: iso });
  });
  test.each([
    ['2026-02-29', 'validation.date'], ['2026-04-31', 'validation.date'], ['2026-13-01', 'validation.date'], ['20260101', 'validation.date'],
    ['２０２６-０１-０１', 'validation.import_fullwidth'], ['2026-11', 'validation.date'], ['2026年底', 'validation.date'], ['1900-01-01', 'validation.import_date_range'],
  ])('%s is not (%s)', (v, key) => {
    expect(parse(field.date(), v)).toEqual({ error: key });
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

// The one rule per kind of value that the importer and the staff forms share (domain/value-parsers.ts).
// Expected values are worked out by hand: 1 mu = 10000/15 m², so 38.16 mu = 25440 m²; 96% = 0.96.
import { z } from 'zod';
import { parseAreaText, parseDateText, parseNumberText, parsePeriodText, parseRateText } from '../../src/domain/value-parsers';
import { parseArea, parseNumber, parsePeriod, parseRate } from '../../src/domain/import-cells';
import { TABLES } from '../../src/domain/import-tables';
import { field, fieldErrors } from '../../src/web/forms/fields';

const formValue = (schema: z.ZodType, value: string) => {
  const r = z.object({ v: schema }).safeParse({ v: value });
  return r.success ? { ok: true, value: (r.data as { v: unknown }).v } : { ok: false, key: fieldErrors(r.error).v };
};
const landColumn = TABLES.projects.columns.find((c) => c.id === 'land_area_mu')!;

describe('dates', () => {
  test.each([
    ['2026-11-30', '2026-11-30'], ['2026/11/30', '2026-11-30'], ['2026年11月30日', '2026-11-30'], ['2026年11月30号', '2026-11-30'],
    ['2026.11.30', '2026-11-30'], ['2026-1-5', '2026-01-05'], ['  2026 / 11 / 30  ', '2026-11-30'], ['2026 年 11 月 30 日', '2026-11-30'],
    ['2026年11月30', '2026-11-30'], ['\u30002026-11-30\u3000', '2026-11-30'],
  ])('%j is %s', (text, iso) => {
    expect(parseDateText(text)).toEqual({ ok: true, value: iso });
  });

  test.each([
    ['２０２６年１１月３０日', 'validation.import_fullwidth'], ['2026-02-29', 'validation.date'], ['2026-11-31', 'validation.date'],
    ['2026-00-10', 'validation.date'], ['30/11/2026', 'validation.date'], ['11/30/2026', 'validation.date'], ['2026-11-30T08:00', 'validation.date'],
    ['1949-12-31', 'validation.import_date_range'], ['2101-01-01', 'validation.import_date_range'], ['99999-01-01', 'validation.date'],
    ['2026年', 'validation.date'], ['二〇二六年十一月', 'validation.date'], ['tomorrow', 'validation.date'],
  ])('%j is refused (%s)', (text, key) => {
    expect(parseDateText(text)).toEqual({ ok: false, key });
  });

  test('a target may be a month or a year, meaning its last day', () => {
    expect(parsePeriodText('2023年底', true)).toEqual({ ok: true, value: { date: '2023-12-31', precision: 'year' } });
    expect(parsePeriodText('2024年6月', true)).toEqual({ ok: true, value: { date: '2024-06-30', precision: 'month' } });
    expect(parsePeriodText('2024/2', true)).toEqual({ ok: true, value: { date: '2024-02-29', precision: 'month' } });
  });

  test('blank is no value', () => {
    expect(parseDateText('   ')).toEqual({ ok: true, value: null });
  });
});

describe('numbers', () => {
  test.each([['101800', 101800], [' 0.5 ', 0.5], ['007', 7], ['0', 0]])('%j is %d', (text, n) => {
    expect(parseNumberText(text, { max: 1e12 })).toEqual({ ok: true, value: n });
  });

  test.each([
    ['１０１８００', 'validation.import_fullwidth'], ['101,800', 'validation.import_thousands'], ['10.18万', 'validation.import_wan'],
    ['-3', 'validation.import_negative'], ['- 3', 'validation.import_negative'], ['1e5', 'validation.number'], ['Infinity', 'validation.number'],
    ['1 000', 'validation.number'], ['1000000000000000000000', 'validation.max|1000000000000'], ['1.000000000000000001', 'validation.number'],
  ])('%j is refused (%s)', (text, key) => {
    expect(parseNumberText(text, { max: 1e12 })).toEqual({ ok: false, key });
  });

  test('absurd values name the limit', () => {
    expect(parseNumberText('10000001', { integer: true, max: 10_000_000 })).toEqual({ ok: false, key: 'validation.max|10000000' });
    expect(parseNumberText('0', { integer: true, min: 1, max: 200 })).toEqual({ ok: false, key: 'validation.min|1' });
  });
});

describe('rates (a full-width ％ after plain digits is still a percentage sign)', () => {
  test.each([['96%', 0.96], ['96 %', 0.96], ['96％', 0.96], ['0.96', 0.96], ['100%', 1], ['1', 1], ['0%', 0]])('%j is %d', (text, r) => {
    expect(parseRateText(text)).toEqual({ ok: true, value: r });
  });

  test.each([
    ['96', 'validation.import_rate'], ['1.5', 'validation.import_rate'], ['150%', 'validation.import_rate'], ['%', 'validation.import_rate'],
    ['９６％', 'validation.import_fullwidth'], ['-1%', 'validation.import_negative'], ['九成', 'validation.number'],
  ])('%j is refused (%s)', (text, key) => {
    // a bare 96 could be 96 % or a typing slip for 0.96: refused rather than guessed
    expect(parseRateText(text)).toEqual({ ok: false, key });
  });
});

describe('areas: mu unless the value says m²', () => {
  test.each([
    ['38.16', 'mu', 25440], ['38.16亩', 'mu', 25440], ['38.16 亩', 'm2', 25440], ['25440㎡', 'mu', 25440], ['25440 m²', 'mu', 25440],
    ['25440m2', 'mu', 25440], ['25440平方米', 'mu', 25440], ['25440', 'm2', 25440], ['1.5', 'mu', 1000],
  ] as const)('%j read with %s → %d m²', (text, unit, m2) => {
    const r = parseAreaText(text, unit, 1e9);
    expect(r.ok).toBe(true);
    // 38.16 × 10000/15 is 25440 within a double's rounding
    expect((r as { value: number }).value).toBeCloseTo(m2, 6);
  });

  test.each([
    ['亩', 'validation.number'], ['38.16 hectares', 'validation.number'], ['1500001', 'validation.max|1500000'],
    ['1000000001㎡', 'validation.max_area|1000000000'], ['３８亩', 'validation.import_fullwidth'], ['-5亩', 'validation.import_negative'],
  ])('%j is refused (%s)', (text, key) => {
    expect(parseAreaText(text, 'mu', 1e9)).toEqual({ ok: false, key });
  });
});

describe('huge and hostile strings are refused at once, never echoed into a message', () => {
  const huge = [`${'9'.repeat(100_000)}`, `${' '.repeat(100_000)}x%`, `2026${'/'.repeat(50_000)}11/30`, `${'1'.repeat(60_000)}亩`, '<script>1</script>'];
  test.each(huge.map((s, i) => [i, s] as const))('case %d', (_i, s) => {
    for (const r of [parseNumberText(s, { max: 1e12 }), parseRateText(s), parseAreaText(s, 'mu', 1e9), parseDateText(s)]) {
      expect(r.ok).toBe(false);
      expect((r as { key: string }).key).toMatch(/^validation\.[a-z_]+(\|\d+)?$/);
    }
  });
});

describe('one rule: an import cell and a form field read the same text the same way', () => {
  const dates = ['2026/11/30', '2026年11月30日', '２０２６-１１-３０', '2026-02-30', '1900-01-01', ''];
  test.each(dates)('date %j', (text) => {
    const cell = parsePeriod(text, false);
    const form = formValue(field.optionalDate(), text);
    expect(form).toEqual(cell.ok ? { ok: true, value: cell.value?.date ?? null } : { ok: false, key: cell.key });
  });

  const rates = ['96%', '0.96', '96', '１%', '-1%', ''];
  test.each(rates)('rate %j', (text) => {
    expect(formValue(field.optionalRate(), text)).toEqual(parseRate(text));
  });

  const numbers = ['1234.5', '1,234', '1.2万', '１２', '-1', '1e3', ''];
  test.each(numbers)('number %j', (text) => {
    expect(formValue(field.optionalDecimal(0, 1e9), text)).toEqual(parseNumber(text, { max: 1e9 }));
  });

  const areas = ['38.16', '25440㎡', '38.16亩', '1500001', '亩', ''];
  test.each(areas)('land area %j (the form and the 占地面积(亩) column)', (text) => {
    expect(formValue(field.optionalArea('mu', 1e9), text)).toEqual(landColumn.parse(text));
    expect(parseArea(text, 'mu', 1e9)).toEqual(landColumn.parse(text));
  });

  test('a numeric spreadsheet cell in the mu column is mu as well', () => {
    expect(landColumn.parse(1.5)).toEqual({ ok: true, value: 1000 });
  });
});

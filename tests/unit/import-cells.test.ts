import fc from 'fast-check';
import {
  M2_PER_MU, formatMu, formatPeriod, muToM2, neutralise, numberText, parseNumber, parsePeriod, parseRate, parseText, sameNumber, unneutralise,
} from '../../src/domain/import-cells';
import { addDays } from '../../src/domain/dates';

const num = (cell: Parameters<typeof parseNumber>[0], integer = false) => parseNumber(cell, { integer, max: 1e12 });

describe('numbers', () => {
  test.each([
    ['1234', 1234], ['1234.5', 1234.5], ['  42 ', 42], ['0', 0], ['007', 7], ['', null], ['   ', null],
  ])('%j reads as %j', (text, value) => {
    expect(num(text)).toEqual({ ok: true, value });
  });

  test.each([
    ['1,234', 'validation.import_thousands'],
    ['12,345,678.5', 'validation.import_thousands'],
    ['1\uff0c234', 'validation.import_thousands'],
    ['1.2万', 'validation.import_wan'],
    ['3亿', 'validation.import_wan'],
    ['\uff11\uff12\uff13', 'validation.import_fullwidth'],
    ['-5', 'validation.import_negative'],
    ['- 5', 'validation.import_negative'],
    ['NaN', 'validation.number'],
    ['Infinity', 'validation.number'],
    ['1e400', 'validation.number'],
    ['1e3', 'validation.number'],
    ['12m²', 'validation.number'],
    ['0x10', 'validation.number'],
    ['1.2.3', 'validation.number'],
    ['9999999999999999', 'validation.max|1000000000000'],
  ])('%j is refused with %s', (text, key) => {
    expect(num(text)).toEqual({ ok: false, key });
  });

  test('spreadsheet numbers: negative, infinite and too large are refused; integers must be whole', () => {
    expect(num(-1)).toEqual({ ok: false, key: 'validation.import_negative' });
    expect(num(Number.POSITIVE_INFINITY)).toEqual({ ok: false, key: 'validation.number' });
    expect(num(Number.NaN)).toEqual({ ok: false, key: 'validation.number' });
    expect(num(2e12)).toEqual({ ok: false, key: 'validation.max|1000000000000' });
    expect(num(12.5, true)).toEqual({ ok: false, key: 'validation.integer' });
    expect(num('12.5', true)).toEqual({ ok: false, key: 'validation.integer' });
    expect(num(12, true)).toEqual({ ok: true, value: 12 });
    expect(parseNumber(0, { integer: true, min: 1, max: 200 })).toEqual({ ok: false, key: 'validation.min|1' });
  });

  test('error cells and formulas without a saved result are named as such', () => {
    expect(num({ error: '#N/A' })).toEqual({ ok: false, key: 'validation.import_cell_error' });
    expect(num({ error: 'formula' })).toEqual({ ok: false, key: 'validation.import_formula' });
    expect(num(true)).toEqual({ ok: false, key: 'validation.import_cell_type' });
    expect(num(new Date())).toEqual({ ok: false, key: 'validation.import_cell_type' });
  });

  // What can be stored: 0, or at least a millionth (forms take 6 decimals); nothing is finer than that.
  const stored = (max: number) => fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max, noNaN: true, noDefaultInfinity: true }));

  test('small and large numbers are written out in full', () => {
    expect(numberText(1e-7)).toBe('0.0000001');
    expect(numberText(1.2345e-15)).toBe('0.0000000000000012345');
    expect(numberText(1e21)).toBe('1000000000000000000000');
    expect(numberText(25440.000000000004)).toBe('25440.000000000004');
  });

  test('property: every storable number written as plain text (never an exponent) reads back exactly', () => {
    fc.assert(fc.property(stored(1e12), (n) => {
      expect(numberText(n)).not.toMatch(/e/i);
      const r = num(numberText(n));
      expect(r).toEqual({ ok: true, value: n === 0 ? 0 : n });
    }));
  });

  test('property: any string gives a number or a validation key, never an exception or NaN', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      const r = num(s);
      if (r.ok) expect(r.value === null || (Number.isFinite(r.value) && r.value >= 0)).toBe(true);
      else expect(r.key).toMatch(/^validation\./);
    }));
  });

  test('property: a number with thousands separators is always refused as such', () => {
    fc.assert(fc.property(fc.integer({ min: 1000, max: 2 ** 50 }), (n) => {
      expect(num(n.toLocaleString('en-US'))).toEqual({ ok: false, key: 'validation.import_thousands' });
    }));
  });
});

describe('rates', () => {
  test('a fraction or a percentage; a bare number above 1 is not guessed', () => {
    expect(parseRate('0.96')).toEqual({ ok: true, value: 0.96 });
    expect(parseRate('96%')).toEqual({ ok: true, value: 0.96 });
    expect(parseRate('96.5 \uff05')).toEqual({ ok: true, value: 0.965 });
    expect(parseRate(0.76)).toEqual({ ok: true, value: 0.76 });
    expect(parseRate('96')).toEqual({ ok: false, key: 'validation.import_rate' });
    expect(parseRate('120%')).toEqual({ ok: false, key: 'validation.import_rate' });
    expect(parseRate('%')).toEqual({ ok: false, key: 'validation.import_rate' });
    expect(parseRate('-5%')).toEqual({ ok: false, key: 'validation.import_negative' });
  });

  test('property: n% and n/100 read as the same fraction', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10000 }), (hundredths) => {
      const pct = numberText(hundredths / 100);
      const a = parseRate(`${pct}%`);
      const b = parseRate(numberText(hundredths / 10000));
      expect(a.ok && b.ok && a.value !== null && b.value !== null && Math.abs(a.value - b.value) < 1e-12).toBe(true);
    }));
  });
});

describe('dates', () => {
  test.each([
    ['2023-11-08', '2023-11-08'], ['2023/11/8', '2023-11-08'], ['2023.1.5', '2023-01-05'], ['2023年11月8日', '2023-11-08'], [' 2024-02-29 ', '2024-02-29'],
  ])('%j is %s', (text, iso) => {
    expect(parsePeriod(text, false)).toEqual({ ok: true, value: { date: iso, precision: 'day' } });
  });

  test.each([
    ['08/11/2023', 'validation.date'], ['2023-02-30', 'validation.date'], ['2023-13-01', 'validation.date'], ['yesterday', 'validation.date'],
    ['2023-11', 'validation.date'], ['1890-01-01', 'validation.import_date_range'], ['2023-11-08T10:00', 'validation.date'],
    ['\uff12\uff10\uff12\uff13-01-01', 'validation.import_fullwidth'],
  ])('%j is refused with %s', (text, key) => {
    expect(parsePeriod(text, false)).toEqual({ ok: false, key });
  });

  test('targets may be a month or a year, meaning its last day with that precision', () => {
    expect(parsePeriod('2025-12', true)).toEqual({ ok: true, value: { date: '2025-12-31', precision: 'month' } });
    expect(parsePeriod('2024年2月', true)).toEqual({ ok: true, value: { date: '2024-02-29', precision: 'month' } });
    expect(parsePeriod('2024', true)).toEqual({ ok: true, value: { date: '2024-12-31', precision: 'year' } });
    expect(parsePeriod('2024年底', true)).toEqual({ ok: true, value: { date: '2024-12-31', precision: 'year' } });
    expect(parsePeriod(2024, true)).toEqual({ ok: true, value: { date: '2024-12-31', precision: 'year' } });
    expect(parsePeriod('2024-13', true)).toEqual({ ok: false, key: 'validation.date' });
    expect(parsePeriod('soon', true)).toEqual({ ok: false, key: 'validation.import_period' });
  });

  test('spreadsheet dates and serial numbers (days since 1899-12-30)', () => {
    expect(parsePeriod(new Date(Date.UTC(2023, 10, 8)), false)).toEqual({ ok: true, value: { date: '2023-11-08', precision: 'day' } });
    expect(parsePeriod(45238, false)).toEqual({ ok: true, value: { date: '2023-11-08', precision: 'day' } });
    expect(parsePeriod(45238.75, false)).toEqual({ ok: true, value: { date: '2023-11-08', precision: 'day' } });
    expect(parsePeriod(2024, false)).toEqual({ ok: false, key: 'validation.import_date_range' });
    expect(parsePeriod(-3, false)).toEqual({ ok: false, key: 'validation.date' });
    expect(parsePeriod(new Date(Number.NaN), false)).toEqual({ ok: false, key: 'validation.date' });
  });

  const isoDates = fc.integer({ min: 0, max: 54_000 }).map((d) => addDays('1950-01-01', d));

  test('property: an ISO date, its slashed and Chinese spellings, its serial number and a Date all read as that date', () => {
    fc.assert(fc.property(isoDates, (iso) => {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      const serial = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
      const want = { ok: true, value: { date: iso, precision: 'day' } };
      for (const cell of [iso, `${y}/${m}/${d}`, `${y}年${m}月${d}日`, serial, new Date(Date.UTC(y, m - 1, d))]) {
        expect(parsePeriod(cell, false)).toEqual(want);
      }
    }));
  });

  test('property: a target written as an export writes it reads back with the same date and precision', () => {
    fc.assert(fc.property(fc.integer({ min: 1950, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('day', 'month', 'year' as const), (y, m, precision) => {
      const month = parsePeriod(`${y}-${m}`, true);
      const date = precision === 'year' ? `${y}-12-31` : month.ok ? month.value!.date : '';
      const text = formatPeriod(date, precision)!;
      expect(parsePeriod(text, true)).toEqual({ ok: true, value: { date, precision: text.length === 10 ? 'day' : precision } });
    }));
  });
});

describe('text and formula neutralisation', () => {
  test('text is trimmed, limited, and refused with control characters', () => {
    expect(parseText('  赵村 ', 100)).toEqual({ ok: true, value: '赵村' });
    expect(parseText(12, 20)).toEqual({ ok: true, value: '12' });
    expect(parseText('a\u202eb', 100)).toEqual({ ok: false, key: 'validation.control_chars' });
    expect(parseText('x'.repeat(21), 20)).toEqual({ ok: false, key: 'validation.too_long|20' });
    expect(parseText("'=SUM(A1)", 100)).toEqual({ ok: true, value: '=SUM(A1)' });
  });

  test('dangerous leading characters get a quote', () => {
    for (const s of ['=1+1', '+86', '-x', '@SUM(1)', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['赵村', '1#', "it's", "'plain"]) expect(neutralise(s)).toBe(s);
  });

  test('property: unneutralise(neutralise(s)) = s, and a neutralised cell never starts with a trigger', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(unneutralise(neutralise(s))).toBe(s);
      expect(neutralise(s)).not.toMatch(/^[=+\-@\t\r]/);
    }));
  });
});

describe('mu', () => {
  test('25440 m² typed as m² exports as 38.16 mu, not 38.160000000000004 (25440 × 15 / 10000 = 38.16)', () => {
    expect(formatMu(25440)).toBe('38.16');
    expect(formatMu(1000)).toBe('1.5');
    expect(formatMu(101800)).toBe('152.7');
  });

  test('38.16 mu is stored as exactly 25440 m² and exported as 38.16 again', () => {
    const m2 = muToM2(38.16);
    expect(m2).toBe(25440);
    expect(formatMu(m2)).toBe('38.16');
    expect(M2_PER_MU).toBeCloseTo(666.6667, 3);
  });

  // Not every double is some double × 666.67, so "exactly" where possible and within float noise (what
  // the importer compares with) always.
  test('property: any stored area exports to a mu text that converts back to that area', () => {
    fc.assert(fc.property(fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e9, noNaN: true, noDefaultInfinity: true })), (m2) => {
      const text = formatMu(m2);
      const read = parseNumber(text, { max: 1e12 });
      expect(read.ok && read.value !== null).toBe(true);
      const back = muToM2((read as { value: number }).value);
      expect(sameNumber(back, m2)).toBe(true);
      expect(Math.abs(back - m2)).toBeLessThanOrEqual(Math.abs(m2) * 2 ** -47);
    }));
  });

  test('property: an area typed in mu (up to 4 decimals) exports back to the same text', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 10 }), (tenThousandths) => {
      const typed = numberText(tenThousandths / 10000);
      const read = parseNumber(typed, { max: 1e12 });
      expect(read.ok && formatMu(muToM2(read.value!))).toBe(typed);
    }));
  });

  test('sameNumber tolerates float noise only', () => {
    expect(sameNumber(25440, 25440.000000000004)).toBe(true);
    expect(sameNumber(25440, 25440.01)).toBe(false);
    expect(sameNumber(null, 0)).toBe(false);
    expect(sameNumber(null, null)).toBe(true);
  });
});

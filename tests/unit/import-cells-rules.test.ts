// The cell readers' rules, one by one, at their edges: what an empty or an error cell means, where each
// limit lies (a value at the limit is accepted, one beyond it is refused) and which message a refusal
// carries. import-cells.test.ts holds the common cases and the properties.
import { formatPeriod, numberText, parseNumber, parsePeriod, parseRate, parseText, sameNumber, type Cell } from '../../src/domain/import-cells';

const ok = (value: unknown) => ({ ok: true, value });
const bad = (key: string) => ({ ok: false, key });

const readers: [string, (c: Cell) => unknown][] = [
  ['text', (c) => parseText(c, 100)],
  ['number', (c) => parseNumber(c, { max: 100 })],
  ['date', (c) => parsePeriod(c, false)],
  ['target', (c) => parsePeriod(c, true)],
  ['rate', parseRate],
];

describe('every reader', () => {
  test.each(readers)('%s: an empty cell (none, empty or only spaces) is "no value", not an error', (_name, read) => {
    for (const cell of [null, '', '   ', '\t ']) expect(read(cell)).toEqual(ok(null));
  });

  test.each(readers)('%s: an error value and a formula saved without its result are refused as such', (_name, read) => {
    expect(read({ error: '#N/A' })).toEqual(bad('validation.import_cell_error'));
    expect(read({ error: 'formula' })).toEqual(bad('validation.import_formula'));
  });

  test.each(readers)('%s: a true/false cell is of the wrong type', (_name, read) => {
    expect(read(true)).toEqual(bad('validation.import_cell_type'));
  });
});

describe('text', () => {
  test('a number typed into a text column is kept as typed, never as an exponent; NaN and infinity are not text', () => {
    expect(parseText(12.5, 100)).toEqual(ok('12.5'));
    expect(parseText(1e21, 100)).toEqual(ok('1000000000000000000000'));
    expect(parseText(Number.NaN, 100)).toEqual(bad('validation.invalid'));
    expect(parseText(Number.POSITIVE_INFINITY, 100)).toEqual(bad('validation.invalid'));
  });

  test('a date cell in a text column is of the wrong type', () => {
    expect(parseText(new Date(Date.UTC(2024, 0, 1)), 100)).toEqual(bad('validation.import_cell_type'));
  });

  test('a replacement character (U+FFFD) means the file was decoded with the wrong encoding', () => {
    expect(parseText('赵\ufffd村', 100)).toEqual(bad('validation.encoding'));
  });

  test('the length limit counts characters, not UTF-16 units, and a text at the limit is accepted', () => {
    expect(parseText('x'.repeat(20), 20)).toEqual(ok('x'.repeat(20)));
    // U+20000 is one character written as two UTF-16 units: 20 of them are 40 units but 20 characters.
    expect(parseText('\u{20000}'.repeat(20), 20)).toEqual(ok('\u{20000}'.repeat(20)));
    expect(parseText('\u{20000}'.repeat(21), 20)).toEqual(bad('validation.too_long|20'));
  });
});

describe('numbers', () => {
  const floors = (c: Cell) => parseNumber(c, { integer: true, min: 1, max: 200 });

  test('the minimum and the maximum are both allowed values; one step beyond either is refused', () => {
    expect(floors(1)).toEqual(ok(1));
    expect(floors('1')).toEqual(ok(1));
    expect(floors(200)).toEqual(ok(200));
    expect(floors('200')).toEqual(ok(200));
    expect(floors('0')).toEqual(bad('validation.min|1'));
    expect(floors('201')).toEqual(bad('validation.max|200'));
    expect(parseNumber(100, { max: 100 })).toEqual(ok(100));
  });

  test('a whole-number column refuses text and infinity as "not a whole number"', () => {
    expect(floors('abc')).toEqual(bad('validation.integer'));
    expect(floors(Number.POSITIVE_INFINITY)).toEqual(bad('validation.integer'));
  });

  test('only a leading minus makes a number negative: a dash inside is simply not a number', () => {
    expect(parseNumber('-0.5', { max: 100 })).toEqual(bad('validation.import_negative'));
    expect(parseNumber('5-3', { max: 100 })).toEqual(bad('validation.number'));
    expect(parseNumber('2024-05', { max: 1e6 })).toEqual(bad('validation.number'));
  });

  // Beyond 15 whole digits or 17 significant ones a double no longer holds what was written.
  const big = (c: Cell) => parseNumber(c, { max: 1e20 });

  test('at most 15 whole digits, even when the column would allow more; leading zeros are not digits', () => {
    expect(big('999999999999999')).toEqual(ok(999_999_999_999_999));
    expect(big('1000000000000000')).toEqual(bad('validation.max|100000000000000000000'));
    expect(big('0000000000000000999999999999999')).toEqual(ok(999_999_999_999_999));
    expect(big('00000000000000001')).toEqual(ok(1));
  });

  test('at most 17 significant digits; zeros before the first and after the last other digit do not count', () => {
    expect(big('0.12345678901234567')).toEqual(ok(0.12345678901234567));
    expect(big('0.12345678901234567000')).toEqual(ok(0.12345678901234567));
    expect(big('0.00012345678901234567')).toEqual(ok(0.00012345678901234567));
    expect(big('1.23456789012345678')).toEqual(bad('validation.number'));
    // 18 significant digits: refused rather than rounded to 1
    expect(big('1.00000000000000001')).toEqual(bad('validation.number'));
  });

  test('at most 30 decimals', () => {
    expect(big(`0.${'0'.repeat(29)}1`)).toEqual(ok(1e-30));
    expect(big(`0.${'0'.repeat(30)}1`)).toEqual(bad('validation.number'));
  });
});

describe('rates', () => {
  test('1 and 100% are the largest rates; anything above is refused as a rate', () => {
    expect(parseRate('1')).toEqual(ok(1));
    expect(parseRate(1)).toEqual(ok(1));
    expect(parseRate('100%')).toEqual(ok(1));
    expect(parseRate('1.0001')).toEqual(bad('validation.import_rate'));
    expect(parseRate(1.5)).toEqual(bad('validation.import_rate'));
    expect(parseRate('100.01%')).toEqual(bad('validation.import_rate'));
  });

  test('a number too long to hold is refused as a rate, with or without %, not as "at most 1.8e308"', () => {
    expect(parseRate('1234567890123456')).toEqual(bad('validation.import_rate'));
    expect(parseRate('1234567890123456%')).toEqual(bad('validation.import_rate'));
  });

  test('spaces around a percentage do not matter, but the percent sign must end the cell', () => {
    expect(parseRate(' 96% ')).toEqual(ok(0.96));
    expect(parseRate('5%0')).toEqual(bad('validation.number'));
  });

  test('other refusals keep their own reason', () => {
    expect(parseRate('-0.5')).toEqual(bad('validation.import_negative'));
    expect(parseRate('九成')).toEqual(bad('validation.number'));
    expect(parseRate('0,96')).toEqual(bad('validation.import_thousands'));
  });
});

describe('dates', () => {
  const day = (date: string) => ok({ date, precision: 'day' });
  const year = (y: number) => ok({ date: `${y}-12-31`, precision: 'year' });

  test('years 1950 to 2100 are accepted; a real day outside them is out of range, not "not a date"', () => {
    expect(parsePeriod('1950-01-01', false)).toEqual(day('1950-01-01'));
    expect(parsePeriod('2100-12-31', false)).toEqual(day('2100-12-31'));
    expect(parsePeriod('1949-12-31', false)).toEqual(bad('validation.import_date_range'));
    expect(parsePeriod('2101-01-01', false)).toEqual(bad('validation.import_date_range'));
    expect(parsePeriod('0999-01-01', false)).toEqual(bad('validation.import_date_range'));
    expect(parsePeriod(new Date(Date.UTC(2101, 0, 1)), false)).toEqual(bad('validation.import_date_range'));
  });

  test('an invalid spreadsheet date is refused with the column\'s own message', () => {
    expect(parsePeriod(new Date(Number.NaN), true)).toEqual(bad('validation.import_period'));
  });

  test('in a target column a whole number from 1950 to 2100 is a year', () => {
    expect(parsePeriod(1950, true)).toEqual(year(1950));
    expect(parsePeriod(2100, true)).toEqual(year(2100));
  });

  test('any other number is a date serial (days since 1899-12-30), also in a target column', () => {
    // 45238 days after 1899-12-30 is 2023-11-08 (import-cells.test.ts checks the serials generally)
    expect(parsePeriod(45238, true)).toEqual(day('2023-11-08'));
    // serials 100, 1949, 2024(.5) and 2101 fall in 1900–1905: real days, before 1950
    for (const n of [100, 1949, 2024.5, 2101]) expect(parsePeriod(n, true)).toEqual(bad('validation.import_date_range'));
  });

  test('serials run from 1 (1899-12-31) to 2958465 (9999-12-31): real days, out of range; beyond them no day', () => {
    expect(parsePeriod(1, false)).toEqual(bad('validation.import_date_range'));
    expect(parsePeriod(2_958_465, false)).toEqual(bad('validation.import_date_range'));
    expect(parsePeriod(0.5, false)).toEqual(bad('validation.date'));
    expect(parsePeriod(2_958_466, true)).toEqual(bad('validation.import_period'));
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(parsePeriod(n, false)).toEqual(bad('validation.date'));
  });
});

describe('targets as an export writes them', () => {
  test('the month or year alone only when the precision says so and the date is that period\'s last day', () => {
    expect(formatPeriod('2025-12-31', 'year')).toBe('2025');
    expect(formatPeriod('2025-12-31', 'month')).toBe('2025-12');
    expect(formatPeriod('2024-02-29', 'month')).toBe('2024-02');
    expect(formatPeriod('2025-12-31', 'day')).toBe('2025-12-31');
    expect(formatPeriod('2025-06-30', 'year')).toBe('2025-06-30');
    expect(formatPeriod('2024-02-28', 'month')).toBe('2024-02-28');
  });

  test('no target is an empty cell', () => {
    expect(formatPeriod(null, 'year')).toBeNull();
  });
});

describe('numbers written out', () => {
  test('large and small numbers with an exponent are written in plain digits, with their sign', () => {
    expect(numberText(-1e21)).toBe('-1000000000000000000000');
    expect(numberText(1.5e21)).toBe('1500000000000000000000');
    // 1.2345678901234568e25: the 17 digits followed by 25 − 16 = 9 zeros
    expect(numberText(1.2345678901234568e25)).toBe('12345678901234568000000000');
    expect(numberText(-1e-7)).toBe('-0.0000001');
  });
});

describe('sameNumber', () => {
  test('a missing value equals only a missing value, on either side', () => {
    expect(sameNumber(0, null)).toBe(false);
    expect(sameNumber(null, 0)).toBe(false);
  });

  test('below 1 the tolerance is 1e-9 absolute, and a difference of exactly that is still the same', () => {
    expect(sameNumber(0, 1e-9)).toBe(true);
    expect(sameNumber(0, 2e-9)).toBe(false);
  });
});

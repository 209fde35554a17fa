import {
  addDays,
  compareIso,
  daysBetween,
  endOfMonth,
  endOfYear,
  isIsoDate,
} from '../../src/domain/dates';

describe('isIsoDate', () => {
  it.each(['2023-11-08', '2024-02-29', '2000-02-29', '0001-01-01', '2023-12-31'])(
    'accepts the real date %s',
    (s) => expect(isIsoDate(s)).toBe(true),
  );

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '2023-1-5',
    '20231108',
    '2023-11-08T00:00:00Z',
    ' 2023-11-08',
    '',
  ])('rejects %p', (s) => expect(isIsoDate(s)).toBe(false));

  it('rejects non-strings', () => {
    expect(isIsoDate(20231108)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe('daysBetween', () => {
  it('counts whole days, negative when going back', () => {
    expect(daysBetween('2023-11-08', '2023-12-31')).toBe(53);
    expect(daysBetween('2023-12-31', '2023-11-08')).toBe(-53);
    expect(daysBetween('2024-01-01', '2024-01-01')).toBe(0);
  });

  it('spans leap days and years', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('throws on a malformed date rather than returning NaN', () => {
    expect(() => daysBetween('2023-02-30', '2023-03-01')).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it('moves across months, years and leap days', () => {
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-11-08', 0)).toBe('2023-11-08');
    expect(addDays('2023-11-08', 365)).toBe('2024-11-07');
  });
});

describe('endOfMonth / endOfYear', () => {
  it('gives the last calendar day', () => {
    expect(endOfMonth(2025, 12)).toBe('2025-12-31');
    expect(endOfMonth(2024, 2)).toBe('2024-02-29');
    expect(endOfMonth(2023, 2)).toBe('2023-02-28');
    expect(endOfMonth(2023, 4)).toBe('2023-04-30');
    expect(endOfYear(2023)).toBe('2023-12-31');
  });

  it('rejects a month outside 1–12', () => {
    expect(() => endOfMonth(2023, 13)).toThrow(RangeError);
    expect(() => endOfMonth(2023, 0)).toThrow(RangeError);
  });
});

describe('compareIso', () => {
  it('orders dates chronologically', () => {
    const sorted = ['2024-01-01', '2023-11-08', '2023-12-31'].sort(compareIso);
    expect(sorted).toEqual(['2023-11-08', '2023-12-31', '2024-01-01']);
    expect(compareIso('2023-11-08', '2023-11-08')).toBe(0);
    expect(compareIso('2023-11-08', '2023-11-09')).toBe(-1);
    expect(compareIso('2023-11-09', '2023-11-08')).toBe(1);
  });
});

describe('what the date functions refuse, and say', () => {
  it('an impossible date is refused by name in the error', () => {
    expect(() => addDays('2023-02-30', 1)).toThrow('Not an ISO date: 2023-02-30');
    expect(() => daysBetween('2023-11-08', 'soon')).toThrow('Not an ISO date: soon');
  });

  it('a month outside 1–12 is refused by name', () => {
    expect(() => endOfMonth(2024, 13)).toThrow('Month out of range: 13');
    expect(() => endOfMonth(2024, 0)).toThrow('Month out of range: 0');
    expect(() => endOfMonth(2024, 1.5)).toThrow(RangeError);
    expect(endOfMonth(2024, 12)).toBe('2024-12-31');
    expect(endOfMonth(2024, 1)).toBe('2024-01-31');
  });

  it('every day of a year is valid and the day after its last is not', () => {
    // 2024 is a leap year: 366 real days; day 30 of February and day 32 of any month are not.
    let n = 0;
    for (let m = 1; m <= 12; m++) for (let d = 1; d <= 32; d++) if (isIsoDate(`2024-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)) n++;
    expect(n).toBe(366);
    expect(isIsoDate('2024-12-32')).toBe(false);
    expect(isIsoDate('2024-99-01')).toBe(false);
  });

  it('the same answer however often a date is asked for (the memo changes nothing)', () => {
    for (let i = 0; i < 3; i++) expect(daysBetween('2023-11-08', '2023-12-31')).toBe(53);
  });
});

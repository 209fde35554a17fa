// Households after delivery: the rules a record obeys and the figures from the records, by hand.
import { addCalendarMonths, certificateWait, countProblems, historyProblems, ladderOf, type HouseholdCounts } from '../../src/domain/households';

const rec = (asOf: string, c: Partial<HouseholdCounts> = {}): HouseholdCounts => ({
  asOf, households: 100, allocated: 0, notices: 0, handedOver: 0, movedIn: 0, certificates: 0, ...c,
});

describe('one record', () => {
  test('each step within the one a household goes through before it', () => {
    expect(countProblems(rec('2025-01-01', { allocated: 100, notices: 90, handedOver: 80, movedIn: 80, certificates: 10 }))).toEqual([]);
    expect(countProblems(rec('2025-01-01', { allocated: 101 }))).toEqual([{ field: 'allocated', key: 'households.exceeds', other: 'households' }]);
    expect(countProblems(rec('2025-01-01', { allocated: 50, notices: 51, handedOver: 51 }))).toEqual([{ field: 'notices', key: 'households.exceeds', other: 'allocated' }]);
    // moving in and certificates are both bounded by the keys, not by each other
    expect(countProblems(rec('2025-01-01', { allocated: 50, notices: 50, handedOver: 40, movedIn: 41, certificates: 41 }))).toEqual([
      { field: 'movedIn', key: 'households.exceeds', other: 'handedOver' },
      { field: 'certificates', key: 'households.exceeds', other: 'handedOver' },
    ]);
    expect(countProblems(rec('2025-01-01', { allocated: 50, notices: 50, handedOver: 40, movedIn: 10, certificates: 30 }))).toEqual([]);
  });

  test('counts are whole and not negative', () => {
    expect(countProblems(rec('2025-01-01', { households: -1 })).map((p) => p.field)).toEqual(['households']);
    expect(countProblems(rec('2025-01-01', { allocated: 2.5 })).map((p) => [p.field, p.key])).toEqual([['allocated', 'households.not_count']]);
  });
});

describe('against the history', () => {
  const history = [rec('2025-01-01', { allocated: 60, notices: 40, handedOver: 20 }), rec('2025-06-01', { allocated: 90, notices: 80, handedOver: 70 })];
  test('a cumulative count may not fall below the record before it', () => {
    expect(historyProblems(history, rec('2025-03-01', { allocated: 59, notices: 40, handedOver: 20 }))).toEqual([{ field: 'allocated', key: 'households.falls', other: '2025-01-01' }]);
    expect(historyProblems(history, rec('2025-07-01', { allocated: 90, notices: 80, handedOver: 69 }))).toEqual([{ field: 'handedOver', key: 'households.falls', other: '2025-06-01' }]);
  });
  test('nor rise above the record after it', () => {
    expect(historyProblems(history, rec('2025-03-01', { allocated: 91, notices: 40, handedOver: 20 }))).toEqual([{ field: 'allocated', key: 'households.above_later', other: '2025-06-01' }]);
  });
  test('a record between, within both, is fine; one that replaces a record of its day may not fall below it unmarked', () => {
    expect(historyProblems(history, rec('2025-03-01', { allocated: 70, notices: 50, handedOver: 30 }))).toEqual([]);
    // same day as 2025-06-01 (90, 80, 70): lowering the keys to 60 is a fall from that record
    expect(historyProblems(history, rec('2025-06-01', { allocated: 90, notices: 80, handedOver: 60 }))).toEqual([{ field: 'handedOver', key: 'households.falls', other: '2025-06-01' }]);
    expect(historyProblems(history, rec('2025-06-01', { allocated: 95, notices: 80, handedOver: 70 }))).toEqual([]);
  });
});

describe('the ladder of a scope', () => {
  test('sums the latest record of each batch known on the day; rates over the households', () => {
    const a = [rec('2025-01-01', { households: 100, allocated: 50 }), rec('2025-05-01', { households: 100, allocated: 100, notices: 100, handedOver: 80, movedIn: 60, certificates: 0 })];
    const b = [rec('2025-03-01', { households: 50, allocated: 50, notices: 50, handedOver: 50, movedIn: 50, certificates: 25 })];
    const l = ladderOf([a, b], '2025-04-01')!;
    // a: its 2025-01-01 record (the May one is not known yet); b: its March record
    expect(l.households).toBe(150);
    expect(l.counts).toEqual({ allocated: 100, notices: 50, handedOver: 50, movedIn: 50, certificates: 25 });
    expect(l.rates.handedOver).toEqual({ numerator: 50, denominator: 150, rate: 50 / 150 });
    expect(l.asOf).toBe('2025-03-01');
    expect(ladderOf([a, b], '2025-06-01')!.counts.handedOver).toBe(130);
    expect(ladderOf([a], '2024-12-31')).toBeNull();
  });
});

describe('keys to certificate', () => {
  test('certificates go in the order keys did: waits by hand, median and the longest still waiting', () => {
    const history = [
      rec('2024-01-01', { allocated: 100, notices: 100, handedOver: 10 }),
      rec('2024-03-01', { allocated: 100, notices: 100, handedOver: 30 }),
      rec('2024-07-01', { allocated: 100, notices: 100, handedOver: 30, certificates: 10 }),
      rec('2025-01-01', { allocated: 100, notices: 100, handedOver: 30, certificates: 20 }),
    ];
    // households 1–10: keys 2024-01-01, certificates 2024-07-01: 182 days
    // households 11–20: keys 2024-03-01, certificates 2025-01-01: 306 days
    // median of ten 182s and ten 306s: (182 + 306) / 2 = 244
    // households 21–30 wait since 2024-03-01: on 2025-03-01, 365 days
    const w = certificateWait(history, '2025-03-01', 12)!;
    expect(w).toEqual({ medianDays: 244, longestWaitingDays: 365, waiting: 10, lagging: false });
    // 12 calendar months from 2024-03-01 is 2025-03-01: one more day and the batch lags
    expect(certificateWait(history, '2025-03-02', 12)!.lagging).toBe(true);
  });

  test('the lag is counted in calendar months: 6 months from 1 September is 1 March; from 31 August, the last day of February', () => {
    const keys = (asOf: string) => [rec(asOf, { allocated: 5, notices: 5, handedOver: 5 })];
    expect(certificateWait(keys('2024-09-01'), '2025-03-01', 6)!.lagging).toBe(false);
    expect(certificateWait(keys('2024-09-01'), '2025-03-02', 6)!.lagging).toBe(true);
    expect(addCalendarMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addCalendarMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addCalendarMonths('2024-12-15', 1)).toBe('2025-01-15');
  });

  test('no keys yet: nothing to say; keys and no certificate: no median, a wait', () => {
    expect(certificateWait([rec('2024-01-01')], '2025-01-01', 12)).toBeNull();
    expect(certificateWait([rec('2024-01-01', { allocated: 5, notices: 5, handedOver: 5 })], '2024-01-31', 12)).toEqual({ medianDays: null, longestWaitingDays: 30, waiting: 5, lagging: false });
  });
});

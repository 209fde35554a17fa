// The household rollup: records as differences, summed per day, and the day all households had keys.
import { allKeysOn, countsOn, householdDelta, householdDeltas, householdFigures, mergeHouseholdChanges } from '../../src/domain/household-changes';
import type { HouseholdCounts } from '../../src/domain/households';

const rec = (asOf: string, c: Partial<HouseholdCounts>): HouseholdCounts => ({ asOf, households: 0, allocated: 0, notices: 0, handedOver: 0, movedIn: 0, certificates: 0, ...c });

test('a batch\'s records become the differences from one to the next; a repeated record adds nothing', () => {
  const d = householdDeltas([rec('2025-03-01', { households: 10, allocated: 8, notices: 6, handedOver: 4 }), rec('2025-01-01', { households: 10, allocated: 5 }), rec('2025-04-01', { households: 10, allocated: 8, notices: 6, handedOver: 4 })]);
  expect(d).toEqual([
    { date: '2025-01-01', households: 10, allocated: 5, notices: 0, handedOver: 0, movedIn: 0, certificates: 0 },
    { date: '2025-03-01', households: 0, allocated: 3, notices: 6, handedOver: 4, movedIn: 0, certificates: 0 },
  ]);
  // a correction downwards is a negative difference
  expect(householdDeltas([rec('2025-01-01', { households: 10, allocated: 5 }), rec('2025-02-01', { households: 10, allocated: 4 })])[1]!.allocated).toBe(-1);
});

test('two batches sum per day; the counts on a day are the sum of the rows up to it', () => {
  const a = householdDeltas([rec('2025-01-01', { households: 10, allocated: 5 }), rec('2025-03-01', { households: 10, allocated: 10, notices: 10, handedOver: 10 })]);
  const b = householdDeltas([rec('2025-02-01', { households: 4, allocated: 4, notices: 4, handedOver: 2 })]);
  const scope = mergeHouseholdChanges([...a, ...b]);
  expect(countsOn(scope, '2024-12-31')).toBeNull();
  expect(countsOn(scope, '2025-02-15')).toEqual({ households: 14, allocated: 9, notices: 4, handedOver: 2, movedIn: 0, certificates: 0 });
  expect(countsOn(scope, '2025-03-01')).toEqual({ households: 14, allocated: 14, notices: 14, handedOver: 12, movedIn: 0, certificates: 0 });
  expect(householdDelta(a, scope)).toEqual(b);
  expect(householdFigures(scope, '2025-02-15')!.rates.handedOver).toEqual({ numerator: 2, denominator: 14, rate: 2 / 14 });
  expect(householdFigures(scope, '2025-02-15')!.asOf).toBe('2025-02-01');
});

test('all keys: the day the keys caught up with the households, and held', () => {
  const a = householdDeltas([rec('2025-01-01', { households: 10, allocated: 10, notices: 10, handedOver: 6 }), rec('2025-05-01', { households: 10, allocated: 10, notices: 10, handedOver: 10 })]);
  const b = householdDeltas([rec('2025-03-01', { households: 5, allocated: 5, notices: 5, handedOver: 5 })]);
  const scope = mergeHouseholdChanges([...a, ...b]);
  // 2025-03-01: 11 keys of 15; 2025-05-01: 15 of 15
  expect(allKeysOn(scope, '2025-04-30')).toBeNull();
  expect(allKeysOn(scope, '2025-06-01')).toBe('2025-05-01');
  // a batch of 3 more households counted later: they wait again, so the district is no longer complete
  const later = mergeHouseholdChanges([...scope, ...householdDeltas([rec('2025-07-01', { households: 3 })])]);
  expect(allKeysOn(later, '2025-08-01')).toBeNull();
  expect(allKeysOn(later, '2025-06-30')).toBe('2025-05-01');
});

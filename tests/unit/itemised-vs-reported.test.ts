import { compareItemised, roundingHalfWidth, stageOn } from '../../src/domain/itemised-vs-reported';
import type { AreaFacts } from '../../src/domain/types';
import { report } from './facts';

test('a published quantity stands for ± half of its last non-zero digit', () => {
  expect(roundingHalfWidth(14_740_000)).toBe(5_000); // 1474万: to the nearest 10,000
  expect(roundingHalfWidth(101_800)).toBe(50); // to the nearest 100
  expect(roundingHalfWidth(108_700)).toBe(50);
  expect(roundingHalfWidth(12_345)).toBe(0); // every digit given: exact
  expect(roundingHalfWidth(0)).toBe(0);
  expect(roundingHalfWidth(2.5)).toBe(0); // not a whole number: taken as exact
});

test('a building\'s stage on a date is its latest event by then, the furthest on a day with several', () => {
  const e = (stage: 'structure' | 'topped_out' | 'finishing' | 'foundation', date: string) => ({ buildingId: 1, stage, date });
  const events = [e('foundation', '2024-01-01'), e('structure', '2024-02-01'), e('finishing', '2024-03-01'), e('topped_out', '2024-03-01')];
  expect(stageOn(events, '2023-12-31')).toBe('planned');
  expect(stageOn(events, '2024-01-01')).toBe('foundation'); // an event on the day counts
  expect(stageOn(events, '2024-02-15')).toBe('structure');
  expect(stageOn(events, '2024-03-01')).toBe('finishing');
  // a later, lower event is a correction and wins
  expect(stageOn([...events, e('structure', '2024-04-01')], '2024-05-01')).toBe('structure');
});

describe('compareItemised', () => {
  const area = (over: Partial<AreaFacts> = {}): AreaFacts => ({ plannedAreaM2: 10_000, startedAreaM2: 8_000, deliveredAreaM2: 2_000, plannedAreaBasis: 'buildings', areaPartial: false, ...over });
  const dated = (started: number, delivered: number) => ({ startedOn: () => started, deliveredOn: () => delivered });

  test('only what both sides give is compared', () => {
    expect(compareItemised({ area: area(), ...dated(8000, 2000) }, report({ startedAreaM2: 8000 })).map((f) => f.code)).toEqual(['itemised_agrees']);
    expect(compareItemised({ area: area({ plannedAreaM2: null }), ...dated(8000, 2000) }, report({ startedAreaM2: 8000 }))).toEqual([]);
  });

  test('a lower bound below the report says nothing; above it, it is a discrepancy', () => {
    const partial = area({ plannedAreaBasis: 'buildings', areaPartial: true });
    expect(compareItemised({ area: partial, ...dated(5000, 0) }, report({ startedAreaM2: 8000 }))).toEqual([]);
    expect(compareItemised({ area: partial, ...dated(9000, 0) }, report({ startedAreaM2: 8000 }))[0]).toMatchObject({ code: 'itemised_differs', itemised: 9000, reported: 8000 });
  });

  test('a planned area that stands for unregistered buildings has no dated history: only the planned area is compared', () => {
    const findings = compareItemised({ area: area({ plannedAreaBasis: 'project' }), ...dated(1, 1) }, report({ plannedAreaM2: 10_000, startedAreaM2: 99, deliveredAreaM2: 99 }));
    expect(findings.map((f) => [f.code, (f as { field: string }).field])).toEqual([['itemised_agrees', 'plannedAreaM2']]);
  });
});

import { compareItemised, roundingHalfWidth } from '../../src/domain/itemised-vs-reported';
import { stageDays } from '../../src/domain/tally';
import { changesOf } from './facts';
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

test('a building\'s stage days: its latest event of each day (the furthest on a day with several), in date order', () => {
  const e = (stage: 'structure' | 'topped_out' | 'finishing' | 'foundation', date: string) => ({ stage, date });
  const events = [e('finishing', '2024-03-01'), e('foundation', '2024-01-01'), e('topped_out', '2024-03-01'), e('structure', '2024-02-01')];
  expect(stageDays(events, { stage: 'finishing', stageDate: '2024-03-01' })).toEqual([
    { date: '2024-01-01', stage: 'foundation' }, { date: '2024-02-01', stage: 'structure' }, { date: '2024-03-01', stage: 'finishing' },
  ]);
  // a later, lower event is a correction and stays
  expect(stageDays([...events, e('structure', '2024-04-01')], { stage: 'structure', stageDate: null }).at(-1)).toEqual({ date: '2024-04-01', stage: 'structure' });
  // without events: the building's own stage from its stage date, or from the beginning when undated; planned is no day at all
  expect(stageDays([], { stage: 'topped_out', stageDate: '2023-11-08' })).toEqual([{ date: '2023-11-08', stage: 'topped_out' }]);
  expect(stageDays([], { stage: 'topped_out', stageDate: null })).toEqual([{ date: '0000-01-01', stage: 'topped_out' }]);
  expect(stageDays([], { stage: 'planned', stageDate: '2023-11-08' })).toEqual([]);
});

describe('compareItemised', () => {
  const area = (over: Partial<AreaFacts> = {}): AreaFacts => ({ plannedAreaM2: 10_000, startedAreaM2: 8_000, deliveredAreaM2: 2_000, plannedAreaBasis: 'buildings', areaPartial: false, ...over });
  /** Changes of two buildings (6,000 m² and 4,000 m²) with `started` of them started and `delivered` delivered by 2024-01-01. */
  const dated = (started: number, delivered: number) => {
    const stage = (i: number) => (i < delivered ? 'delivered' : i < started ? 'structure' : 'planned') as 'delivered' | 'structure' | 'planned';
    const buildings = [{ id: 1, floorAreaM2: 6000, stage: stage(0) }, { id: 2, floorAreaM2: 4000, stage: stage(1) }];
    return { changes: changesOf(buildings, buildings.filter((b) => b.stage !== 'planned').map((b) => ({ buildingId: b.id, stage: b.stage, date: '2024-01-01' }))) };
  };

  test('only what both sides give is compared', () => {
    expect(compareItemised({ area: area(), ...dated(2, 1) }, report({ asOf: '2024-01-01', startedAreaM2: 10_000 })).map((f) => f.code)).toEqual(['itemised_agrees']);
    expect(compareItemised({ area: area({ plannedAreaM2: null }), ...dated(2, 1) }, report({ asOf: '2024-01-01', startedAreaM2: 10_000 }))).toEqual([]);
  });

  test('a lower bound below the report says nothing; above it, it is a discrepancy', () => {
    const partial = area({ plannedAreaBasis: 'buildings', areaPartial: true });
    // started then: 6,000 m² (one building) against a reported 8,000: a lower bound below it says nothing
    expect(compareItemised({ area: partial, ...dated(1, 0) }, report({ asOf: '2024-01-01', startedAreaM2: 8000 }))).toEqual([]);
    // both started, 10,000 m², against a reported 8,000 (±500): above it, a discrepancy
    expect(compareItemised({ area: partial, ...dated(2, 0) }, report({ asOf: '2024-01-01', startedAreaM2: 8000 }))[0]).toMatchObject({ code: 'itemised_differs', itemised: 10_000, reported: 8000 });
  });

  test('a planned area that stands for unregistered buildings has no dated history: only the planned area is compared', () => {
    const findings = compareItemised({ area: area({ plannedAreaBasis: 'project' }), ...dated(2, 2) }, report({ asOf: '2024-01-01', plannedAreaM2: 10_000, startedAreaM2: 99, deliveredAreaM2: 99 }));
    expect(findings.map((f) => [f.code, (f as { field: string }).field])).toEqual([['itemised_agrees', 'plannedAreaM2']]);
  });
});

describe('Figures rule: itemised and reported figures both shown, a discrepancy flagged', () => {
  const projectArea = (plannedAreaM2: number): AreaFacts => ({ plannedAreaM2, startedAreaM2: null, deliveredAreaM2: null, plannedAreaBasis: 'project', areaPartial: false });
  const planned = (itemised: number) => compareItemised({ area: projectArea(itemised), changes: [] }, report({ asOf: '2024-01-01', plannedAreaM2: 101_800 }));
  const finding = (code: 'itemised_agrees' | 'itemised_differs', field: string, itemised: number, reported: number, reportAsOf = '2024-01-01') => ({
    code, severity: code === 'itemised_agrees' ? 'ok' : 'warning', field, itemised, reported, reportAsOf,
  });

  test('a reported 101,800 m² stands for 101,750–101,850: both ends agree, one m² beyond either differs', () => {
    expect(planned(101_850)).toEqual([finding('itemised_agrees', 'plannedAreaM2', 101_850, 101_800)]);
    expect(planned(101_750)).toEqual([finding('itemised_agrees', 'plannedAreaM2', 101_750, 101_800)]);
    expect(planned(101_851)).toEqual([finding('itemised_differs', 'plannedAreaM2', 101_851, 101_800)]);
    expect(planned(101_749)).toEqual([finding('itemised_differs', 'plannedAreaM2', 101_749, 101_800)]);
  });

  test('a planned area is never a lower bound: below the report is a discrepancy even where the other sums are partial', () => {
    const area = { ...projectArea(90_000), areaPartial: true };
    expect(compareItemised({ area, changes: [] }, report({ asOf: '2024-01-01', plannedAreaM2: 101_800 }))).toEqual([finding('itemised_differs', 'plannedAreaM2', 90_000, 101_800)]);
  });

  test('every building itemised: planned, started and delivered compared, in that order, on the report\'s date', () => {
    // buildings of 6,000 and 4,000 m², both started and the 6,000 m² one delivered on 2024-01-01
    const buildings = [{ id: 1, floorAreaM2: 6000, stage: 'delivered' as const }, { id: 2, floorAreaM2: 4000, stage: 'structure' as const }];
    const changes = changesOf(buildings, buildings.map((b) => ({ buildingId: b.id, stage: b.stage, date: '2024-01-01' })));
    const area: AreaFacts = { plannedAreaM2: 10_000, startedAreaM2: 10_000, deliveredAreaM2: 6_000, plannedAreaBasis: 'buildings', areaPartial: false };
    // reported 10,000 (±5,000), 10,000 and 7,000 (±500): the delivered 6,000 lies below 6,500
    expect(compareItemised({ area, changes }, report({ asOf: '2024-01-01', plannedAreaM2: 10_000, startedAreaM2: 10_000, deliveredAreaM2: 7_000 }))).toEqual([
      finding('itemised_agrees', 'plannedAreaM2', 10_000, 10_000),
      finding('itemised_agrees', 'startedAreaM2', 10_000, 10_000),
      finding('itemised_differs', 'deliveredAreaM2', 6_000, 7_000),
    ]);
    // a report of the day before: nothing had started then (0 reported, exact), so 0 agrees
    expect(compareItemised({ area, changes }, report({ asOf: '2023-12-31', startedAreaM2: 0, deliveredAreaM2: 0 }))).toEqual([
      finding('itemised_agrees', 'startedAreaM2', 0, 0, '2023-12-31'),
      finding('itemised_agrees', 'deliveredAreaM2', 0, 0, '2023-12-31'),
    ]);
  });
});

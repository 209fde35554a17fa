import { historyFromChanges } from '../../src/domain/history';
import { DEFAULT_STAGE_WEIGHTS as W, type BuildingFacts } from '../../src/domain/types';
import { changesOf } from './facts';

const A: BuildingFacts = { id: 1, floorAreaM2: 1000, stage: 'delivered' };
const B: BuildingFacts = { id: 2, floorAreaM2: 3000, stage: 'structure' };
const history = (buildings: BuildingFacts[], events: Parameters<typeof changesOf>[1], asOf = '2030-01-01', basis: 'area' | 'buildings' = 'area') =>
  historyFromChanges(changesOf(buildings, events), W, asOf, basis);

describe('progress history from a scope\'s dated changes', () => {
  it('has no points without events', () => {
    expect(history([A, B], [])).toEqual([]);
  });

  it('gives one area-weighted point per day with events, in date order', () => {
    const points = history([A, B], [
      { buildingId: 2, stage: 'structure', date: '2023-06-01' },
      { buildingId: 1, stage: 'foundation', date: '2023-01-10' },
      { buildingId: 1, stage: 'delivered', date: '2023-06-01' },
      { buildingId: 2, stage: 'foundation', date: '2023-03-01' },
    ]);
    expect(points.map((p) => p.date)).toEqual(['2023-01-10', '2023-03-01', '2023-06-01']);
    // B still planned on 2023-01-10: 1000×0.10 / 4000
    expect(points[0]?.progress).toBeCloseTo(0.025, 12);
    expect(points[1]?.progress).toBeCloseTo((1000 * 0.1 + 3000 * 0.1) / 4000, 12);
    expect(points[2]?.progress).toBeCloseTo((1000 * 1 + 3000 * 0.35) / 4000, 12);
  });

  it('takes the furthest stage reached on a day with several events', () => {
    expect(history([A], [{ buildingId: 1, stage: 'topped_out', date: '2023-05-01' }, { buildingId: 1, stage: 'structure', date: '2023-05-01' }]))
      .toEqual([{ date: '2023-05-01', progress: 0.6 }]);
  });

  it('lets a later event correct an earlier one', () => {
    const points = history([A], [{ buildingId: 1, stage: 'finishing', date: '2023-05-01' }, { buildingId: 1, stage: 'topped_out', date: '2023-05-10' }]);
    expect(points.map((p) => p.progress)).toEqual([0.75, 0.6]);
  });

  it('a day that confirms a stage again is a point too (what a stall looks like)', () => {
    const points = history([A], [{ buildingId: 1, stage: 'structure', date: '2023-05-01' }, { buildingId: 1, stage: 'structure', date: '2023-08-01' }]);
    expect(points).toEqual([{ date: '2023-05-01', progress: 0.35 }, { date: '2023-08-01', progress: 0.35 }]);
  });

  it('counts by buildings when told to (an area is unknown)', () => {
    const unknown: BuildingFacts = { id: 3, floorAreaM2: null, stage: 'planned' };
    expect(history([A, unknown], [{ buildingId: 1, stage: 'delivered', date: '2023-07-01' }], '2030-01-01', 'buildings')).toEqual([{ date: '2023-07-01', progress: 0.5 }]);
  });

  it('stops at asOf: what is dated later is not known yet', () => {
    const points = history([A], [{ buildingId: 1, stage: 'foundation', date: '2023-02-01' }, { buildingId: 1, stage: 'structure', date: '2023-04-01' }], '2023-03-31');
    expect(points).toEqual([{ date: '2023-02-01', progress: 0.1 }]);
  });
});

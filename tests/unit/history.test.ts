import { progressHistory } from '../../src/domain/history';
import { DEFAULT_STAGE_WEIGHTS as W, type BuildingFacts } from '../../src/domain/types';

const A: BuildingFacts = { id: 1, floorAreaM2: 1000, stage: 'delivered' };
const B: BuildingFacts = { id: 2, floorAreaM2: 3000, stage: 'structure' };

describe('progressHistory', () => {
  it('returns no points without events', () => {
    expect(progressHistory([A, B], [], W)).toEqual([]);
  });

  it('gives one area-weighted point per distinct date, in date order', () => {
    const points = progressHistory(
      [A, B],
      [
        { buildingId: 2, stage: 'structure', date: '2023-06-01' },
        { buildingId: 1, stage: 'foundation', date: '2023-01-10' },
        { buildingId: 1, stage: 'delivered', date: '2023-06-01' },
        { buildingId: 2, stage: 'foundation', date: '2023-03-01' },
      ],
      W,
    );
    expect(points.map((p) => p.date)).toEqual(['2023-01-10', '2023-03-01', '2023-06-01']);
    // B still planned on 2023-01-10: 1000×0.10 / 4000
    expect(points[0]?.progress).toBeCloseTo(0.025, 12);
    expect(points[1]?.progress).toBeCloseTo((1000 * 0.1 + 3000 * 0.1) / 4000, 12);
    expect(points[2]?.progress).toBeCloseTo((1000 * 1 + 3000 * 0.35) / 4000, 12);
  });

  it('takes the furthest stage reached on a day with several events', () => {
    const points = progressHistory(
      [A],
      [
        { buildingId: 1, stage: 'topped_out', date: '2023-05-01' },
        { buildingId: 1, stage: 'structure', date: '2023-05-01' },
      ],
      W,
    );
    expect(points).toEqual([{ date: '2023-05-01', progress: 0.6 }]);
  });

  it('lets a later event correct an earlier one', () => {
    const points = progressHistory(
      [A],
      [
        { buildingId: 1, stage: 'finishing', date: '2023-05-01' },
        { buildingId: 1, stage: 'topped_out', date: '2023-05-10' },
      ],
      W,
    );
    expect(points.map((p) => p.progress)).toEqual([0.75, 0.6]);
  });

  it('counts by buildings when an area is unknown', () => {
    const unknown: BuildingFacts = { id: 3, floorAreaM2: null, stage: 'planned' };
    const events = [{ buildingId: 1, stage: 'delivered' as const, date: '2023-07-01' }];
    const points = progressHistory([A, unknown], events, W);
    expect(points).toEqual([{ date: '2023-07-01', progress: 0.5 }]);
  });

  it('ignores events for buildings outside the scope, including their dates', () => {
    const points = progressHistory(
      [A],
      [
        { buildingId: 99, stage: 'delivered', date: '2023-01-01' },
        { buildingId: 1, stage: 'foundation', date: '2023-02-01' },
      ],
      W,
    );
    expect(points).toEqual([{ date: '2023-02-01', progress: 0.1 }]);
    const foreignOnly = [{ buildingId: 99, stage: 'delivered' as const, date: '2023-01-01' }];
    expect(progressHistory([A], foreignOnly, W)).toEqual([]);
  });
});

import { combineScopes, computeScopeFigures, projectArea, ratio } from '../../src/domain/progress';
import { DEFAULT_STAGE_WEIGHTS as W } from '../../src/domain/types';
import { building, scope, tallyOf } from './facts';

describe('combineScopes: rollup is area-weighted, not a mean of children', () => {
  const small = scope({ buildings: [building('delivered', 1000)] });
  const big = scope({ buildings: [building('planned', 9000)] });

  it('a 1000 m² building at 100 and a 9000 m² building at 0 give 0.1, not 0.5', () => {
    const batchFigures = [small, big].map((s) => computeScopeFigures(s, W).constructionProgress);
    expect(batchFigures).toEqual([1, 0]);
    const f = computeScopeFigures(combineScopes([small, big]), W);
    expect(f.constructionProgress).toBeCloseTo(0.1, 12);
    expect(f.deliveryRate).toBeCloseTo(0.1, 12);
  });

  it('rolls up batch → project → village → district with the same answer', () => {
    const project = combineScopes([small, big]);
    const aggregateOnly = scope({ area: projectArea(10_000, tallyOf([]), { started: true, delivered: false }) });
    const village = combineScopes([project, aggregateOnly]);
    const otherVillage = combineScopes([scope({ buildings: [building('topped_out', 5000)] })]);
    const district = computeScopeFigures(combineScopes([village, otherVillage]), W);
    expect(district.plannedAreaM2).toBe(25_000);
    expect(district.startedAreaM2).toBe(16_000);
    expect(district.deliveredAreaM2).toBe(1000);
    expect(district.startRate).toBeCloseTo(0.64, 12);
    // Progress over itemised buildings only: (1000×1 + 9000×0 + 5000×0.6) / 15000
    expect(district.constructionProgress).toBeCloseTo(4000 / 15000, 12);
    expect(district.buildingCount).toBe(3);
    expect(district.plannedAreaBasis).toBe('mixed');
  });

  it('one child of unknown area makes the sum unknown; a partial child makes the sum partial', () => {
    const unknown = scope({ buildings: [building('structure', null)] });
    expect(computeScopeFigures(combineScopes([small, unknown]), W).plannedAreaM2).toBeNull();
    const partial = scope({ area: projectArea(5000, tallyOf([building('delivered', 1000)]), { started: true, delivered: false }) });
    const f = computeScopeFigures(combineScopes([small, partial]), W);
    expect([f.plannedAreaM2, f.deliveredAreaM2, f.areaPartial]).toEqual([6000, 2000, true]);
  });

  it('sums people only when every child knows them', () => {
    const a = scope({
      peopleEntitled: 100,
      peopleReturned: 40,
      householdsEntitled: 30,
      householdsReturned: 10,
    });
    const b = scope({
      peopleEntitled: 300,
      peopleReturned: 260,
      householdsEntitled: null,
      householdsReturned: 5,
    });
    const c = combineScopes([a, b]);
    expect(c.peopleEntitled).toBe(400);
    expect(c.peopleReturned).toBe(300);
    expect(c.householdsEntitled).toBeNull();
    expect(c.householdsReturned).toBe(15);
    expect(computeScopeFigures(c, W).peopleReturnRate).toBe(0.75);
  });

  it('an empty list is an empty scope with unknown people', () => {
    expect(combineScopes([])).toEqual(scope());
  });
});

describe('ratio', () => {
  it('is null for unknown or zero denominators and finite otherwise', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 5)).toBeNull();
    expect(ratio(5, null)).toBeNull();
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 4)).toBe(0.75);
  });
});

import { computeScopeFigures } from '../../src/domain/progress';
import { DEFAULT_STAGE_WEIGHTS as W, STAGES } from '../../src/domain/types';
import { building, scope } from './facts';

describe('computeScopeFigures: buildings with known areas', () => {
  const batch = scope({
    buildings: [
      building('delivered', 10_000),
      building('landscaping', 20_000),
      building('planned', 10_000),
    ],
  });
  const f = computeScopeFigures(batch, W);

  it('sums planned, started and delivered area', () => {
    expect(f.plannedAreaM2).toBe(40_000);
    expect(f.startedAreaM2).toBe(30_000);
    expect(f.deliveredAreaM2).toBe(10_000);
    expect(f.startRate).toBeCloseTo(0.75, 12);
    expect(f.deliveryRate).toBeCloseTo(0.25, 12);
  });

  it('weights progress by area', () => {
    // (10000×100 + 20000×90 + 10000×0) / 40000 / 100
    expect(f.constructionProgress).toBeCloseTo(0.7, 12);
    expect(f.progressBasis).toBe('area');
  });

  it('counts buildings and fills every stage of the distribution', () => {
    expect(f.buildingCount).toBe(3);
    expect(f.buildingsStarted).toBe(2);
    expect(f.buildingsDelivered).toBe(1);
    expect(Object.keys(f.stageDistribution).sort()).toEqual([...STAGES].sort());
    expect(f.stageDistribution.landscaping).toEqual({ buildings: 1, areaM2: 20_000 });
    expect(f.stageDistribution.structure).toEqual({ buildings: 0, areaM2: 0 });
  });

  it('leaves return rates null when people and households are unknown', () => {
    expect(f.peopleReturnRate).toBeNull();
    expect(f.householdReturnRate).toBeNull();
  });

  it('adds unitemised area to the rates but not to progress (its stage is unknown)', () => {
    const mixed = computeScopeFigures(
      scope({
        buildings: [building('delivered', 1000)],
        unitemisedPlannedAreaM2: 3000,
        unitemisedStartedAreaM2: 1000,
        unitemisedDeliveredAreaM2: 0,
      }),
      W,
    );
    expect(mixed.plannedAreaM2).toBe(4000);
    expect(mixed.startedAreaM2).toBe(2000);
    expect(mixed.deliveredAreaM2).toBe(1000);
    expect(mixed.startRate).toBe(0.5);
    expect(mixed.deliveryRate).toBe(0.25);
    expect(mixed.constructionProgress).toBe(1);
  });
});

describe('computeScopeFigures: edge cases', () => {
  it('everything delivered gives progress 1 and delivery rate 1', () => {
    const f = computeScopeFigures(
      scope({ buildings: [building('delivered', 5000), building('delivered', 7000)] }),
      W,
    );
    expect(f.constructionProgress).toBe(1);
    expect(f.deliveryRate).toBe(1);
    expect(f.startRate).toBe(1);
    expect(f.buildingsDelivered).toBe(2);
  });

  it('mixed known and unknown areas: counts by buildings, area figures unknown', () => {
    const f = computeScopeFigures(
      scope({
        buildings: [building('topped_out', 8000), building('structure', null)],
        unitemisedPlannedAreaM2: 5000,
      }),
      W,
    );
    expect(f.progressBasis).toBe('buildings');
    expect(f.constructionProgress).toBeCloseTo((0.6 + 0.35) / 2, 12);
    expect(f.plannedAreaM2).toBeNull();
    expect(f.startedAreaM2).toBeNull();
    expect(f.deliveredAreaM2).toBeNull();
    expect(f.startRate).toBeNull();
    expect(f.deliveryRate).toBeNull();
    expect(f.buildingsStarted).toBe(2);
    expect(f.stageDistribution.structure).toEqual({ buildings: 1, areaM2: 0 });
    expect(f.stageDistribution.topped_out).toEqual({ buildings: 1, areaM2: 8000 });
  });

  it('Zhao village batch 1: 8 buildings of unknown area in landscaping', () => {
    const buildings = Array.from({ length: 8 }, () => building('landscaping', null));
    const f = computeScopeFigures(scope({ buildings }), W);
    expect(f.constructionProgress).toBeCloseTo(0.9, 12);
    expect(f.progressBasis).toBe('buildings');
    expect(f.stageDistribution.landscaping.buildings).toBe(8);
  });

  it('no buildings yet and nothing planned: nothing computable', () => {
    const f = computeScopeFigures(scope(), W);
    expect(f.progressBasis).toBe('none');
    expect(f.constructionProgress).toBeNull();
    expect(f.plannedAreaM2).toBeNull();
    expect(f.startedAreaM2).toBeNull();
    expect(f.deliveredAreaM2).toBeNull();
    expect(f.startRate).toBeNull();
    expect(f.deliveryRate).toBeNull();
    expect(f.buildingCount).toBe(0);
  });

  it('a project known only by its reported aggregate gives area rates but no progress', () => {
    // The Zhao village collective affordable-housing project: 101,800 m² planned, just started.
    const f = computeScopeFigures(
      scope({
        unitemisedPlannedAreaM2: 101_800,
        unitemisedStartedAreaM2: 101_800,
        unitemisedDeliveredAreaM2: 0,
      }),
      W,
    );
    expect(f.progressBasis).toBe('none');
    expect(f.constructionProgress).toBeNull();
    expect(f.plannedAreaM2).toBe(101_800);
    expect(f.startRate).toBe(1);
    expect(f.deliveryRate).toBe(0);
  });

  it('zero planned area gives null rates, never NaN', () => {
    const f = computeScopeFigures(scope({ buildings: [building('planned', 0)] }), W);
    expect(f.plannedAreaM2).toBe(0);
    expect(f.startRate).toBeNull();
    expect(f.deliveryRate).toBeNull();
    // All areas are 0, so progress falls back to counting buildings.
    expect(f.progressBasis).toBe('buildings');
    expect(f.constructionProgress).toBe(0);
  });

  it('return rates from people and households; zero entitled gives null', () => {
    const f = computeScopeFigures(
      scope({
        peopleEntitled: 2000,
        peopleReturned: 1500,
        householdsEntitled: 0,
        householdsReturned: 0,
      }),
      W,
    );
    expect(f.peopleReturnRate).toBe(0.75);
    expect(f.householdReturnRate).toBeNull();
  });

  it('honours custom weights', () => {
    const f = computeScopeFigures(scope({ buildings: [building('structure', 100)] }), {
      ...W,
      structure: 50,
    });
    expect(f.constructionProgress).toBe(0.5);
  });
});

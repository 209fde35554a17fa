import { computeScopeFigures, projectArea } from '../../src/domain/progress';
import { DEFAULT_STAGE_WEIGHTS as W, STAGES } from '../../src/domain/types';
import { building, scope, tallyOf } from './facts';

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

  it('a project larger than its registered buildings: the rates use its planned area, the itemised areas are lower bounds', () => {
    // 4000 m² planned; one registered building of 1000 m², delivered. 3000 m² are not itemised yet.
    const mixed = computeScopeFigures(
      scope({ buildings: [building('delivered', 1000)], area: projectArea(4000, tallyOf([building('delivered', 1000)]), { started: true, delivered: false }) }),
      W,
    );
    expect(mixed.plannedAreaM2).toBe(4000);
    expect(mixed.plannedAreaBasis).toBe('project');
    expect(mixed.startedAreaM2).toBe(1000);
    expect(mixed.deliveredAreaM2).toBe(1000);
    expect(mixed.areaPartial).toBe(true);
    expect(mixed.startRate).toBe(0.25);
    expect(mixed.deliveryRate).toBe(0.25);
    expect(mixed.constructionProgress).toBe(1); // over the registered building only
  });
});

describe('projectArea: which planned area the rates use', () => {
  it('buildings that all have an area and reach the planned floor area: their sum, exact', () => {
    const a = projectArea(30_000, tallyOf([building('delivered', 10_000), building('planned', 25_000)]), { started: true, delivered: false });
    expect(a).toEqual({ plannedAreaM2: 35_000, startedAreaM2: 10_000, deliveredAreaM2: 10_000, plannedAreaBasis: 'buildings', areaPartial: false });
  });

  it('buildings with areas but no planned floor area: their sum', () => {
    expect(projectArea(null, tallyOf([building('structure', 8000)]), { started: false, delivered: false }))
      .toEqual({ plannedAreaM2: 8000, startedAreaM2: 8000, deliveredAreaM2: 0, plannedAreaBasis: 'buildings', areaPartial: false });
  });

  it('a 50,000 m² project with one building of unknown area: rates on 50,000 m², started at least 0 (not unknown)', () => {
    const a = projectArea(50_000, tallyOf([building('structure', null)]), { started: true, delivered: false });
    expect(a).toEqual({ plannedAreaM2: 50_000, startedAreaM2: 0, deliveredAreaM2: 0, plannedAreaBasis: 'project', areaPartial: true });
  });

  it('18万㎡ planned, 4.8万㎡ registered in two started buildings and one of unknown area: 48,000 of 180,000 at least', () => {
    const a = projectArea(180_000, tallyOf([building('topped_out', 30_000), building('foundation', 18_000), building('planned', null)]), { started: true, delivered: false });
    expect(a).toEqual({ plannedAreaM2: 180_000, startedAreaM2: 48_000, deliveredAreaM2: 0, plannedAreaBasis: 'project', areaPartial: true });
  });

  it('no buildings: the planned area as one block, started or delivered as the project is (exact)', () => {
    expect(projectArea(101_800, tallyOf([]), { started: true, delivered: false }))
      .toEqual({ plannedAreaM2: 101_800, startedAreaM2: 101_800, deliveredAreaM2: 0, plannedAreaBasis: 'project', areaPartial: false });
    expect(projectArea(101_800, tallyOf([]), { started: false, delivered: false }))
      .toEqual({ plannedAreaM2: 101_800, startedAreaM2: 0, deliveredAreaM2: 0, plannedAreaBasis: 'project', areaPartial: false });
    expect(projectArea(101_800, tallyOf([]), { started: true, delivered: true }))
      .toEqual({ plannedAreaM2: 101_800, startedAreaM2: 101_800, deliveredAreaM2: 101_800, plannedAreaBasis: 'project', areaPartial: false });
  });

  it('a delivered project counts all of its planned area delivered, whatever is registered', () => {
    expect(projectArea(20_000, tallyOf([building('finishing', 5000)]), { started: true, delivered: true }))
      .toEqual({ plannedAreaM2: 20_000, startedAreaM2: 20_000, deliveredAreaM2: 20_000, plannedAreaBasis: 'project', areaPartial: false });
  });

  it('unknown areas and no planned floor area: nothing to count (progress falls back to buildings)', () => {
    expect(projectArea(null, tallyOf([building('structure', null), building('delivered', 900)]), { started: true, delivered: false }).plannedAreaM2).toBeNull();
    expect(projectArea(null, tallyOf([]), { started: true, delivered: false }).plannedAreaM2).toBeNull();
  });

  it('itemised areas never exceed the planned area they are a part of', () => {
    const a = projectArea(10_000, tallyOf([building('delivered', 6000), building('delivered', 6000), building('planned', null)]), { started: true, delivered: false });
    expect([a.plannedAreaM2, a.startedAreaM2, a.deliveredAreaM2]).toEqual([10_000, 10_000, 10_000]);
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

  it('a batch with known and unknown areas: counts by buildings, area figures unknown', () => {
    const f = computeScopeFigures(scope({ buildings: [building('topped_out', 8000), building('structure', null)] }), W);
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
    const f = computeScopeFigures(scope({ area: projectArea(101_800, tallyOf([]), { started: true, delivered: false }) }), W);
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

import fc from 'fast-check';
import { rateInterval } from '../../src/domain/consistency';
import { addDays, daysBetween } from '../../src/domain/dates';
import { forecastCompletion } from '../../src/domain/forecast';
import { combineScopes, computeScopeFigures, itemisedArea, projectArea } from '../../src/domain/progress';
import { DEFAULT_STAGE_WEIGHTS as W, STAGES, type ScopeFacts } from '../../src/domain/types';
import { tallyOf } from './facts';

const area = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 200_000 }));
const buildingArb = fc.record({
  id: fc.nat(),
  floorAreaM2: area,
  stage: fc.constantFrom(...STAGES),
});

// Valid scopes: unitemised started ≤ planned, delivered ≤ started, returned ≤ entitled.
const scopeArb: fc.Arbitrary<ScopeFacts> = fc
  .record({
    buildings: fc.array(buildingArb, { maxLength: 12 }),
    planned: fc.integer({ min: 0, max: 1_000_000 }),
    startedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    deliveredShare: fc.double({ min: 0, max: 1, noNaN: true }),
    entitled: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 50_000 })),
    returnedShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ buildings, planned, startedShare, deliveredShare, entitled, returnedShare }) => {
    const started = Math.floor(planned * startedShare);
    const returned = entitled === null ? null : Math.floor(entitled * returnedShare);
    const tally = tallyOf(buildings);
    return {
      tally,
      area: projectArea(planned, tally, { started: started > 0, delivered: deliveredShare === 1 }),
      peopleEntitled: entitled,
      peopleReturned: returned,
      householdsEntitled: entitled,
      householdsReturned: returned,
    };
  });

function isFraction(x: number | null): boolean {
  return x === null || (Number.isFinite(x) && x >= 0 && x <= 1 + 1e-12);
}

describe('properties of the progress engine', () => {
  it('rates and progress are fractions in [0, 1] or null, never NaN', () => {
    fc.assert(
      fc.property(fc.array(scopeArb, { maxLength: 4 }), (scopes) => {
        const f = computeScopeFigures(combineScopes(scopes), W);
        for (const x of [
          f.startRate,
          f.deliveryRate,
          f.constructionProgress,
          f.peopleReturnRate,
          f.householdReturnRate,
        ]) {
          expect(isFraction(x)).toBe(true);
        }
        expect(f.buildingsDelivered).toBeLessThanOrEqual(f.buildingsStarted);
        expect(f.buildingsStarted).toBeLessThanOrEqual(f.buildingCount);
      }),
    );
  });

  it('rolled-up progress lies between the least and most advanced child (area-weighted)', () => {
    const knownArea = fc.record({
      id: fc.nat(),
      floorAreaM2: fc.integer({ min: 1, max: 200_000 }),
      stage: fc.constantFrom(...STAGES),
    });
    const child = fc
      .array(knownArea, { minLength: 1, maxLength: 6 })
      .map((buildings) => { const tally = tallyOf(buildings); return { ...combineScopes([]), tally, area: itemisedArea(tally) }; });
    fc.assert(
      fc.property(fc.array(child, { minLength: 1, maxLength: 5 }), (children) => {
        const each = children.map((c) => computeScopeFigures(c, W).constructionProgress ?? NaN);
        const whole = computeScopeFigures(combineScopes(children), W);
        expect(whole.progressBasis).toBe('area');
        expect(whole.constructionProgress).toBeGreaterThanOrEqual(Math.min(...each) - 1e-12);
        expect(whole.constructionProgress).toBeLessThanOrEqual(Math.max(...each) + 1e-12);
        const counted = STAGES.reduce((n, s) => n + whole.stageDistribution[s].buildings, 0);
        expect(counted).toBe(whole.buildingCount);
      }),
    );
  });

  it('a published rate always lies inside its own interval, within [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (permille) => {
        const rate = permille / 1000;
        const { min, max } = rateInterval(rate);
        expect(min).toBeLessThanOrEqual(rate);
        expect(max).toBeGreaterThanOrEqual(rate);
        expect(min).toBeGreaterThanOrEqual(0);
        expect(max).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('a forecast is never before the last point used, and where there is none it says why', () => {
    const pointArb = fc.record({
      date: fc.integer({ min: 0, max: 2000 }).map((d) => addDays('2020-01-01', d)),
      progress: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(pointArb, { maxLength: 10 }), (points) => {
        const f = forecastCompletion(points, '2030-01-01');
        const lastDate = points.map((p) => p.date).sort().at(-1) ?? '';
        if (f.kind === 'forecast') {
          expect(f.date >= lastDate).toBe(true);
          expect(f.ratePerDay).toBeGreaterThan(0);
        } else {
          expect(['too_few_points', 'too_short_span', 'no_progress', 'complete']).toContain(f.reason);
        }
      }),
    );
  });

  it('rising progress over a month or more always gives a forecast, on or after the last point', () => {
    // 3–10 points over a month or more, a week to four months apart, each at least 1 point higher
    // (so 100 % is within a century).
    const rising = fc
      .array(fc.record({ gap: fc.integer({ min: 7, max: 120 }), step: fc.double({ min: 0.01, max: 0.08, noNaN: true }) }), { minLength: 3, maxLength: 10 })
      .map((steps) => {
        let day = 0;
        let progress = 0.05;
        return steps.map(({ gap, step }, i) => {
          if (i > 0) { day += gap; progress += step; }
          return { date: addDays('2021-01-01', day), progress };
        });
      })
      .filter((pts) => pts.at(-1)!.progress < 1 && daysBetween(pts[0]!.date, pts.at(-1)!.date) >= 30);
    fc.assert(
      fc.property(rising, (points) => {
        const f = forecastCompletion(points, '2030-01-01', { windowDays: 100_000 });
        expect(f.kind).toBe('forecast');
        if (f.kind === 'forecast') expect(f.date >= points.at(-1)!.date).toBe(true);
      }),
    );
  });
});

// Figures for one scope (batch → district). Everything rolls up from buildings and raw
// quantities, never from children's rates, so a big building counts for more than a small one.
import {
  STAGES,
  type BuildingFacts,
  type ProgressBasis,
  type ScopeFacts,
  type ScopeFigures,
  type Stage,
  type StageWeights,
} from './types';
import { isDelivered, isStarted } from './stages';

/** numerator / denominator; null when unknown or the denominator is 0 (never NaN or ∞). */
export function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  const r = numerator / denominator;
  return Number.isFinite(r) ? r : null;
}

function hasKnownArea(b: Pick<BuildingFacts, 'floorAreaM2'>): b is { floorAreaM2: number } {
  return b.floorAreaM2 !== null;
}

/**
 * Progress of a set of buildings: area-weighted when every area is known and some is positive,
 * otherwise the mean over buildings (sources often give only "8 buildings").
 */
export function buildingsProgress(
  buildings: readonly Pick<BuildingFacts, 'floorAreaM2' | 'stage'>[],
  weights: StageWeights,
): { progress: number | null; basis: ProgressBasis } {
  if (buildings.length === 0) return { progress: null, basis: 'none' };
  const totalArea = buildings.every(hasKnownArea)
    ? buildings.reduce((sum, b) => sum + (b.floorAreaM2 ?? 0), 0)
    : null;
  if (totalArea !== null && totalArea > 0) {
    const done = buildings.reduce((sum, b) => sum + (b.floorAreaM2 ?? 0) * weights[b.stage], 0);
    return { progress: done / 100 / totalArea, basis: 'area' };
  }
  const done = buildings.reduce((sum, b) => sum + weights[b.stage], 0);
  return { progress: done / 100 / buildings.length, basis: 'buildings' };
}

function emptyDistribution(): Record<Stage, { buildings: number; areaM2: number }> {
  const dist = {} as Record<Stage, { buildings: number; areaM2: number }>;
  for (const stage of STAGES) dist[stage] = { buildings: 0, areaM2: 0 };
  return dist;
}

function sumArea(buildings: readonly BuildingFacts[]): number {
  return buildings.reduce((sum, b) => sum + (b.floorAreaM2 ?? 0), 0);
}

/** Planned / started / delivered m²; null when a building's area is unknown (a partial sum misleads). */
function areaFigures(scope: ScopeFacts): {
  planned: number | null;
  started: number | null;
  delivered: number | null;
} {
  const { buildings } = scope;
  const none = { planned: null, started: null, delivered: null };
  if (!buildings.every(hasKnownArea)) return none;
  if (buildings.length === 0 && scope.unitemisedPlannedAreaM2 === 0) return none;
  return {
    planned: sumArea(buildings) + scope.unitemisedPlannedAreaM2,
    started: sumArea(buildings.filter((b) => isStarted(b.stage))) + scope.unitemisedStartedAreaM2,
    delivered:
      sumArea(buildings.filter((b) => isDelivered(b.stage))) + scope.unitemisedDeliveredAreaM2,
  };
}

export function computeScopeFigures(scope: ScopeFacts, weights: StageWeights): ScopeFigures {
  const { buildings } = scope;
  const area = areaFigures(scope);
  const { progress, basis } = buildingsProgress(buildings, weights);
  const stageDistribution = emptyDistribution();
  for (const b of buildings) {
    stageDistribution[b.stage].buildings += 1;
    stageDistribution[b.stage].areaM2 += b.floorAreaM2 ?? 0;
  }
  return {
    plannedAreaM2: area.planned,
    startedAreaM2: area.started,
    deliveredAreaM2: area.delivered,
    startRate: ratio(area.started, area.planned),
    deliveryRate: ratio(area.delivered, area.planned),
    constructionProgress: progress,
    progressBasis: basis,
    buildingCount: buildings.length,
    buildingsStarted: buildings.filter((b) => isStarted(b.stage)).length,
    buildingsDelivered: buildings.filter((b) => isDelivered(b.stage)).length,
    stageDistribution,
    peopleReturnRate: ratio(scope.peopleReturned, scope.peopleEntitled),
    householdReturnRate: ratio(scope.householdsReturned, scope.householdsEntitled),
  };
}

/** Unknown in any child makes the total unknown: a sum skipping a village would look complete. */
function sumKnown(values: readonly (number | null)[]): number | null {
  if (values.length === 0) return null;
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** One scope standing for several (projects of a village, villages of a district). */
export function combineScopes(scopes: readonly ScopeFacts[]): ScopeFacts {
  return {
    buildings: scopes.flatMap((s) => s.buildings),
    unitemisedPlannedAreaM2: scopes.reduce((sum, s) => sum + s.unitemisedPlannedAreaM2, 0),
    unitemisedStartedAreaM2: scopes.reduce((sum, s) => sum + s.unitemisedStartedAreaM2, 0),
    unitemisedDeliveredAreaM2: scopes.reduce((sum, s) => sum + s.unitemisedDeliveredAreaM2, 0),
    peopleEntitled: sumKnown(scopes.map((s) => s.peopleEntitled)),
    peopleReturned: sumKnown(scopes.map((s) => s.peopleReturned)),
    householdsEntitled: sumKnown(scopes.map((s) => s.householdsEntitled)),
    householdsReturned: sumKnown(scopes.map((s) => s.householdsReturned)),
  };
}

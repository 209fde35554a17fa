// Figures for one scope (batch → district). Everything rolls up from buildings and raw
// quantities, never from children's rates, so a big building counts for more than a small one.
import {
  STAGES,
  type AreaFacts,
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

function sumArea(buildings: readonly Pick<BuildingFacts, 'floorAreaM2'>[]): number {
  return buildings.reduce((sum, b) => sum + (b.floorAreaM2 ?? 0), 0);
}

const NO_AREA: AreaFacts = { plannedAreaM2: null, startedAreaM2: null, deliveredAreaM2: null, plannedAreaBasis: null, areaPartial: false };

/** A set of buildings (a batch): the sums when every area is known, else unknown (a partial sum misleads). */
export function itemisedArea(buildings: readonly Pick<BuildingFacts, 'floorAreaM2' | 'stage'>[]): AreaFacts {
  if (buildings.length === 0 || !buildings.every(hasKnownArea)) return NO_AREA;
  return {
    plannedAreaM2: sumArea(buildings),
    startedAreaM2: sumArea(buildings.filter((b) => isStarted(b.stage))),
    deliveredAreaM2: sumArea(buildings.filter((b) => isDelivered(b.stage))),
    plannedAreaBasis: 'buildings',
    areaPartial: false,
  };
}

/**
 * A project: the sum of its buildings when they are all itemised with an area that reaches the
 * project's planned floor area; otherwise the planned floor area, with the itemised started and
 * delivered areas as lower bounds (unless the project as a whole has started or been delivered,
 * which covers all of it). Without buildings or a planned area there is nothing to count.
 */
export function projectArea(
  plannedFloorAreaM2: number | null,
  buildings: readonly Pick<BuildingFacts, 'floorAreaM2' | 'stage'>[],
  whole: { started: boolean; delivered: boolean },
): AreaFacts {
  const itemised = itemisedArea(buildings);
  const planned = plannedFloorAreaM2;
  if (itemised.plannedAreaM2 !== null && (planned === null || itemised.plannedAreaM2 >= planned)) return itemised;
  if (planned === null) return NO_AREA;
  if (whole.delivered) return { plannedAreaM2: planned, startedAreaM2: planned, deliveredAreaM2: planned, plannedAreaBasis: 'project', areaPartial: false };
  const known = buildings.filter(hasKnownArea);
  const delivered = sumArea(known.filter((b) => isDelivered(b.stage)));
  // Started as a whole, but with no buildings registered: all of it has started.
  const started = whole.started && buildings.length === 0 ? planned : sumArea(known.filter((b) => isStarted(b.stage)));
  return {
    plannedAreaM2: planned,
    startedAreaM2: Math.min(planned, started),
    deliveredAreaM2: Math.min(planned, delivered),
    plannedAreaBasis: 'project',
    areaPartial: buildings.length > 0,
  };
}

/** Unknown in any child makes the total unknown: a sum skipping a village would look complete. */
export function sumAreas(parts: readonly AreaFacts[]): AreaFacts {
  if (parts.length === 0 || parts.some((p) => p.plannedAreaM2 === null)) return NO_AREA;
  const bases = new Set(parts.map((p) => p.plannedAreaBasis));
  return {
    plannedAreaM2: parts.reduce((s, p) => s + (p.plannedAreaM2 ?? 0), 0),
    startedAreaM2: parts.reduce((s, p) => s + (p.startedAreaM2 ?? 0), 0),
    deliveredAreaM2: parts.reduce((s, p) => s + (p.deliveredAreaM2 ?? 0), 0),
    plannedAreaBasis: bases.size === 1 ? [...bases][0]! : 'mixed',
    areaPartial: parts.some((p) => p.areaPartial),
  };
}

export function computeScopeFigures(scope: ScopeFacts, weights: StageWeights): ScopeFigures {
  const { buildings, area } = scope;
  const { progress, basis } = buildingsProgress(buildings, weights);
  const stageDistribution = emptyDistribution();
  for (const b of buildings) {
    stageDistribution[b.stage].buildings += 1;
    stageDistribution[b.stage].areaM2 += b.floorAreaM2 ?? 0;
  }
  return {
    plannedAreaM2: area.plannedAreaM2,
    startedAreaM2: area.startedAreaM2,
    deliveredAreaM2: area.deliveredAreaM2,
    plannedAreaBasis: area.plannedAreaBasis,
    areaPartial: area.areaPartial,
    startRate: ratio(area.startedAreaM2, area.plannedAreaM2),
    deliveryRate: ratio(area.deliveredAreaM2, area.plannedAreaM2),
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
    area: sumAreas(scopes.map((s) => s.area)),
    peopleEntitled: sumKnown(scopes.map((s) => s.peopleEntitled)),
    peopleReturned: sumKnown(scopes.map((s) => s.peopleReturned)),
    householdsEntitled: sumKnown(scopes.map((s) => s.householdsEntitled)),
    householdsReturned: sumKnown(scopes.map((s) => s.householdsReturned)),
  };
}

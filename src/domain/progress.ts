// Figures for one scope (batch → district) from its tally: how many buildings and how much known
// area stand at each stage. Everything rolls up from raw quantities, never from children's rates, so
// a big building counts for more than a small one.
import { STAGES, type AreaFacts, type ProgressBasis, type ScopeFacts, type ScopeFigures, type Stage, type StageWeights } from './types';
import { addTallies, totalsOf, type Tally } from './tally';

/** numerator / denominator; null when unknown or the denominator is 0 (never NaN or ∞). */
export function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  const r = numerator / denominator;
  return Number.isFinite(r) ? r : null;
}

/** Area-weighted when every area is known and some is positive; otherwise by buildings (sources often give only "8 buildings"). */
export function progressBasis(t: Tally): ProgressBasis {
  const total = totalsOf(t);
  if (total.buildings === 0) return 'none';
  return total.unknownArea === 0 && total.areaCm2 > 0 ? 'area' : 'buildings';
}

/** Σ weight × share over the stages, as a fraction 0–1, on the basis given (history keeps one basis throughout). */
export function progressOf(t: Tally, weights: StageWeights, basis: ProgressBasis): number | null {
  if (basis === 'none') return null;
  let done = 0;
  let total = 0;
  for (const s of STAGES) {
    const share = basis === 'area' ? t[s].areaCm2 : t[s].buildings;
    done += share * weights[s];
    total += share;
  }
  return total === 0 ? null : done / 100 / total;
}

export function tallyProgress(t: Tally, weights: StageWeights): { progress: number | null; basis: ProgressBasis } {
  const basis = progressBasis(t);
  return { progress: progressOf(t, weights, basis), basis };
}

const NO_AREA: AreaFacts = { plannedAreaM2: null, startedAreaM2: null, deliveredAreaM2: null, plannedAreaBasis: null, areaPartial: false };

const m2 = (cm2: number) => cm2 / 100;

/** Known area past `planned` and at `delivered`, in m² (buildings of unknown area count nothing). */
function knownAreas(t: Tally): { started: number; delivered: number } {
  const total = totalsOf(t).areaCm2;
  return { started: m2(total - t.planned.areaCm2), delivered: m2(t.delivered.areaCm2) };
}

/** A set of buildings (a batch): the sums when every area is known, else unknown (a partial sum misleads). */
export function itemisedArea(t: Tally): AreaFacts {
  const total = totalsOf(t);
  if (total.buildings === 0 || total.unknownArea > 0) return NO_AREA;
  const known = knownAreas(t);
  return { plannedAreaM2: m2(total.areaCm2), startedAreaM2: known.started, deliveredAreaM2: known.delivered, plannedAreaBasis: 'buildings', areaPartial: false };
}

/**
 * A project: the sum of its buildings when they are all itemised with an area that reaches the
 * project's planned floor area; otherwise the planned floor area, with the itemised started and
 * delivered areas as lower bounds (unless the project as a whole has started or been delivered,
 * which covers all of it). Without buildings or a planned area there is nothing to count.
 */
export function projectArea(plannedFloorAreaM2: number | null, t: Tally, whole: { started: boolean; delivered: boolean }): AreaFacts {
  const itemised = itemisedArea(t);
  const planned = plannedFloorAreaM2;
  if (itemised.plannedAreaM2 !== null && (planned === null || itemised.plannedAreaM2 >= planned)) return itemised;
  if (planned === null) return NO_AREA;
  if (whole.delivered) return { plannedAreaM2: planned, startedAreaM2: planned, deliveredAreaM2: planned, plannedAreaBasis: 'project', areaPartial: false };
  const n = totalsOf(t).buildings;
  const known = knownAreas(t);
  // Started as a whole, but with no buildings registered: all of it has started.
  const started = whole.started && n === 0 ? planned : known.started;
  return {
    plannedAreaM2: planned,
    startedAreaM2: Math.min(planned, started),
    deliveredAreaM2: Math.min(planned, known.delivered),
    plannedAreaBasis: 'project',
    areaPartial: n > 0,
  };
}

/** Unknown in any child makes the total unknown: a sum skipping a village would look complete. Sums in the order given. */
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

function distribution(t: Tally): Record<Stage, { buildings: number; areaM2: number }> {
  const dist = {} as Record<Stage, { buildings: number; areaM2: number }>;
  for (const s of STAGES) dist[s] = { buildings: t[s].buildings, areaM2: m2(t[s].areaCm2) };
  return dist;
}

export function computeScopeFigures(scope: ScopeFacts, weights: StageWeights): ScopeFigures {
  const { tally, area } = scope;
  const { progress, basis } = tallyProgress(tally, weights);
  const n = totalsOf(tally).buildings;
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
    buildingCount: n,
    buildingsStarted: n - tally.planned.buildings,
    buildingsDelivered: tally.delivered.buildings,
    stageDistribution: distribution(tally),
    peopleReturnRate: ratio(scope.peopleReturned, scope.peopleEntitled),
    householdReturnRate: ratio(scope.householdsReturned, scope.householdsEntitled),
  };
}

/** Unknown in any child makes the total unknown: a sum skipping a village would look complete. */
export function sumKnown(values: readonly (number | null)[]): number | null {
  if (values.length === 0) return null;
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** One scope standing for several (projects of a village, villages of a district), in the order given. */
export function combineScopes(scopes: readonly ScopeFacts[]): ScopeFacts {
  return {
    tally: addTallies(scopes.map((s) => s.tally)),
    area: sumAreas(scopes.map((s) => s.area)),
    peopleEntitled: sumKnown(scopes.map((s) => s.peopleEntitled)),
    peopleReturned: sumKnown(scopes.map((s) => s.peopleReturned)),
    householdsEntitled: sumKnown(scopes.map((s) => s.householdsEntitled)),
    householdsReturned: sumKnown(scopes.map((s) => s.householdsReturned)),
  };
}

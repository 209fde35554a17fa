// Progress over time, rebuilt from stage events: the series forecasts are drawn from.
import type { BuildingFacts, ProgressPoint, Stage, StageEvent, StageWeights } from './types';
import { compareIso } from './dates';
import { stageIndex } from './stages';

/**
 * One point per distinct event date: each building at the latest stage it had reached by then
 * (`planned` before its first event). On a day with several events for one building the furthest
 * stage wins; a later-dated event wins even when lower, since that is how a mistake is corrected.
 */
export function progressHistory(
  buildings: readonly BuildingFacts[],
  events: readonly StageEvent[],
  weights: StageWeights,
): ProgressPoint[] {
  // Stryker disable next-line ConditionalExpression: without buildings no event is relevant and the loop below returns [] too
  if (buildings.length === 0) return [];
  // Running totals instead of re-summing every building at every date: O(events), not
  // O(dates × buildings), which matters at city scale (50,000 buildings).
  const totalArea = buildings.every((b) => b.floorAreaM2 !== null) ? buildings.reduce((s, b) => s + (b.floorAreaM2 ?? 0), 0) : 0;
  const byArea = totalArea > 0;
  const share = new Map(buildings.map((b) => [b.id, byArea ? (b.floorAreaM2 ?? 0) : 1]));
  const denominator = byArea ? totalArea : buildings.length;
  const relevant = events
    .filter((e) => share.has(e.buildingId))
    .sort((a, b) => compareIso(a.date, b.date) || stageIndex(a.stage) - stageIndex(b.stage));

  const stageById = new Map<number, Stage>();
  let done = buildings.reduce((s, b) => s + (share.get(b.id) ?? 0) * weights.planned, 0);
  const points: ProgressPoint[] = [];
  relevant.forEach((event, i) => {
    const w = share.get(event.buildingId) ?? 0;
    done += w * (weights[event.stage] - weights[stageById.get(event.buildingId) ?? 'planned']);
    stageById.set(event.buildingId, event.stage);
    const next = relevant[i + 1];
    if (next && next.date === event.date) return;
    points.push({ date: event.date, progress: done / 100 / denominator });
  });
  return points;
}

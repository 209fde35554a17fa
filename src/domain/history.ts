// Progress over time, rebuilt from stage events: the series forecasts are drawn from.
import type { BuildingFacts, ProgressPoint, Stage, StageEvent, StageWeights } from './types';
import { compareIso } from './dates';
import { buildingsProgress } from './progress';
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
  const known = new Set(buildings.map((b) => b.id));
  const relevant = events
    .filter((e) => known.has(e.buildingId))
    .sort((a, b) => compareIso(a.date, b.date) || stageIndex(a.stage) - stageIndex(b.stage));

  const stageById = new Map<number, Stage>();
  const points: ProgressPoint[] = [];
  relevant.forEach((event, i) => {
    stageById.set(event.buildingId, event.stage);
    const next = relevant[i + 1];
    if (next && next.date === event.date) return;
    const snapshot = buildings.map((b) => ({
      floorAreaM2: b.floorAreaM2,
      stage: stageById.get(b.id) ?? 'planned',
    }));
    points.push({ date: event.date, progress: buildingsProgress(snapshot, weights).progress ?? 0 });
  });
  return points;
}

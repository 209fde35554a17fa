// Progress over time, from a scope's dated changes: the series forecasts are drawn from.
import type { IsoDate, ProgressBasis, ProgressPoint, StageWeights } from './types';
import { BEGINNING, emptyTally, type TallyChange } from './tally';
import { progressOf } from './progress';

/**
 * One point per day with a stage event, up to `asOf`: the scope's tally at the end of that day, on
 * one basis throughout (the scope's basis as of `asOf`), so that the points are comparable. A day
 * whose events changed nothing (a stage confirmed again) is a point too: it is what a stall looks like.
 */
export function historyFromChanges(changes: readonly TallyChange[], weights: StageWeights, asOf: IsoDate, basis: ProgressBasis): ProgressPoint[] {
  if (basis === 'none') return [];
  const t = emptyTally();
  const points: ProgressPoint[] = [];
  for (let i = 0; i < changes.length && changes[i]!.date <= asOf; ) {
    const date = changes[i]!.date;
    let events = 0;
    for (; i < changes.length && changes[i]!.date === date; i++) {
      const c = changes[i]!;
      t[c.stage].buildings += c.buildings;
      t[c.stage].areaCm2 += c.areaCm2;
      t[c.stage].unknownArea += c.unknownArea;
      events += c.events;
    }
    if (date === BEGINNING || events === 0) continue;
    const progress = progressOf(t, weights, basis);
    if (progress !== null) points.push({ date, progress });
  }
  return points;
}

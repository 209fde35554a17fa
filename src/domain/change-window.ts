// The part of a scope's dated changes that its figures as of a day depend on, for pages that list
// many scopes (a district, the whole site) and show none of their histories: everything before a
// window start folded into one state "since the beginning", the rows from the window start to asOf
// kept as they are. The figures come out exactly as from all the rows, because each reader of the
// changes looks no further back than the window:
// - the tally, and the start of every history point in the window, is the folded state plus rows;
// - the forecast fits only the points within FORECAST_WINDOW_DAYS of the last one (forecast.ts),
//   and the last point is the last event day, so the window starts that many days before it;
// - the comparison of itemised and reported figures reads the tally on the latest report's date,
//   so the window starts no later than that date (`keepFrom`);
// - `allDeliveredSince` needs the day the scope became complete: when it was complete already at
//   the window start, that day is further back, and the scope must be read whole (`needsAll`).
import { addDays } from './dates';
import { FORECAST_WINDOW_DAYS } from './forecast';
import { BEGINNING, byDateThenStage, emptyTally, type Tally, type TallyChange } from './tally';
import type { IsoDate } from './types';
import { STAGES } from './types';

/** The first day a scope's figures as of asOf read row by row; null: every row. */
export function windowStart(lastEventDay: IsoDate | null, keepFrom: IsoDate | null): IsoDate | null {
  if (lastEventDay === null) return null;
  const forecast = addDays(lastEventDay, -FORECAST_WINDOW_DAYS);
  return keepFrom !== null && keepFrom < forecast ? keepFrom : forecast;
}

/** A tally as the changes dated at the beginning that build it (events 0: no history point). */
function asChanges(t: Tally): TallyChange[] {
  return STAGES.filter((s) => t[s].buildings !== 0 || t[s].areaCm2 !== 0 || t[s].unknownArea !== 0)
    .map((stage) => ({ date: BEGINNING, stage, buildings: t[stage].buildings, areaCm2: t[stage].areaCm2, unknownArea: t[stage].unknownArea, events: 0 }));
}

/**
 * A scope's changes from the state before `start` (`before`: sums per stage, and any rows given
 * that are dated before `start`) and its rows from `start` on. Rows are those dated on or before asOf.
 */
export function foldBefore(start: IsoDate | null, before: readonly TallyChange[], rows: readonly TallyChange[]): { changes: TallyChange[]; prefix: Tally } {
  const prefix = emptyTally();
  const add = (c: TallyChange) => {
    prefix[c.stage].buildings += c.buildings;
    prefix[c.stage].areaCm2 += c.areaCm2;
    prefix[c.stage].unknownArea += c.unknownArea;
  };
  before.forEach(add);
  const kept: TallyChange[] = [];
  for (const c of rows) {
    if (start !== null && c.date < start) add(c);
    else kept.push(c);
  }
  return { changes: [...asChanges(prefix), ...kept].sort(byDateThenStage), prefix };
}

/** Every building delivered in the folded state: the day it became so lies before the window. */
export function needsAll(prefix: Tally): boolean {
  let buildings = 0;
  for (const s of STAGES) buildings += prefix[s].buildings;
  return buildings > 0 && prefix.delivered.buildings === buildings;
}

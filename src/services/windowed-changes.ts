// Rollups read for a list of many scopes (a district's projects, the whole site): a window of
// each scope's rows and the sum of what lies before it, which give the same figures as every row
// (src/domain/change-window.ts says why). Pages showing a scope's history read all of its rows.
import { foldBefore, needsAll, windowStart } from '../domain/change-window';
import { nextTurn } from './next-turn';
import type { TallyChange } from '../domain/tally';
import type { IsoDate } from '../domain/types';
import type { Conn } from '../repositories/catalogue.repository';
import { readChangesOf, type ScopeType } from '../repositories/rollup.repository';
import { lastEventDays, readWindow, WINDOW_CHUNK } from '../repositories/rollup-window.repository';

export interface WindowOptions {
  /** The latest report date of each scope that has one: the tally on that day is compared with the report. */
  keepFrom?: ReadonlyMap<number, IsoDate>;
  /** The day every building was delivered is read (batches): a scope complete before its window is read whole. */
  deliveryDay?: boolean;
}

export async function windowedChangesOf(trx: Conn, type: ScopeType, ids: readonly number[], asOf: IsoDate, o: WindowOptions = {}): Promise<Map<number, TallyChange[]>> {
  const last = await lastEventDays(trx, type, ids, asOf);
  const starts = ids.map((id) => ({ id, start: windowStart(last.get(id) ?? null, o.keepFrom?.get(id) ?? null) }));
  // scopes without any stage event yet have only their beginning rows: read as they are
  const out = await readChangesOf(trx, type, starts.filter((s) => s.start === null).map((s) => s.id));
  const windowed = starts.filter((s): s is { id: number; start: IsoDate } => s.start !== null).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const whole: number[] = [];
  // in chunks of scopes with neighbouring window starts, each read from the earliest start of its chunk
  for (let i = 0; i < windowed.length; i += WINDOW_CHUNK) {
    if (i > 0) await nextTurn();
    const chunk = windowed.slice(i, i + WINDOW_CHUNK);
    const { before, rows } = await readWindow(trx, type, chunk.map((c) => c.id), chunk[0]!.start, asOf);
    for (const c of chunk) {
      const { changes, prefix } = foldBefore(c.start, before.get(c.id)!, rows.get(c.id)!);
      if (o.deliveryDay && needsAll(prefix)) whole.push(c.id);
      else out.set(c.id, changes);
    }
  }
  for (const [id, changes] of await readChangesOf(trx, type, whole)) out.set(id, changes);
  return out;
}

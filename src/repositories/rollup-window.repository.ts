// The reads behind change-window.ts: per scope the last day with a stage event, and a window of
// rows with the sums of what lies before it, so that a list of many scopes does not read every
// day of every scope's history.
import type { IsoDate } from '../domain/types';
import { BEGINNING, type TallyChange } from '../domain/tally';
import type { Conn } from './catalogue.repository';
import { toChange, type ScopeType } from './rollup.repository';

const CHUNK = 100;

/** The last day on or before asOf with a stage event, of each scope that has one. */
export async function lastEventDays(db: Conn, type: ScopeType, ids: readonly number[], asOf: IsoDate): Promise<Map<number, IsoDate>> {
  const out = new Map<number, IsoDate>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('rollup_changes').select(['scope_id', (eb) => eb.fn.max('date').as('last')])
      .where('scope_type', '=', type).where('scope_id', 'in', ids.slice(i, i + CHUNK))
      .where('events', '>', 0).where('date', '>', BEGINNING).where('date', '<=', asOf)
      .groupBy('scope_id').execute();
    for (const r of rows) out.set(Number(r.scope_id), r.last as IsoDate);
  }
  return out;
}

/** For these scopes: per stage the sums of the rows dated before `from`, and the rows from `from` to asOf. */
export async function readWindow(db: Conn, type: ScopeType, ids: readonly number[], from: IsoDate, asOf: IsoDate): Promise<{ before: Map<number, TallyChange[]>; rows: Map<number, TallyChange[]> }> {
  const before = new Map<number, TallyChange[]>(ids.map((id) => [id, []]));
  const rows = new Map<number, TallyChange[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return { before, rows };
  const sums = await db.selectFrom('rollup_changes')
    .select((eb) => ['scope_id', 'stage', eb.fn.sum<number>('buildings').as('buildings'), eb.fn.sum<number>('area_cm2').as('area_cm2'), eb.fn.sum<number>('unknown_area').as('unknown_area')])
    .where('scope_type', '=', type).where('scope_id', 'in', ids).where('date', '<', from)
    .groupBy(['scope_id', 'stage']).execute();
  for (const r of sums) before.get(Number(r.scope_id))!.push(toChange({ ...r, date: BEGINNING, events: 0 }));
  const recent = await db.selectFrom('rollup_changes').select(['scope_id', 'date', 'stage', 'buildings', 'area_cm2', 'unknown_area', 'events'])
    .where('scope_type', '=', type).where('scope_id', 'in', ids).where('date', '>=', from).where('date', '<=', asOf).execute();
  for (const r of recent) rows.get(Number(r.scope_id))!.push(toChange(r));
  return { before, rows };
}

export { CHUNK as WINDOW_CHUNK };

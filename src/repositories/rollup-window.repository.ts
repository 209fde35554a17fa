// The reads behind change-window.ts: per scope the last day with a stage event, and a window of
// rows with the sums of what lies before it, so that a list of many scopes does not read every
// day of every scope's history.
import type { IsoDate } from '../domain/types';
import { BEGINNING, type TallyChange } from '../domain/tally';
import type { Conn } from './catalogue.repository';
import { toChange, type ScopeType } from './rollup.repository';

const CHUNK = 100;

/**
 * The last day on or before asOf with a stage event, of each scope that has one: for each scope the
 * index is read backwards from asOf to its first row with an event (a max over the scope's rows
 * would read them all). The ids come from the scopes' totals: a scope without any has no rows.
 */
export async function lastEventDays(db: Conn, type: ScopeType, ids: readonly number[], asOf: IsoDate): Promise<Map<number, IsoDate>> {
  const out = new Map<number, IsoDate>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('rollup_totals as t')
      .select(['t.scope_id', (eb) => eb.selectFrom('rollup_changes as r').select('r.date')
        .where('r.scope_type', '=', type).whereRef('r.scope_id', '=', 't.scope_id')
        .where('r.date', '<=', asOf).where('r.date', '>', BEGINNING).where('r.events', '>', 0)
        .orderBy('r.date', 'desc').limit(1).as('last')])
      .where('t.scope_type', '=', type).where('t.scope_id', 'in', ids.slice(i, i + CHUNK))
      .groupBy('t.scope_id').execute();
    for (const r of rows) if (r.last !== null) out.set(Number(r.scope_id), r.last as IsoDate);
  }
  return out;
}

/**
 * For these scopes: per stage the sums of the rows dated before `from`, and the rows from `from` to
 * asOf. The sums are the scope's stored totals less its rows from `from` on (those after asOf too),
 * so only the window is read row by row, never the history before it.
 */
export async function readWindow(db: Conn, type: ScopeType, ids: readonly number[], from: IsoDate, asOf: IsoDate): Promise<{ before: Map<number, TallyChange[]>; rows: Map<number, TallyChange[]> }> {
  const before = new Map<number, TallyChange[]>(ids.map((id) => [id, []]));
  const rows = new Map<number, TallyChange[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return { before, rows };
  const totals = new Map<number, TallyChange[]>(ids.map((id) => [id, []]));
  const stored = await db.selectFrom('rollup_totals').select(['scope_id', 'stage', 'buildings', 'area_cm2', 'unknown_area'])
    .where('scope_type', '=', type).where('scope_id', 'in', ids).execute();
  for (const r of stored) totals.get(Number(r.scope_id))!.push(toChange({ ...r, date: BEGINNING, events: 0 }));
  const later = await db.selectFrom('rollup_changes').select(['scope_id', 'date', 'stage', 'buildings', 'area_cm2', 'unknown_area', 'events'])
    .where('scope_type', '=', type).where('scope_id', 'in', ids).where('date', '>=', from).execute();
  const fromOn = new Map<number, TallyChange[]>(ids.map((id) => [id, []]));
  for (const r of later) {
    const c = toChange(r);
    fromOn.get(Number(r.scope_id))!.push(c);
    if (c.date <= asOf) rows.get(Number(r.scope_id))!.push(c);
  }
  for (const id of ids) before.set(id, lessRows(totals.get(id)!, fromOn.get(id)!));
  return { before, rows };
}

/** Per stage, a total less some of its rows: the sums of the rest, dated at the beginning. */
function lessRows(total: readonly TallyChange[], rows: readonly TallyChange[]): TallyChange[] {
  const by = new Map(total.map((t) => [t.stage, { ...t }]));
  for (const r of rows) {
    const t = by.get(r.stage) ?? { date: BEGINNING, stage: r.stage, buildings: 0, areaCm2: 0, unknownArea: 0, events: 0 };
    t.buildings -= r.buildings;
    t.areaCm2 -= r.areaCm2;
    t.unknownArea -= r.unknownArea;
    by.set(r.stage, t);
  }
  return [...by.values()].filter((t) => t.buildings !== 0 || t.areaCm2 !== 0 || t.unknownArea !== 0);
}

export { CHUNK as WINDOW_CHUNK };

// The rollups: every scope's dated stage changes (src/domain/tally.ts), one row per scope, day and
// stage. Written only inside the transaction of the write that changes them (rollup.service.ts).
import { sql } from 'kysely';
import type { RollupChangesTable } from '../db/schema';
import type { Stage } from '../domain/types';
import { byDateThenStage, type TallyChange } from '../domain/tally';
import type { Conn } from './catalogue.repository';

export type ScopeType = RollupChangesTable['scope_type'];
export interface ScopeRef { type: ScopeType; id: number }

export const SITE: ScopeRef = { type: 'site', id: 0 };

export const toChange = (r: { date: string; stage: string; buildings: number; area_cm2: number; unknown_area: number; events: number }): TallyChange => ({
  date: r.date, stage: r.stage as Stage, buildings: Number(r.buildings), areaCm2: Number(r.area_cm2), unknownArea: Number(r.unknown_area), events: Number(r.events),
});

/** One scope's changes, in date then stage order. */
export async function readChanges(db: Conn, scope: ScopeRef): Promise<TallyChange[]> {
  const rows = await db.selectFrom('rollup_changes').select(['date', 'stage', 'buildings', 'area_cm2', 'unknown_area', 'events'])
    .where('scope_type', '=', scope.type).where('scope_id', '=', scope.id).execute();
  return rows.map(toChange).sort(byDateThenStage);
}

/** The changes of several scopes of one type at once, by id (an id without rows has none). */
export async function readChangesOf(db: Conn, type: ScopeType, ids: readonly number[]): Promise<Map<number, TallyChange[]>> {
  const out = new Map<number, TallyChange[]>(ids.map((id) => [id, []]));
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('rollup_changes').select(['scope_id', 'date', 'stage', 'buildings', 'area_cm2', 'unknown_area', 'events'])
      .where('scope_type', '=', type).where('scope_id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.get(Number(r.scope_id))?.push(toChange(r));
  }
  for (const list of out.values()) list.sort(byDateThenStage);
  return out;
}

const rowsOf = (scope: ScopeRef, changes: readonly TallyChange[]) => changes.map((c) => ({
  scope_type: scope.type, scope_id: scope.id, date: c.date, stage: c.stage,
  buildings: c.buildings, area_cm2: c.areaCm2, unknown_area: c.unknownArea, events: c.events,
}));

/** Per stage, what changes add up to (a scope's total, migration 0012); stages that sum to nothing left out. */
export function totalsOf(changes: readonly TallyChange[]): StageTotal[] {
  const by = new Map<Stage, StageTotal>();
  for (const c of changes) {
    const t = by.get(c.stage) ?? { stage: c.stage, buildings: 0, areaCm2: 0, unknownArea: 0 };
    t.buildings += c.buildings;
    t.areaCm2 += c.areaCm2;
    t.unknownArea += c.unknownArea;
    by.set(c.stage, t);
  }
  return [...by.values()].filter((t) => t.buildings !== 0 || t.areaCm2 !== 0 || t.unknownArea !== 0);
}

export interface StageTotal { stage: Stage; buildings: number; areaCm2: number; unknownArea: number }

const totalRowsOf = (scope: ScopeRef, totals: readonly StageTotal[]) => totals.map((t) => ({
  scope_type: scope.type, scope_id: scope.id, stage: t.stage, buildings: t.buildings, area_cm2: t.areaCm2, unknown_area: t.unknownArea,
}));

/** Adds `delta` to each scope's totals, as addChanges does to its rows. */
async function addTotals(db: Conn, scopes: readonly ScopeRef[], delta: readonly TallyChange[]): Promise<void> {
  const totals = totalsOf(delta);
  if (totals.length === 0) return;
  const rows = scopes.flatMap((scope) => totalRowsOf(scope, totals));
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('rollup_totals').values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['scope_type', 'scope_id', 'stage']).doUpdateSet({
        buildings: sql`rollup_totals.buildings + excluded.buildings`,
        area_cm2: sql`rollup_totals.area_cm2 + excluded.area_cm2`,
        unknown_area: sql`rollup_totals.unknown_area + excluded.unknown_area`,
      }))
      .execute();
  }
  await db.deleteFrom('rollup_totals')
    .where((eb) => eb.or(scopes.map((s) => eb.and([eb('scope_type', '=', s.type), eb('scope_id', '=', s.id)]))))
    .where('buildings', '=', 0).where('area_cm2', '=', 0).where('unknown_area', '=', 0)
    .where('stage', 'in', totals.map((t) => t.stage))
    .execute();
}

/**
 * Adds `delta` to each scope's rows (new rows where there were none), in one statement for all the
 * scopes; rows left saying nothing are removed, in one more. The scopes' totals change with them.
 */
export async function addChanges(db: Conn, scopes: readonly ScopeRef[], delta: readonly TallyChange[]): Promise<void> {
  if (delta.length === 0 || scopes.length === 0) return;
  const rows = scopes.flatMap((scope) => rowsOf(scope, delta));
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('rollup_changes').values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['scope_type', 'scope_id', 'date', 'stage']).doUpdateSet({
        buildings: sql`rollup_changes.buildings + excluded.buildings`,
        area_cm2: sql`rollup_changes.area_cm2 + excluded.area_cm2`,
        unknown_area: sql`rollup_changes.unknown_area + excluded.unknown_area`,
        events: sql`rollup_changes.events + excluded.events`,
      }))
      .execute();
  }
  await db.deleteFrom('rollup_changes')
    .where((eb) => eb.or(scopes.map((s) => eb.and([eb('scope_type', '=', s.type), eb('scope_id', '=', s.id)]))))
    .where('buildings', '=', 0).where('area_cm2', '=', 0).where('unknown_area', '=', 0).where('events', '=', 0)
    .where('date', 'in', [...new Set(delta.map((c) => c.date))])
    .execute();
  await addTotals(db, scopes, delta);
}

/** Every row, for `figures verify`, grouped by scope key `type:id`. */
export async function readAllChanges(db: Conn): Promise<Map<string, TallyChange[]>> {
  const out = new Map<string, TallyChange[]>();
  const rows = await db.selectFrom('rollup_changes').selectAll().execute();
  for (const r of rows) {
    const k = `${r.scope_type}:${r.scope_id}`;
    const list = out.get(k) ?? [];
    list.push(toChange(r));
    out.set(k, list);
  }
  for (const list of out.values()) list.sort(byDateThenStage);
  return out;
}

/** Every scope's stored totals, for `figures verify`, by scope key `type:id`, in stage order of first row. */
export async function readAllTotals(db: Conn): Promise<Map<string, StageTotal[]>> {
  const out = new Map<string, StageTotal[]>();
  for (const r of await db.selectFrom('rollup_totals').selectAll().orderBy('stage').execute()) {
    const k = `${r.scope_type}:${r.scope_id}`;
    out.set(k, [...out.get(k) ?? [], { stage: r.stage as Stage, buildings: Number(r.buildings), areaCm2: Number(r.area_cm2), unknownArea: Number(r.unknown_area) }]);
  }
  return out;
}

export async function deleteAllChanges(db: Conn): Promise<void> {
  await db.deleteFrom('rollup_changes').execute();
  await db.deleteFrom('rollup_totals').execute();
}

/** Bulk load after a rebuild: many rows per statement, and the scope's totals. */
export async function insertChanges(db: Conn, scope: ScopeRef, changes: readonly TallyChange[]): Promise<void> {
  const rows = rowsOf(scope, changes);
  for (let i = 0; i < rows.length; i += 800) await db.insertInto('rollup_changes').values(rows.slice(i, i + 800)).execute();
  const totals = totalRowsOf(scope, totalsOf(changes));
  if (totals.length > 0) await db.insertInto('rollup_totals').values(totals).execute();
}

/** The scopes a batch is inside, from the batch itself up to the whole site. */
export async function chainOfBatch(db: Conn, batchId: number): Promise<ScopeRef[] | null> {
  const r = await db.selectFrom('batches')
    .innerJoin('projects', 'projects.id', 'batches.project_id')
    .innerJoin('villages', 'villages.id', 'projects.village_id')
    .select(['projects.id as project', 'villages.id as village', 'villages.subdistrict_id as subdistrict', 'villages.district_id as district'])
    .where('batches.id', '=', batchId).executeTakeFirst();
  if (!r) return null;
  return chain([{ type: 'batch', id: batchId }, { type: 'project', id: Number(r.project) }], Number(r.village), r.subdistrict, Number(r.district));
}

/** The scopes above a project: its village, sub-district (if any), district and the site. */
export async function chainAboveProject(db: Conn, projectId: number): Promise<ScopeRef[] | null> {
  const r = await db.selectFrom('projects').innerJoin('villages', 'villages.id', 'projects.village_id')
    .select(['villages.id as village', 'villages.subdistrict_id as subdistrict', 'villages.district_id as district'])
    .where('projects.id', '=', projectId).executeTakeFirst();
  return r ? chain([], Number(r.village), r.subdistrict, Number(r.district)) : null;
}

/** The scopes above a village: its sub-district (if any), district and the site. */
export async function chainAboveVillage(db: Conn, villageId: number): Promise<ScopeRef[] | null> {
  const r = await db.selectFrom('villages').select(['subdistrict_id', 'district_id']).where('id', '=', villageId).executeTakeFirst();
  return r ? chain([], null, r.subdistrict_id, Number(r.district_id)) : null;
}

function chain(below: ScopeRef[], village: number | null, subdistrict: number | null, district: number): ScopeRef[] {
  const out = [...below];
  if (village !== null) out.push({ type: 'village', id: village });
  if (subdistrict !== null) out.push({ type: 'subdistrict', id: Number(subdistrict) });
  out.push({ type: 'district', id: district }, SITE);
  return out;
}

/** A batch's buildings with their actual stage events, for recomputing its changes. */
export async function buildingsWithEvents(db: Conn, batchId: number) {
  const buildings = await db.selectFrom('buildings').select(['id', 'floor_area_m2', 'stage', 'stage_date']).where('batch_id', '=', batchId).orderBy('id').execute();
  const events = buildings.length === 0 ? [] : await db.selectFrom('milestones')
    .select(['id', 'building_id', 'stage', 'date', 'is_correction'])
    .where('kind', '=', 'actual').where('building_id', 'in', buildings.map((b) => b.id)).execute();
  return { buildings, events };
}

/** A building's derived stage (its latest stage day), written in the same transaction as its events. */
export async function setDerivedStage(db: Conn, buildingId: number, stage: Stage, date: string | null): Promise<void> {
  await db.updateTable('buildings').set((eb) => ({ stage, stage_date: date, version: eb('version', '+', 1) })).where('id', '=', buildingId)
    .where((eb) => eb.or([eb('stage', '!=', stage), date === null ? eb('stage_date', 'is not', null) : eb.or([eb('stage_date', 'is', null), eb('stage_date', '!=', date)])]))
    .execute();
}

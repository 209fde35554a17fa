// Household counts per batch and their rollup per scope (migration 0010), and the districts'
// allowance rules. The rollup is written only inside the transaction of the write that changes it
// (household.service.ts, rollup.service.ts).
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { HouseholdCountsTable } from '../db/schema';
import type { AllowanceRule } from '../domain/allowance';
import type { HouseholdChange } from '../domain/household-changes';
import type { HouseholdCounts } from '../domain/households';
import type { Conn } from './catalogue.repository';
import type { ScopeRef, ScopeType } from './rollup.repository';

export interface HouseholdRecord extends HouseholdCounts {
  id: number;
  batchId: number;
  isCorrection: boolean;
  correctionReason: string | null;
  sourceId: number | null;
}

const toRecord = (r: Selectable<HouseholdCountsTable>): HouseholdRecord => ({
  id: Number(r.id), batchId: Number(r.batch_id), asOf: r.as_of, households: Number(r.households), allocated: Number(r.allocated), notices: Number(r.notices),
  handedOver: Number(r.handed_over), movedIn: Number(r.moved_in), certificates: Number(r.certificates), isCorrection: Number(r.is_correction) === 1,
  correctionReason: r.correction_reason, sourceId: r.source_id === null ? null : Number(r.source_id),
});

/** A batch's records, oldest first. */
export async function householdRecordsOf(db: Conn, batchId: number): Promise<HouseholdRecord[]> {
  return (await db.selectFrom('household_counts').selectAll().where('batch_id', '=', batchId).orderBy('as_of').execute()).map(toRecord);
}

/** The records of several batches, by batch, oldest first. */
export async function householdRecordsOfBatches(db: Conn, batchIds: readonly number[]): Promise<Map<number, HouseholdRecord[]>> {
  const out = new Map<number, HouseholdRecord[]>(batchIds.map((id) => [id, []]));
  for (let i = 0; i < batchIds.length; i += 500) {
    const rows = await db.selectFrom('household_counts').selectAll().where('batch_id', 'in', batchIds.slice(i, i + 500)).orderBy('as_of').execute();
    for (const r of rows) out.get(Number(r.batch_id))?.push(toRecord(r));
  }
  return out;
}

/** Every batch's records, for the from-scratch computation. */
export async function allHouseholdRecords(db: Conn): Promise<HouseholdRecord[]> {
  return (await db.selectFrom('household_counts').selectAll().orderBy('batch_id').orderBy('as_of').execute()).map(toRecord);
}

export interface HouseholdWrite extends HouseholdCounts {
  batchId: number;
  isCorrection: boolean;
  correctionReason: string | null;
  sourceId: number | null;
  createdAt: string;
}

/** Writes a batch's record for a day, replacing one already there; its id. */
export async function putHouseholdRecord(db: Conn, w: HouseholdWrite): Promise<number> {
  const values = {
    households: w.households, allocated: w.allocated, notices: w.notices, handed_over: w.handedOver, moved_in: w.movedIn, certificates: w.certificates,
    is_correction: w.isCorrection ? 1 : 0, correction_reason: w.correctionReason, source_id: w.sourceId,
  };
  const r = await db.insertInto('household_counts').values({ batch_id: w.batchId, as_of: w.asOf, created_at: w.createdAt, ...values })
    .onConflict((oc) => oc.columns(['batch_id', 'as_of']).doUpdateSet(values))
    .returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

const toChange = (r: { date: string; households: number; allocated: number; notices: number; handed_over: number; moved_in: number; certificates: number }): HouseholdChange => ({
  date: r.date, households: Number(r.households), allocated: Number(r.allocated), notices: Number(r.notices),
  handedOver: Number(r.handed_over), movedIn: Number(r.moved_in), certificates: Number(r.certificates),
});
const rowsOf = (scope: ScopeRef, changes: readonly HouseholdChange[]) => changes.map((c) => ({
  scope_type: scope.type, scope_id: scope.id, date: c.date, households: c.households, allocated: c.allocated, notices: c.notices,
  handed_over: c.handedOver, moved_in: c.movedIn, certificates: c.certificates,
}));
const COLUMNS = ['date', 'households', 'allocated', 'notices', 'handed_over', 'moved_in', 'certificates'] as const;
const byDate = (a: HouseholdChange, b: HouseholdChange) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** One scope's household changes, in date order. */
export async function readHouseholdChanges(db: Conn, scope: ScopeRef): Promise<HouseholdChange[]> {
  const rows = await db.selectFrom('household_changes').select(COLUMNS).where('scope_type', '=', scope.type).where('scope_id', '=', scope.id).execute();
  return rows.map(toChange).sort(byDate);
}

/** The household changes of several scopes of one type, by id. */
export async function readHouseholdChangesOf(db: Conn, type: ScopeType, ids: readonly number[]): Promise<Map<number, HouseholdChange[]>> {
  const out = new Map<number, HouseholdChange[]>(ids.map((id) => [id, []]));
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('household_changes').select(['scope_id', ...COLUMNS]).where('scope_type', '=', type).where('scope_id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.get(Number(r.scope_id))?.push(toChange(r));
  }
  for (const list of out.values()) list.sort(byDate);
  return out;
}

/** Adds `delta` to each scope's rows, in one statement; rows left saying nothing are removed. */
export async function addHouseholdChanges(db: Conn, scopes: readonly ScopeRef[], delta: readonly HouseholdChange[]): Promise<void> {
  if (delta.length === 0 || scopes.length === 0) return;
  const rows = scopes.flatMap((scope) => rowsOf(scope, delta));
  const set = Object.fromEntries(['households', 'allocated', 'notices', 'handed_over', 'moved_in', 'certificates'].map((c) => [c, sql`household_changes.${sql.ref(c)} + excluded.${sql.ref(c)}`]));
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('household_changes').values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['scope_type', 'scope_id', 'date']).doUpdateSet(set)).execute();
  }
  let del = db.deleteFrom('household_changes')
    .where((eb) => eb.or(scopes.map((s) => eb.and([eb('scope_type', '=', s.type), eb('scope_id', '=', s.id)]))))
    .where('date', 'in', [...new Set(delta.map((c) => c.date))]);
  for (const c of ['households', 'allocated', 'notices', 'handed_over', 'moved_in', 'certificates'] as const) del = del.where(c, '=', 0);
  await del.execute();
}

/** Every row, for `figures verify`, by scope key `type:id`. */
export async function readAllHouseholdChanges(db: Conn): Promise<Map<string, HouseholdChange[]>> {
  const out = new Map<string, HouseholdChange[]>();
  for (const r of await db.selectFrom('household_changes').selectAll().execute()) {
    const k = `${r.scope_type}:${r.scope_id}`;
    out.set(k, [...(out.get(k) ?? []), toChange(r)]);
  }
  for (const list of out.values()) list.sort(byDate);
  return out;
}

export async function deleteAllHouseholdChanges(db: Conn): Promise<void> {
  await db.deleteFrom('household_changes').execute();
}

export async function insertHouseholdChanges(db: Conn, scope: ScopeRef, changes: readonly HouseholdChange[]): Promise<void> {
  const rows = rowsOf(scope, changes);
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('household_changes').values(rows.slice(i, i + 500)).execute();
}

const toRule = (r: { district_id: number; effective_from: string; basis: 'household' | 'm2'; amount_yuan: number; min_area_m2: number | null; after_months: number; multiplier: number; paid_until: 'handover_month' | 'notice_next_month' }): AllowanceRule => ({
  districtId: Number(r.district_id), effectiveFrom: r.effective_from, basis: r.basis, amountYuan: Number(r.amount_yuan),
  minAreaM2: r.min_area_m2 === null ? null : Number(r.min_area_m2), afterMonths: Number(r.after_months), multiplier: Number(r.multiplier), paidUntil: r.paid_until,
});

/** The allowance rules of some districts (all of them without ids), by effective date and step. */
export async function allowanceRules(db: Conn, districtIds?: readonly number[]): Promise<AllowanceRule[]> {
  let q = db.selectFrom('allowance_rules').selectAll().orderBy('district_id').orderBy('effective_from').orderBy('after_months');
  if (districtIds) {
    if (districtIds.length === 0) return [];
    q = q.where('district_id', 'in', districtIds);
  }
  return (await q.execute()).map(toRule);
}

/** Replaces one district's rule effective from a day (all its steps) with these steps. */
export async function replaceAllowanceRule(db: Conn, districtId: number, effectiveFrom: string, steps: readonly AllowanceRule[]): Promise<void> {
  await db.deleteFrom('allowance_rules').where('district_id', '=', districtId).where('effective_from', '=', effectiveFrom).execute();
  if (steps.length === 0) return;
  await db.insertInto('allowance_rules').values(steps.map((s) => ({
    district_id: districtId, effective_from: effectiveFrom, basis: s.basis, amount_yuan: s.amountYuan, min_area_m2: s.minAreaM2,
    after_months: s.afterMonths, multiplier: s.multiplier, paid_until: s.paidUntil,
  }))).execute();
}

/**
 * Holds the batch's row until the transaction ends (an update that changes nothing): on PostgreSQL two
 * household writes of one batch then run one after the other, so each checks its counts against the
 * other's record, not against what both read before either wrote. SQLite runs writers one at a time anyway.
 */
export async function lockBatch(db: Conn, batchId: number): Promise<void> {
  await db.updateTable('batches').set((eb) => ({ version: eb.ref('version') })).where('id', '=', batchId).execute();
}

/** Holds several batches' rows, one at a time in order of id, so two writers that hold overlapping sets cannot wait on each other. */
export async function lockBatches(db: Conn, batchIds: Iterable<number>): Promise<void> {
  for (const id of [...new Set(batchIds)].sort((a, b) => a - b)) await lockBatch(db, id);
}

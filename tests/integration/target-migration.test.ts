// Migration 0007 on a database that had targets before it (SQLite, and PostgreSQL with
// TEST_DATABASE_URL): each batch's and project's baseline is the target it held, nothing is invented
// where there was none, a revision bumps the data version, and `down` takes it all away again.
import { Migrator, type Kysely } from 'kysely';
import { migrations } from '../../db/migrations';
import { createDb, type Db } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { updateBatch } from '../../src/services/batch-building.service';
import { freshDatabase } from '../helpers/test-db';

let db: Db;
let drop: () => Promise<void>;
beforeEach(async () => {
  const fresh = await freshDatabase();
  drop = fresh.drop;
  db = createDb(fresh.url);
});
afterEach(async () => {
  await db.destroy();
  await drop();
});

// Errors are matched by message, not with toThrow: better-sqlite3's errors may come from another
// test file's realm in the same worker, and are then not `instanceof Error` here.
const migrator = () => new Migrator({ db, provider: { getMigrations: async () => migrations } });

/** Rows as a database before 0007 held them (no baseline columns yet), through the untyped builder. */
async function before0007(): Promise<{ withTarget: number; without: number; planned: number; unplanned: number }> {
  expect((await migrator().migrateTo('0005-rollups')).error).toBeUndefined();
  const raw = db as unknown as Kysely<any>;
  const d = await raw.insertInto('districts').values({ name_zh: '区' }).returning('id').executeTakeFirstOrThrow();
  const v = await raw.insertInto('villages').values({ district_id: d.id, name_zh: '村' }).returning('id').executeTakeFirstOrThrow();
  const project = (name: string, completion: string | null, precision: string) => raw.insertInto('projects')
    .values({ village_id: v.id, name_zh: name, kind: 'resettlement', planned_completion: completion, planned_completion_precision: precision })
    .returning('id').executeTakeFirstOrThrow();
  const planned = await project('有计划', '2025-12-31', 'month');
  const unplanned = await project('无计划', null, 'day');
  const batch = (seq: number, target: string | null, precision: string) => raw.insertInto('batches')
    .values({ project_id: planned.id, sequence: seq, name_zh: `第${seq}批`, target_delivery_date: target, target_precision: precision })
    .returning('id').executeTakeFirstOrThrow();
  const withTarget = await batch(1, '2023-12-31', 'year');
  const without = await batch(2, null, 'day');
  return { withTarget: Number(withTarget.id), without: Number(without.id), planned: Number(planned.id), unplanned: Number(unplanned.id) };
}

test('the baseline is backfilled from the target each row holds, and left empty where there is none', async () => {
  const ids = await before0007();
  await migrateToLatest(db);
  const batches = await db.selectFrom('batches').select(['id', 'target_delivery_date', 'baseline_target_date', 'baseline_target_precision']).orderBy('id').execute();
  expect(batches.map((b) => [Number(b.id), b.target_delivery_date, b.baseline_target_date, b.baseline_target_precision])).toEqual([
    [ids.withTarget, '2023-12-31', '2023-12-31', 'year'],
    [ids.without, null, null, null],
  ]);
  const projects = await db.selectFrom('projects').select(['id', 'baseline_completion', 'baseline_completion_precision']).orderBy('id').execute();
  expect(projects.map((p) => [Number(p.id), p.baseline_completion, p.baseline_completion_precision])).toEqual([
    [ids.planned, '2025-12-31', 'month'],
    [ids.unplanned, null, null],
  ]);
  expect(await db.selectFrom('target_revisions').selectAll().execute()).toEqual([]);
});

test('after it, a change is a revision beside the backfilled baseline, and bumps the data version', async () => {
  const ids = await before0007();
  await migrateToLatest(db);
  const version = async () => Number((await db.selectFrom('data_version').select('version').executeTakeFirstOrThrow()).version);
  const b = await db.selectFrom('batches').selectAll().where('id', '=', ids.withTarget).executeTakeFirstOrThrow();
  const input = { nameZh: b.name_zh, nameEn: null, targetDeliveryDate: '2024-06-30', targetPrecision: 'month' as const, actualDeliveryDate: null, households: null, note: null };
  await expect(updateBatch(db, SYSTEM_ACTOR, '2024-01-15', b.id, Number(b.version), input)).rejects.toMatchObject({ fieldErrors: { targetReason: 'validation.target_reason_required' } });
  const v0 = await version();
  await updateBatch(db, SYSTEM_ACTOR, '2024-01-15', b.id, Number(b.version), { ...input, targetReason: '材料延误' });
  expect(await version()).toBeGreaterThan(v0);
  const after = await db.selectFrom('batches').selectAll().where('id', '=', b.id).executeTakeFirstOrThrow();
  expect([after.baseline_target_date, after.target_delivery_date]).toEqual(['2023-12-31', '2024-06-30']);
  const revs = await db.selectFrom('target_revisions').selectAll().execute();
  expect(revs.map((r) => [r.scope_type, Number(r.scope_id), r.revised_on, r.target_date, r.reason, r.username])).toEqual([['batch', b.id, '2024-01-15', '2024-06-30', '材料延误', 'cli']]);
});

test('whatever writes a row, its first target becomes its baseline, and a baseline is never changed', async () => {
  const ids = await before0007();
  await migrateToLatest(db);
  const raw = db as unknown as Kysely<any>;
  // a batch inserted straight into the table (as a seed or an older tool would), and one given its first target later
  const b = await raw.insertInto('batches').values({ project_id: ids.planned, sequence: 3, name_zh: '第3批', target_delivery_date: '2026-06-30', target_precision: 'month' }).returning('id').executeTakeFirstOrThrow();
  await raw.updateTable('batches').set({ target_delivery_date: '2027-03-31', target_precision: 'day' }).where('id', '=', ids.without).execute();
  await raw.updateTable('projects').set({ planned_completion: '2028-12-31', planned_completion_precision: 'year' }).where('id', '=', ids.unplanned).execute();
  const baseline = async (table: 'batches' | 'projects', id: number) => {
    const r = await raw.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return table === 'batches' ? [r.baseline_target_date, r.baseline_target_precision] : [r.baseline_completion, r.baseline_completion_precision];
  };
  expect(await baseline('batches', Number(b.id))).toEqual(['2026-06-30', 'month']);
  expect(await baseline('batches', ids.without)).toEqual(['2027-03-31', 'day']);
  expect(await baseline('projects', ids.unplanned)).toEqual(['2028-12-31', 'year']);
  // a later target leaves the baseline; changing the baseline itself is refused
  await raw.updateTable('batches').set({ target_delivery_date: '2027-09-30' }).where('id', '=', ids.without).execute();
  expect(await baseline('batches', ids.without)).toEqual(['2027-03-31', 'day']);
  await expect(raw.updateTable('batches').set({ baseline_target_date: '2030-01-01' }).where('id', '=', ids.withTarget).execute()).rejects.toMatchObject({ message: expect.stringMatching(/never changed/) });
  await expect(raw.updateTable('projects').set({ baseline_completion: null }).where('id', '=', ids.planned).execute()).rejects.toMatchObject({ message: expect.stringMatching(/never changed/) });
  expect(await baseline('batches', ids.withTarget)).toEqual(['2023-12-31', 'year']);
});

test('the table refuses a revision without a reason or of an unknown scope', async () => {
  await migrateToLatest(db);
  const row = { scope_type: 'batch' as const, scope_id: 1, revised_on: '2024-01-01', target_date: null, target_precision: 'day' as const, reason: '', user_id: null, username: null, created_at: 'now' };
  await expect(db.insertInto('target_revisions').values(row).execute()).rejects.toMatchObject({ message: expect.stringMatching(/check/i) });
  await expect(db.insertInto('target_revisions').values({ ...row, reason: '因', scope_type: 'village' as never }).execute()).rejects.toMatchObject({ message: expect.stringMatching(/check/i) });
});

test('down removes the table and the baseline columns, leaving the targets as they were', async () => {
  const ids = await before0007();
  await migrateToLatest(db);
  // down to the migration before 0007: every later one steps down first, 0007 last
  const step = await migrator().migrateTo('0006-report-indexes');
  expect(step.results?.map((r) => [r.migrationName, r.status]).filter(([name]) => name === '0007-target-revisions')).toEqual([['0007-target-revisions', 'Success']]);
  expect(step.error).toBeUndefined();
  await expect(db.selectFrom('target_revisions').selectAll().execute()).rejects.toMatchObject({ message: expect.stringMatching(/target_revisions|baseline_target_date/) });
  await expect(db.selectFrom('batches').select('baseline_target_date').execute()).rejects.toMatchObject({ message: expect.stringMatching(/target_revisions|baseline_target_date/) });
  const b = await db.selectFrom('batches').select('target_delivery_date').where('id', '=', ids.withTarget).executeTakeFirstOrThrow();
  expect(b.target_delivery_date).toBe('2023-12-31');
});

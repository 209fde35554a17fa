import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { createDb, type Db } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { migrations } from '../../db/migrations';

let db: Db;
let dir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-mig-'));
  db = createDb(path.join(dir, 'm.db'));
  await migrateToLatest(db);
});
afterEach(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const tables = async () =>
  (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(db)).rows.map((r) => r.name);

async function village(): Promise<number> {
  const d = await db.insertInto('districts').values({ name_zh: '区' }).returning('id').executeTakeFirstOrThrow();
  const v = await db.insertInto('villages').values({ district_id: d.id, subdistrict_id: null, name_zh: '村', name_en: null, households_entitled: null, people_entitled: null, demolition_date: null, note: null }).returning('id').executeTakeFirstOrThrow();
  return v.id;
}

const project = (villageId: number, over: Record<string, unknown> = {}) => ({
  village_id: villageId, name_zh: '项目', name_en: null, kind: 'resettlement' as const, land_area_m2: null, planned_floor_area_m2: null,
  investment_yuan: null, developer: null, construction_entity: null, planned_start: null, planned_completion: null,
  actual_start: null, actual_completion: null, note: null, source_id: null, ...over,
});

test('the whole model is created, with WAL and foreign keys on', async () => {
  expect(await tables()).toEqual([
    'allowance_rules', 'audit_log', 'batches', 'buildings', 'data_version', 'district_versions', 'districts', 'feedback', 'feedback_versions', 'household_changes', 'household_counts', 'milestones', 'progress_reports', 'projects', 'rollup_changes', 'rollup_totals', 'satisfaction_ratings', 'sessions', 'settings', 'sources',
    'stage_weights', 'subdistricts', 'target_revisions', 'users', 'villages',
  ]);
  expect((await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db)).rows[0]!.journal_mode).toBe('wal');
  expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]!.foreign_keys).toBe(1);
  const weights = await db.selectFrom('stage_weights').select(['stage', 'weight']).orderBy('position').execute();
  expect(weights.map((w) => w.weight)).toEqual([0, 10, 35, 60, 75, 90, 95, 100]);
});

test.each([
  ['a negative planned area', { planned_floor_area_m2: -1 }],
  ['completion before start', { planned_start: '2024-01-01', planned_completion: '2023-01-01' }],
  ['an unknown kind', { kind: 'mansion' }],
])('CHECK constraints refuse %s', async (_label, over) => {
  const v = await village();
  await expect(db.insertInto('projects').values(project(v, over) as never).execute()).rejects.toMatchObject({ message: expect.stringMatching(/CHECK constraint/) });
  expect(await db.selectFrom('projects').selectAll().execute()).toHaveLength(0);
});

test('a building cannot have an unknown stage, and a report must name exactly its scope', async () => {
  const v = await village();
  const p = await db.insertInto('projects').values(project(v)).returning('id').executeTakeFirstOrThrow();
  const b = await db.insertInto('batches').values({ project_id: p.id, sequence: 1, name_zh: '第一批', name_en: null, target_delivery_date: null, actual_delivery_date: null, households: null, note: null }).returning('id').executeTakeFirstOrThrow();
  await expect(db.insertInto('buildings').values({ batch_id: b.id, seq: 1, code: null, floors: null, floor_area_m2: null, dwelling_units: null, stage: 'flying', stage_date: null }).execute()).rejects.toMatchObject({ message: expect.stringMatching(/CHECK/) });
  await expect(db.insertInto('progress_reports').values({ scope_type: 'village', district_id: 1, village_id: v, project_id: null, as_of: '2024-01-01', planned_area_m2: null, started_area_m2: null, delivered_area_m2: null, households_entitled: null, households_returned: null, people_entitled: null, people_returned: null, published_start_rate: null, published_delivery_rate: null, published_return_rate: null, source_id: null, note: null, correction_reason: null, created_at: 'now' }).execute()).rejects.toMatchObject({ message: expect.stringMatching(/CHECK/) });
});

test('foreign keys refuse an orphan', async () => {
  await expect(db.insertInto('projects').values(project(999)).execute()).rejects.toMatchObject({ message: expect.stringMatching(/FOREIGN KEY/) });
});

test('every migration has a down: stepping down one at a time removes every table, and up builds them again', async () => {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const all = await tables();
  expect(all.length).toBeGreaterThanOrEqual(15);
  for (const name of Object.keys(migrations).reverse()) {
    const step = await migrator.migrateDown();
    expect({ name, error: step.error }).toEqual({ name, error: undefined });
    expect(step.results?.map((r) => r.migrationName)).toEqual([name]);
  }
  expect(await tables()).toEqual([]);
  await migrateToLatest(db);
  expect(await tables()).toEqual(all);
});

test('the audit log refuses UPDATE and DELETE, even from the application', async () => {
  await db.insertInto('audit_log').values({ at: '2026-01-01T00:00:00Z', user_id: null, username: 'x', ip: null, action: 'create', object_type: null, object_id: null, before_json: null, after_json: null, result: 'ok', detail: null }).execute();
  await expect(db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
  await expect(db.deleteFrom('audit_log').execute()).rejects.toMatchObject({ message: expect.stringMatching(/append-only/) });
  const rows = await db.selectFrom('audit_log').select('action').execute();
  expect(rows).toEqual([{ action: 'create' }]);
});

test('every committed write to the model bumps the data version, reads do not', async () => {
  const version = async () => Number((await db.selectFrom('data_version').select('version').executeTakeFirstOrThrow()).version);
  const v0 = await version();
  const v = await village();
  expect(await version()).toBeGreaterThan(v0);
  const v1 = await version();
  await db.selectFrom('villages').selectAll().execute();
  expect(await version()).toBe(v1);
  await db.updateTable('villages').set({ note: 'x' }).where('id', '=', v).execute();
  expect(await version()).toBe(v1 + 1);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('villages').set({ note: 'y' }).where('id', '=', v).execute();
    throw new Error('rolled back');
  }).catch(() => undefined);
  expect(await version()).toBe(v1 + 1);
});

test('a scope\'s reports are found by its own column\'s index (0006), as the pages ask for them', async () => {
  const plan = async (column: string) =>
    (await sql<{ detail: string }>`explain query plan select * from progress_reports where ${sql.ref(column)} in (1, 2, 3) order by as_of, id`.execute(db)).rows.map((r) => r.detail).join(' | ');
  expect(await plan('project_id')).toMatch(/USING INDEX reports_project/);
  expect(await plan('village_id')).toMatch(/USING INDEX reports_village/);
  expect(await plan('district_id')).toMatch(/USING INDEX reports_district/);
});

// The rollups (every scope's dated stage changes) are kept inside each write's transaction: after any
// writer, `figures verify` finds them equal to a computation from scratch.
import { Migrator, type Kysely } from 'kysely';
import { migrations } from '../../db/migrations';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { seedIfEmpty } from '../../seeds';
import { seedRealData } from '../../seeds/seed-real';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { recordMilestone } from '../../src/services/milestone-report.service';
import { createBuilding, deleteBuilding, updateBuilding, createBatch } from '../../src/services/batch-building.service';
import { createProject, createVillage, updateProject, updateVillage } from '../../src/services/village-project.service';
import { rebuildRollups, verifyRollups } from '../../src/services/rollup.service';
import { readChanges } from '../../src/repositories/rollup.repository';
import { getBuilding, getProject, getVillage } from '../../src/repositories/entity.repository';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { freshDatabase } from '../helpers/test-db';

const AS_OF = '2026-11-26';
// Each test on its own freshly seeded database: they stand alone, in any order.
let ctx: TestContext;
beforeEach(async () => { ctx = await createTestContext(); });
afterEach(() => ctx.close());

const verified = async () => {
  const r = await ctx.db.transaction().execute((trx) => verifyRollups(trx));
  expect(r.differences).toEqual([]);
  return r;
};

test('the seeded database: every scope\'s rollup equals a computation from scratch', async () => {
  const r = await verified();
  // batch 1, batch 2, their project, the village, the district and the site have buildings
  expect(r.scopes).toBe(6);
});

test('a new building with its stage: one batch\'s rows, hand-counted, and the same difference in every scope above', async () => {
  const batch = await createBatch(ctx.db, SYSTEM_ACTOR, AS_OF, 2, { nameZh: '第三批', nameEn: null, targetDeliveryDate: null, targetPrecision: 'day', actualDeliveryDate: null, households: null, note: null });
  await createBuilding(ctx.db, SYSTEM_ACTOR, AS_OF, batch, { code: '99#', floors: 18, floorAreaM2: 12_345.67, dwellingUnits: null, stage: 'foundation', stageDate: '2026-05-01' });
  // one building of 12,345.67 m² = 1,234,567 centi-m²: in at planned at the beginning, then planned → foundation on 2026-05-01
  expect(await readChanges(ctx.db, { type: 'batch', id: batch })).toEqual([
    { date: '0000-01-01', stage: 'planned', buildings: 1, areaCm2: 1_234_567, unknownArea: 0, events: 0 },
    { date: '2026-05-01', stage: 'planned', buildings: -1, areaCm2: -1_234_567, unknownArea: 0, events: 0 },
    { date: '2026-05-01', stage: 'foundation', buildings: 1, areaCm2: 1_234_567, unknownArea: 0, events: 1 },
  ]);
  const project = await readChanges(ctx.db, { type: 'project', id: 2 });
  expect(project.find((c) => c.date === '2026-05-01' && c.stage === 'foundation')).toMatchObject({ buildings: 1, areaCm2: 1_234_567 });
  // its totals over every date: planned +1 − 1 = 0 (no row), foundation 1 building of 1,234,567
  expect(await ctx.db.selectFrom('rollup_totals').select(['stage', 'buildings', 'area_cm2', 'unknown_area']).where('scope_type', '=', 'batch').where('scope_id', '=', batch).execute())
    .toEqual([{ stage: 'foundation', buildings: 1, area_cm2: 1_234_567, unknown_area: 0 }]);
  await verified();
});

test('milestones for a building and a whole batch, then a stage set back as a correction', async () => {
  await recordMilestone(ctx.db, SYSTEM_ACTOR, AS_OF, { target: { kind: 'batch', id: 1 }, stage: 'accepted', date: '2026-01-10', note: null });
  await recordMilestone(ctx.db, SYSTEM_ACTOR, AS_OF, { target: { kind: 'building', id: 1 }, stage: 'delivered', date: '2026-02-01', note: null });
  expect((await getBuilding(ctx.db, 1))!.stage).toBe('delivered');
  await verified();
  // back to accepted without a reason: refused, nothing written
  await expect(recordMilestone(ctx.db, SYSTEM_ACTOR, AS_OF, { target: { kind: 'building', id: 1 }, stage: 'accepted', date: '2026-03-01', note: null }))
    .rejects.toMatchObject({ fieldErrors: { stage: 'validation.stage_back|delivered' } });
  expect((await getBuilding(ctx.db, 1))!.stage).toBe('delivered');
  // with a reason: it is a correction, the stage goes back, and the rollups follow
  await recordMilestone(ctx.db, SYSTEM_ACTOR, AS_OF, { target: { kind: 'building', id: 1 }, stage: 'accepted', date: '2026-03-01', note: null, correctionReason: '交付记录有误' });
  expect((await getBuilding(ctx.db, 1))!).toMatchObject({ stage: 'accepted', stageDate: '2026-03-01' });
  await verified();
  const row = await ctx.db.selectFrom('milestones').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  expect(row).toMatchObject({ is_correction: 1, correction_reason: '交付记录有误' });
  const audit = await ctx.db.selectFrom('audit_log').select('action').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  expect(audit.action).toBe('correct_stage');
});

test('a stage recorded for an earlier day is history, not a step back', async () => {
  await recordMilestone(ctx.db, SYSTEM_ACTOR, AS_OF, { target: { kind: 'building', id: 2 }, stage: 'accepted', date: '2026-01-10', note: null });
  // building 2 is in accepted since 2026-01-10; foundation on 2023-06-01 happened before that
  await recordMilestone(ctx.db, SYSTEM_ACTOR, AS_OF, { target: { kind: 'building', id: 2 }, stage: 'foundation', date: '2023-06-01', note: null });
  expect((await getBuilding(ctx.db, 2))!.stage).toBe('accepted');
  await verified();
});

test('a building corrected (area, stage), moved to another batch, and deleted', async () => {
  const b = (await getBuilding(ctx.db, 9))!; // batch 2
  await updateBuilding(ctx.db, SYSTEM_ACTOR, AS_OF, 9, b.version, { code: b.code, floors: 20, floorAreaM2: 8000, dwellingUnits: 120, stage: 'topped_out', stageDate: '2026-04-01' });
  await verified();
  const moved = (await getBuilding(ctx.db, 9))!;
  await updateBuilding(ctx.db, SYSTEM_ACTOR, AS_OF, 9, moved.version, { code: moved.code, floors: 20, floorAreaM2: 8000, dwellingUnits: 120, stage: 'topped_out', stageDate: '2026-04-01', batchId: 1 });
  expect((await getBuilding(ctx.db, 9))!.batchId).toBe(1);
  await verified();
  await deleteBuilding(ctx.db, SYSTEM_ACTOR, 9, (await getBuilding(ctx.db, 9))!.version);
  expect(await getBuilding(ctx.db, 9)).toBeNull();
  await verified();
});

test('a project moved to another village and a village moved to another district carry their rollups along', async () => {
  const v2 = await createVillage(ctx.db, SYSTEM_ACTOR, AS_OF, { districtName: '另一个区', nameZh: '新村', nameEn: null, householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null });
  const p = (await getProject(ctx.db, 1))!;
  const { id: _id, sourceId: _s, isDemo: _d, version, status: _st, ...input } = p;
  await updateProject(ctx.db, SYSTEM_ACTOR, AS_OF, 1, version, { ...input, villageId: v2 });
  await verified();
  const v = (await getVillage(ctx.db, v2))!;
  await updateVillage(ctx.db, SYSTEM_ACTOR, AS_OF, v2, v.version, { districtName: '郑州高新技术产业开发区', nameZh: '新村', nameEn: null, householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null });
  await verified();
  await createProject(ctx.db, SYSTEM_ACTOR, AS_OF, { ...input, nameZh: '空项目', villageId: v2 });
  await verified();
});

test('a broken rollup is found by verify and put right by rebuild', async () => {
  await ctx.db.updateTable('rollup_changes').set({ buildings: 99 }).where('scope_type', '=', 'district').where('stage', '=', 'planned').where('date', '=', '0000-01-01').execute();
  const broken = await ctx.db.transaction().execute((trx) => verifyRollups(trx));
  expect(broken.differences.map((d) => d.scope)).toEqual(['district:1']);
  await ctx.db.transaction().execute((trx) => rebuildRollups(trx));
  await verified();
});

test('a broken total is found by verify and put right by rebuild', async () => {
  const row = await ctx.db.selectFrom('rollup_totals').selectAll().where('scope_type', '=', 'district').where('scope_id', '=', 1).executeTakeFirstOrThrow();
  await ctx.db.updateTable('rollup_totals').set({ buildings: Number(row.buildings) + 1 }).where('scope_type', '=', 'district').where('scope_id', '=', 1).where('stage', '=', row.stage).execute();
  const broken = await ctx.db.transaction().execute((trx) => verifyRollups(trx));
  expect(broken.differences.map((d) => d.scope)).toEqual(['district:1 totals']);
  await ctx.db.transaction().execute((trx) => rebuildRollups(trx));
  await verified();
});

test('migration 0012 sums each scope\'s rows per stage into its totals, leaving out a stage that sums to nothing', async () => {
  const fresh = await freshDatabase();
  const db = createDb(fresh.url);
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0011-feedback')).error).toBeUndefined();
    const row = (scope_type: string, scope_id: number, date: string, stage: string, buildings: number, area_cm2: number, unknown_area: number, events: number) => ({ scope_type, scope_id, date, stage, buildings, area_cm2, unknown_area, events });
    const raw = db as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    await raw.insertInto('rollup_changes').values([
      // batch 7: two buildings of 100 and 200 m² (in centi-m²: 10,000 and 20,000), both to 基础施工, one on to 主体施工
      row('batch', 7, '0000-01-01', 'planned', 2, 30_000, 0, 0),
      row('batch', 7, '2024-01-01', 'planned', -1, -10_000, 0, 0), row('batch', 7, '2024-01-01', 'foundation', 1, 10_000, 0, 1),
      row('batch', 7, '2024-02-01', 'planned', -1, -20_000, 0, 0), row('batch', 7, '2024-02-01', 'foundation', 1, 20_000, 0, 1),
      row('batch', 7, '2024-03-01', 'foundation', -1, -10_000, 0, 0), row('batch', 7, '2024-03-01', 'structure', 1, 10_000, 0, 1),
      // project 3: one building of unknown area, not started
      row('project', 3, '0000-01-01', 'planned', 1, 0, 1, 0),
    ]).execute();
    expect((await migrator.migrateTo('0012-rollup-totals')).error).toBeUndefined();
    const totals = await raw.selectFrom('rollup_totals').select(['scope_type', 'scope_id', 'stage', 'buildings', 'area_cm2', 'unknown_area']).orderBy('scope_type').orderBy('stage').execute();
    expect(totals.map((t) => ({ ...t, scope_id: Number(t.scope_id), area_cm2: Number(t.area_cm2) }))).toEqual([
      // planned: 2 − 1 − 1 = 0 buildings and 30,000 − 10,000 − 20,000 = 0: no row
      { scope_type: 'batch', scope_id: 7, stage: 'foundation', buildings: 1, area_cm2: 20_000, unknown_area: 0 }, // 1 + 1 − 1; 10,000 + 20,000 − 10,000
      { scope_type: 'batch', scope_id: 7, stage: 'structure', buildings: 1, area_cm2: 10_000, unknown_area: 0 },
      { scope_type: 'project', scope_id: 3, stage: 'planned', buildings: 1, area_cm2: 0, unknown_area: 1 },
    ]);
    expect((await migrator.migrateDown()).error).toBeUndefined();
    expect((await migrator.migrateTo('0012-rollup-totals')).error).toBeUndefined();
  } finally {
    await db.destroy();
    await fresh.drop();
  }
});

test('migration 0005 backfills a database that had data before it', async () => {
  const fresh = await freshDatabase();
  const db = createDb(fresh.url);
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0004-hashed-sessions')).error).toBeUndefined();
    // the real seed as an older version wrote it (no rollups yet): rows straight into the tables
    await db.transaction().execute((trx) => seedRealData(trx, '2026-11-26T00:00:00.000Z'));
    // two buildings whose row and history had drifted apart: one at 主体施工 with no stage event at
    // all, one whose row says 基础施工 while its events reached 主体封顶 on 2024-05-01
    const raw = db as unknown as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const [a, b] = await raw.insertInto('buildings').values([
      { batch_id: 1, seq: 101, code: 'M1', floor_area_m2: 1000, stage: 'structure', stage_date: '2024-02-01' },
      { batch_id: 1, seq: 102, code: 'M2', floor_area_m2: null, stage: 'foundation', stage_date: '2024-01-01' },
    ]).returning('id').execute();
    await raw.insertInto('milestones').values([
      { building_id: b!.id, stage: 'foundation', date: '2024-01-01', kind: 'actual', source_id: null, note: null, created_at: '2026-01-01T00:00:00Z' },
      { building_id: b!.id, stage: 'topped_out', date: '2024-05-01', kind: 'actual', source_id: null, note: null, created_at: '2026-01-01T00:00:00Z' },
    ]).execute();
    await migrateToLatest(db);
    // the first gets its stage as an event; the second's row takes the stage its events give
    expect(await raw.selectFrom('milestones').select(['stage', 'date']).where('building_id', '=', a!.id).execute()).toEqual([{ stage: 'structure', date: '2024-02-01' }]);
    expect(await raw.selectFrom('buildings').select(['stage', 'stage_date']).where('id', '=', b!.id).executeTakeFirst()).toEqual({ stage: 'topped_out', stage_date: '2024-05-01' });
    const r = await db.transaction().execute((trx) => verifyRollups(trx));
    expect(r.differences).toEqual([]);
    expect(r.scopes).toBe(6);
  } finally {
    await db.destroy();
    await fresh.drop();
  }
});

test('seeding an empty database builds the rollups', async () => {
  const fresh = await freshDatabase();
  const db = createDb(fresh.url);
  try {
    await migrateToLatest(db);
    await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
    expect((await db.transaction().execute((trx) => verifyRollups(trx))).differences).toEqual([]);
  } finally {
    await db.destroy();
    await fresh.drop();
  }
});

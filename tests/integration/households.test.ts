// A batch's household counts: recorded with the ladder's rules, audited, and rolled up in the same
// transaction into every scope above the batch, where `figures verify` finds them equal to the records.
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { recordHouseholds, type HouseholdInput } from '../../src/services/household.service';
import { rebuildRollups, verifyRollups } from '../../src/services/rollup.service';
import { readHouseholdChanges } from '../../src/repositories/household.repository';
import { countsOn } from '../../src/domain/household-changes';
import { ValidationError } from '../../src/domain/errors';
import { getProject } from '../../src/repositories/entity.repository';
import { createBatch } from '../../src/services/batch-building.service';
import { createProject, createVillage, updateProject } from '../../src/services/village-project.service';
import { createTestContext, type TestContext } from '../helpers/test-app';

const TODAY = '2026-11-26';
let ctx: TestContext;
beforeEach(async () => { ctx = await createTestContext(); });
afterEach(() => ctx.close());

const input = (batchId: number, asOf: string, over: Partial<HouseholdInput> = {}): HouseholdInput => ({
  batchId, asOf, households: null, allocated: null, notices: null, handedOver: null, movedIn: null, certificates: null, correctionReason: null, ...over,
});
const verified = async () => expect((await ctx.db.transaction().execute((trx) => verifyRollups(trx))).differences).toEqual([]);
const fieldErrors = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof ValidationError) return err.fieldErrors;
    throw err;
  }
  throw new Error('no validation error');
};

test('two batches\' records sum in their project, village, district and the site, as of each day', async () => {
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-01-10', { households: 200, allocated: 150, notices: 100, handedOver: 40 }));
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-06-10', { allocated: 200, notices: 200, handedOver: 180, movedIn: 120 }));
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(2, '2025-03-01', { households: 50, allocated: 50, notices: 50, handedOver: 50, movedIn: 45, certificates: 10 }));
  await verified();
  const project = await readHouseholdChanges(ctx.db, { type: 'project', id: 1 });
  // 2025-02-01: batch 1's January record only; 2025-04-01: and batch 2's March record; 2025-07-01: batch 1's June record (households kept at 200)
  expect(countsOn(project, '2024-12-31')).toBeNull();
  expect(countsOn(project, '2025-02-01')).toEqual({ households: 200, allocated: 150, notices: 100, handedOver: 40, movedIn: 0, certificates: 0 });
  expect(countsOn(project, '2025-04-01')).toEqual({ households: 250, allocated: 200, notices: 150, handedOver: 90, movedIn: 45, certificates: 10 });
  expect(countsOn(project, '2025-07-01')).toEqual({ households: 250, allocated: 250, notices: 250, handedOver: 230, movedIn: 165, certificates: 10 });
  expect(await readHouseholdChanges(ctx.db, { type: 'site', id: 0 })).toEqual(project);
  const audit = await ctx.db.selectFrom('audit_log').select(['action', 'object_type', 'object_id']).where('action', 'like', '%households').execute();
  expect(audit.map((a) => [a.action, a.object_type, Number(a.object_id)])).toEqual([['record_households', 'batch', 1], ['record_households', 'batch', 1], ['record_households', 'batch', 2]]);
});

test('a step above the one before it is refused, naming the field; nothing is written', async () => {
  expect(await fieldErrors(recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-01-10', { households: 100, allocated: 50, notices: 60 })))).toEqual({ notices: 'validation.households.exceeds|allocated' });
  expect(await fieldErrors(recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-01-10', { households: 100, allocated: 101 })))).toEqual({ allocated: 'validation.households.exceeds|households' });
  expect(await fieldErrors(recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2027-01-10', { households: 100 })))).toHaveProperty('asOf');
  expect(await ctx.db.selectFrom('household_counts').selectAll().execute()).toEqual([]);
  expect(await ctx.db.selectFrom('household_changes').selectAll().execute()).toEqual([]);
});

test('a count that falls is refused without a reason, and kept as an audited correction with one', async () => {
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-01-10', { households: 100, allocated: 80, notices: 80, handedOver: 60 }));
  expect(await fieldErrors(recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-02-10', { handedOver: 50 })))).toEqual({ handedOver: 'validation.households.falls|2025-01-10' });
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-02-10', { handedOver: 50, correctionReason: '1月多计了10户' }));
  const rows = await ctx.db.selectFrom('household_counts').select(['as_of', 'handed_over', 'is_correction', 'correction_reason']).orderBy('as_of').execute();
  expect(rows.map((r) => [r.as_of, Number(r.handed_over), Number(r.is_correction), r.correction_reason])).toEqual([['2025-01-10', 60, 0, null], ['2025-02-10', 50, 1, '1月多计了10户']]);
  expect(countsOn(await readHouseholdChanges(ctx.db, { type: 'batch', id: 1 }), '2025-03-01')!.handedOver).toBe(50);
  await verified();
});

test('lowering a record of the same day is a fall too: refused without a reason, a correction with one', async () => {
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-02-01', { households: 100, allocated: 80, notices: 80, handedOver: 30 }));
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-03-01', { handedOver: 50 }));
  expect(await fieldErrors(recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-03-01', { handedOver: 40 })))).toEqual({ handedOver: 'validation.households.falls|2025-03-01' });
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-03-01', { handedOver: 40, correctionReason: '3月多计10户' }));
  const r = await ctx.db.selectFrom('household_counts').select(['handed_over', 'is_correction']).where('as_of', '=', '2025-03-01').executeTakeFirstOrThrow();
  expect([Number(r.handed_over), Number(r.is_correction)]).toEqual([40, 1]);
});

test('a count above a later record is refused even with a reason: that record would fall unmarked', async () => {
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-06-01', { households: 100, allocated: 60 }));
  expect(await fieldErrors(recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-01-01', { households: 100, allocated: 70, correctionReason: '补录' }))))
    .toEqual({ allocated: 'validation.households.above_later|2025-06-01' });
});

test('a second record on the same day replaces the first; the rollup follows', async () => {
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-01-10', { households: 100, allocated: 10 }));
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-01-10', { allocated: 30 }));
  expect((await ctx.db.selectFrom('household_counts').select('allocated').execute()).map((r) => Number(r.allocated))).toEqual([30]);
  expect(countsOn(await readHouseholdChanges(ctx.db, { type: 'district', id: 1 }), TODAY)).toEqual({ households: 100, allocated: 30, notices: 0, handedOver: 0, movedIn: 0, certificates: 0 });
  await verified();
});

test('without a count of households, on the record or the batch, the first record is refused', async () => {
  const batch = await createBatch(ctx.db, SYSTEM_ACTOR, TODAY, 1, { nameZh: '第三批', nameEn: null, targetDeliveryDate: null, targetPrecision: 'day', actualDeliveryDate: null, households: null, note: null });
  expect(await fieldErrors(recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(batch, '2025-01-10', { allocated: 1 })))).toEqual({ households: 'validation.required' });
});

test('a project moved to a village of another district carries its household rows; rebuild gives the same rows', async () => {
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-01-10', { households: 100, allocated: 80 }));
  const v2 = await createVillage(ctx.db, SYSTEM_ACTOR, TODAY, { districtName: '户数测试区', nameZh: '户数村', nameEn: null, householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null });
  const { id: _id, sourceId: _s, isDemo: _d, version, status: _st, ...p } = (await getProject(ctx.db, 1))!;
  await updateProject(ctx.db, SYSTEM_ACTOR, TODAY, 1, version, { ...p, villageId: v2 });
  await verified();
  expect(await readHouseholdChanges(ctx.db, { type: 'district', id: 1 })).toEqual([]);
  expect(await readHouseholdChanges(ctx.db, { type: 'village', id: v2 })).toHaveLength(1);
  const before = await ctx.db.selectFrom('household_changes').selectAll().orderBy('scope_type').orderBy('scope_id').orderBy('date').execute();
  await ctx.db.transaction().execute((trx) => rebuildRollups(trx));
  expect(await ctx.db.selectFrom('household_changes').selectAll().orderBy('scope_type').orderBy('scope_id').orderBy('date').execute()).toEqual(before);
  await createProject(ctx.db, SYSTEM_ACTOR, TODAY, { ...p, nameZh: '另一个项目', villageId: v2 });
  await verified();
});

test('a broken household rollup is found by verify', async () => {
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input(1, '2025-01-10', { households: 100, allocated: 80 }));
  await ctx.db.updateTable('household_changes').set({ allocated: 79 }).where('scope_type', '=', 'village').execute();
  const r = await ctx.db.transaction().execute((trx) => verifyRollups(trx));
  expect(r.differences.map((d) => d.scope)).toEqual(['households village:1']);
});

// The rules of rollup.service.ts a mutation run found unstated (issue 10): a building's stage row
// follows its latest stage day (the stage or only the date), a correction outranks a plain event of
// its own day, a batch or project that is gone is passed over, and what `figures verify` reports
// about a broken total, in a stable order.
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { createBatch, createBuilding } from '../../src/services/batch-building.service';
import { recordHouseholds, type HouseholdInput } from '../../src/services/household.service';
import { refreshHouseholds } from '../../src/services/household-rollup';
import { recordMilestone } from '../../src/services/milestone-report.service';
import { projectMoved, refreshBatches, verifyRollups, villageMoved, chainAboveProject } from '../../src/services/rollup.service';
import { getBuilding } from '../../src/repositories/entity.repository';
import { createTestContext, type TestContext } from '../helpers/test-app';

const TODAY = '2026-11-26';
let ctx: TestContext;
beforeEach(async () => { ctx = await createTestContext(); });
afterEach(() => ctx.close());

const verify = () => ctx.db.transaction().execute((trx) => verifyRollups(trx));
const stageOf = async (id: number) => {
  const b = (await getBuilding(ctx.db, id))!;
  return { stage: b.stage, stageDate: b.stageDate };
};
const newBatch = () => createBatch(ctx.db, SYSTEM_ACTOR, TODAY, 2, { nameZh: '测试批', nameEn: null, targetDeliveryDate: null, targetPrecision: 'day', actualDeliveryDate: null, households: null, note: null });
const newBuilding = (batch: number, code: string, floorAreaM2: number | null, stage: 'planned' | 'foundation', stageDate: string | null) =>
  createBuilding(ctx.db, SYSTEM_ACTOR, TODAY, batch, { code, floors: 18, floorAreaM2, dwellingUnits: null, stage, stageDate });
const milestone = (id: number, stage: 'structure' | 'accepted' | 'topped_out' | 'foundation', date: string, correctionReason?: string) =>
  recordMilestone(ctx.db, SYSTEM_ACTOR, TODAY, { target: { kind: 'building', id }, stage, date, note: null, ...(correctionReason ? { correctionReason } : {}) });

test('a higher stage on the day of the last one: the row takes the new stage, its date unchanged', async () => {
  expect.hasAssertions();
  const b = await newBuilding(await newBatch(), 'S1', 1000, 'foundation', '2026-05-01');
  await milestone(b, 'structure', '2026-05-01');
  expect(await stageOf(b)).toEqual({ stage: 'structure', stageDate: '2026-05-01' });
  expect((await verify()).differences).toEqual([]);
});

test('the same stage recorded again on a later day: the row keeps the stage and takes the later day', async () => {
  expect.hasAssertions();
  const b = await newBuilding(await newBatch(), 'S2', 1000, 'foundation', '2026-05-01');
  await milestone(b, 'foundation', '2026-06-01');
  expect(await stageOf(b)).toEqual({ stage: 'foundation', stageDate: '2026-06-01' });
  expect((await verify()).differences).toEqual([]);
});

test('a correction outranks a plain event of its own day: accepted on 2026-07-01, corrected to 主体封顶 that day', async () => {
  expect.hasAssertions();
  const b = await newBuilding(await newBatch(), 'S3', 1000, 'foundation', '2026-05-01');
  await milestone(b, 'accepted', '2026-07-01');
  await milestone(b, 'topped_out', '2026-07-01', '验收日期记错');
  expect(await stageOf(b)).toEqual({ stage: 'topped_out', stageDate: '2026-07-01' });
  // and in the rollup: the building counts under 主体封顶 from that day, not under 竣工验收
  expect((await verify()).differences).toEqual([]);
  const totals = await ctx.db.selectFrom('rollup_totals').select(['stage', 'buildings']).where('scope_type', '=', 'batch').where('scope_id', '=', (await getBuilding(ctx.db, b))!.batchId).execute();
  expect(totals).toEqual([{ stage: 'topped_out', buildings: 1 }]);
});

test('two plain events of one day: the higher stands, whichever was recorded last (a lower one is history, not a step back)', async () => {
  expect.hasAssertions();
  const b = await newBuilding(await newBatch(), 'S4', 1000, 'foundation', '2026-05-01');
  await milestone(b, 'accepted', '2026-07-01');
  await milestone(b, 'structure', '2026-07-01');
  expect(await stageOf(b)).toEqual({ stage: 'accepted', stageDate: '2026-07-01' });
  expect((await verify()).differences).toEqual([]);
});

test('a batch, project or village that is gone is passed over, and nothing is written', async () => {
  expect.hasAssertions();
  const count = async () => Number((await ctx.db.selectFrom('rollup_changes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    + Number((await ctx.db.selectFrom('household_changes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const before = await count();
  const chain = (await chainAboveProject(ctx.db, 1))!;
  await ctx.db.transaction().execute(async (trx) => {
    await refreshBatches(trx, [987_654]);
    await refreshHouseholds(trx, [987_654]);
    await projectMoved(trx, 987_654, chain);
    await villageMoved(trx, 987_654, chain);
  });
  expect(await count()).toBe(before);
  expect((await verify()).differences).toEqual([]);
});

test('a broken total: how many stage totals each side has, and both sides in stage order', async () => {
  expect.hasAssertions();
  const batch = await newBatch();
  await newBuilding(batch, 'T1', 12_345.67, 'foundation', '2026-05-01');
  await newBuilding(batch, 'T2', null, 'planned', null);
  await ctx.db.updateTable('rollup_totals').set({ buildings: 3 }).where('scope_type', '=', 'batch').where('scope_id', '=', batch).where('stage', '=', 'planned').execute();
  // 12,345.67 m² is 1,234,567 centi-m²; the second building's area is unknown
  const foundation = '{"stage":"foundation","buildings":1,"areaCm2":1234567,"unknownArea":0}';
  expect((await verify()).differences).toEqual([{
    scope: `batch:${batch} totals`, stored: 2, computed: 2,
    first: `stored [${foundation},{"stage":"planned","buildings":3,"areaCm2":0,"unknownArea":1}], computed [${foundation},{"stage":"planned","buildings":1,"areaCm2":0,"unknownArea":1}]`,
  }]);
});

test('verify lists what differs in scope order, whichever side a scope is missing from', async () => {
  expect.hasAssertions();
  const households: HouseholdInput = { batchId: 1, asOf: '2025-01-10', households: 100, allocated: 90, notices: null, handedOver: null, movedIn: null, certificates: null, correctionReason: null };
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, households);
  // batch 1's rows lost (a scope only the computation has), and the site's first row broken
  await ctx.db.deleteFrom('rollup_changes').where('scope_type', '=', 'batch').where('scope_id', '=', 1).execute();
  await ctx.db.updateTable('rollup_changes').set((eb) => ({ buildings: eb('buildings', '+', 1) })).where('scope_type', '=', 'site').where('date', '=', '0000-01-01').execute();
  await ctx.db.deleteFrom('household_changes').where('scope_type', '=', 'batch').where('scope_id', '=', 1).execute();
  await ctx.db.updateTable('household_changes').set({ allocated: 89 }).where('scope_type', '=', 'village').execute();
  // and the same for the totals: batch 1's lost, the site's broken
  await ctx.db.deleteFrom('rollup_totals').where('scope_type', '=', 'batch').where('scope_id', '=', 1).execute();
  await ctx.db.updateTable('rollup_totals').set((eb) => ({ buildings: eb('buildings', '+', 1) })).where('scope_type', '=', 'site').execute();
  const r = await verify();
  expect(r.differences.map((d) => d.scope)).toEqual(['batch:1', 'site:0', 'batch:1 totals', 'site:0 totals', 'households batch:1', 'households village:1']);
  expect(r.differences.find((d) => d.scope === 'batch:1')).toMatchObject({ stored: 0 });
  expect(r.differences.find((d) => d.scope === 'batch:1 totals')).toMatchObject({ stored: 0, first: expect.stringMatching(/^stored \[\], computed \[\{"stage":/) });
  expect(r.differences.find((d) => d.scope === 'households batch:1')).toMatchObject({ stored: 0, computed: 1 });
});

test('rows left for a scope that has nothing (no buildings, no records) are named, with nothing computed', async () => {
  expect.hasAssertions();
  await ctx.db.insertInto('rollup_changes').values({ scope_type: 'batch', scope_id: 987_654, date: '2025-01-01', stage: 'planned', buildings: 1, area_cm2: 100, unknown_area: 0, events: 0 }).execute();
  await ctx.db.insertInto('rollup_totals').values({ scope_type: 'batch', scope_id: 987_654, stage: 'planned', buildings: 1, area_cm2: 100, unknown_area: 0 }).execute();
  await ctx.db.insertInto('household_changes').values({ scope_type: 'batch', scope_id: 987_654, date: '2025-01-01', households: 5, allocated: 0, notices: 0, handed_over: 0, moved_in: 0, certificates: 0 }).execute();
  const r = await verify();
  expect(r.differences).toEqual([
    { scope: 'batch:987654', stored: 1, computed: 0, first: JSON.stringify({ date: '2025-01-01', stage: 'planned', buildings: 1, areaCm2: 100, unknownArea: 0, events: 0 }) },
    { scope: 'batch:987654 totals', stored: 1, computed: 0, first: 'stored [{"stage":"planned","buildings":1,"areaCm2":100,"unknownArea":0}], computed []' },
    { scope: 'households batch:987654', stored: 1, computed: 0, first: JSON.stringify({ date: '2025-01-01', households: 5, allocated: 0, notices: 0, handedOver: 0, movedIn: 0, certificates: 0 }) },
  ]);
});

// The scopes a rollup is carried through: a sub-district (which no form sets, but a restored backup
// or the database may hold), a village edited or moved while in one, and a project moved with every
// household count; `figures verify` and `figures rebuild` report what they found and did.
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { recordHouseholds, type HouseholdInput } from '../../src/services/household.service';
import { recordMilestone } from '../../src/services/milestone-report.service';
import { rebuildRollups, verifyRollups } from '../../src/services/rollup.service';
import { createVillage, updateProject, updateVillage, type VillageInput } from '../../src/services/village-project.service';
import { readHouseholdChanges } from '../../src/repositories/household.repository';
import { readChanges } from '../../src/repositories/rollup.repository';
import { getProject, getVillage } from '../../src/repositories/entity.repository';
import { getDataVersion } from '../../src/repositories/version.repository';
import { createTestContext, type TestContext } from '../helpers/test-app';

const TODAY = '2026-11-26';
let ctx: TestContext;
beforeEach(async () => { ctx = await createTestContext(); });
afterEach(() => ctx.close());

const verify = () => ctx.db.transaction().execute((trx) => verifyRollups(trx));
const rebuild = () => ctx.db.transaction().execute((trx) => rebuildRollups(trx));
const households = (batchId: number, asOf: string, over: Partial<HouseholdInput>): HouseholdInput => ({
  batchId, asOf, households: null, allocated: null, notices: null, handedOver: null, movedIn: null, certificates: null, correctionReason: null, ...over,
});
const asInput = async (villageId: number): Promise<VillageInput> => {
  const v = (await getVillage(ctx.db, villageId))!;
  const district = await ctx.db.selectFrom('districts').select('name_zh').where('id', '=', v.districtId).executeTakeFirstOrThrow();
  return { districtName: district.name_zh, nameZh: v.nameZh, nameEn: v.nameEn, householdsEntitled: v.householdsEntitled, peopleEntitled: v.peopleEntitled, demolitionDate: v.demolitionDate, note: v.note, noteEn: v.noteEn ?? null };
};

/** Puts village 1 (in district 1) into a new sub-district, as a restored backup would. */
async function intoSubdistrict(): Promise<number> {
  const { id } = await ctx.db.insertInto('subdistricts').values({ district_id: 1, name_zh: '测试街道', name_en: null, is_demo: 0 }).returning('id').executeTakeFirstOrThrow();
  await ctx.db.updateTable('villages').set({ subdistrict_id: id }).where('id', '=', 1).execute();
  return Number(id);
}

test('a village put into a sub-district outside the app: verify names the missing sub-district, rebuild gives it the village\'s rows', async () => {
  expect.hasAssertions();
  const sub = await intoSubdistrict();
  // with a second village that has no projects at all: it adds nothing
  const empty = await createVillage(ctx.db, SYSTEM_ACTOR, TODAY, { ...(await asInput(1)), nameZh: '空村', householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null });
  await ctx.db.updateTable('villages').set({ subdistrict_id: sub }).where('id', '=', empty).execute();
  const r = await verify();
  expect(r.differences.map((d) => d.scope)).toEqual([`subdistrict:${sub}`, `subdistrict:${sub} totals`]);
  await rebuild();
  expect((await verify()).differences).toEqual([]);
  // the sub-district holds one village, so its rows are that village's, row for row
  const village = await readChanges(ctx.db, { type: 'village', id: 1 });
  expect(village.length).toBeGreaterThan(0);
  expect(await readChanges(ctx.db, { type: 'subdistrict', id: sub })).toEqual(village);
});

test('a milestone and a household record in a sub-district\'s village reach the sub-district in the same write', async () => {
  expect.hasAssertions();
  const sub = await intoSubdistrict();
  await rebuild();
  await recordMilestone(ctx.db, SYSTEM_ACTOR, TODAY, { target: { kind: 'building', id: 1 }, stage: 'delivered', date: '2026-02-01', note: null });
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, households(1, '2025-01-10', { households: 100, allocated: 90, notices: 80, handedOver: 70, movedIn: 60, certificates: 50 }));
  expect((await verify()).differences).toEqual([]);
  const delivered = (await readChanges(ctx.db, { type: 'subdistrict', id: sub })).filter((c) => c.date === '2026-02-01' && c.stage === 'delivered');
  expect(delivered.map((c) => c.buildings)).toEqual([1]);
  expect(await readHouseholdChanges(ctx.db, { type: 'subdistrict', id: sub }))
    .toEqual([{ date: '2025-01-10', households: 100, allocated: 90, notices: 80, handedOver: 70, movedIn: 60, certificates: 50 }]);
});

test('editing a village keeps its sub-district; moving it to another district leaves the sub-district, and its rows go with it', async () => {
  expect.hasAssertions();
  const sub = await intoSubdistrict();
  await rebuild();
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, households(1, '2025-01-10', { households: 100, allocated: 90 }));
  const v = await asInput(1);
  await updateVillage(ctx.db, SYSTEM_ACTOR, TODAY, 1, (await getVillage(ctx.db, 1))!.version, { ...v, note: '改了备注' });
  expect((await getVillage(ctx.db, 1))!.subdistrictId).toBe(sub);
  expect((await verify()).differences).toEqual([]);
  // a sub-district belongs to one district: a village that leaves the district leaves it too
  await updateVillage(ctx.db, SYSTEM_ACTOR, TODAY, 1, (await getVillage(ctx.db, 1))!.version, { ...v, districtName: '另一个测试区' });
  expect((await getVillage(ctx.db, 1))!.subdistrictId).toBeNull();
  expect((await verify()).differences).toEqual([]);
  expect(await readChanges(ctx.db, { type: 'subdistrict', id: sub })).toEqual([]);
  expect(await readHouseholdChanges(ctx.db, { type: 'subdistrict', id: sub })).toEqual([]);
});

test('a project moved to another district takes each of the six household counts out of the old district and into the new', async () => {
  expect.hasAssertions();
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, households(1, '2025-01-10', { households: 100, allocated: 90, notices: 80, handedOver: 70, movedIn: 60, certificates: 50 }));
  const other = await createVillage(ctx.db, SYSTEM_ACTOR, TODAY, { districtName: '另一个测试区', nameZh: '迁入村', nameEn: null, householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null });
  const newDistrict = (await getVillage(ctx.db, other))!.districtId;
  const { id: _id, sourceId: _s, isDemo: _d, version, status: _st, ...p } = (await getProject(ctx.db, 1))!;
  await updateProject(ctx.db, SYSTEM_ACTOR, TODAY, 1, version, { ...p, villageId: other });
  const record = { date: '2025-01-10', households: 100, allocated: 90, notices: 80, handedOver: 70, movedIn: 60, certificates: 50 };
  expect(await readHouseholdChanges(ctx.db, { type: 'district', id: 1 })).toEqual([]);
  expect(await readHouseholdChanges(ctx.db, { type: 'village', id: 1 })).toEqual([]);
  expect(await readHouseholdChanges(ctx.db, { type: 'district', id: newDistrict })).toEqual([record]);
  expect(await readHouseholdChanges(ctx.db, { type: 'village', id: other })).toEqual([record]);
  // the site holds both districts: it neither lost nor doubled the record
  expect(await readHouseholdChanges(ctx.db, { type: 'site', id: 0 })).toEqual([record]);
  expect((await verify()).differences).toEqual([]);
});

test('a project moved between two villages of one district: the villages trade its rows, the district and the site keep theirs', async () => {
  expect.hasAssertions();
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, households(1, '2025-01-10', { households: 100, allocated: 90 }));
  const districtBefore = await readChanges(ctx.db, { type: 'district', id: 1 });
  const other = await createVillage(ctx.db, SYSTEM_ACTOR, TODAY, { ...(await asInput(1)), nameZh: '同区另一村', householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null });
  const projectRows = await readChanges(ctx.db, { type: 'project', id: 1 });
  const { id: _id, sourceId: _s, isDemo: _d, version, status: _st, ...p } = (await getProject(ctx.db, 1))!;
  await updateProject(ctx.db, SYSTEM_ACTOR, TODAY, 1, version, { ...p, villageId: other });
  expect(await readChanges(ctx.db, { type: 'district', id: 1 })).toEqual(districtBefore);
  expect(await readChanges(ctx.db, { type: 'village', id: other })).toEqual(projectRows);
  expect(await readHouseholdChanges(ctx.db, { type: 'district', id: 1 })).toEqual([{ date: '2025-01-10', households: 100, allocated: 90, notices: 0, handedOver: 0, movedIn: 0, certificates: 0 }]);
  expect((await verify()).differences).toEqual([]);
});

test('verify counts every scope and row it compared; each difference says stored minus computed, and how many rows each side has', async () => {
  expect.hasAssertions();
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, households(1, '2025-01-10', { households: 100, allocated: 90 }));
  const rows = async (table: 'rollup_changes' | 'household_changes') => Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const scopes = async (table: 'rollup_changes' | 'household_changes') => (await ctx.db.selectFrom(table).select(['scope_type', 'scope_id']).distinct().execute()).length;
  const ok = await verify();
  // the seed's 6 scopes with buildings, and the record's batch, project, village, district and site
  expect({ scopes: ok.scopes, rows: ok.rows }).toEqual({ scopes: 6 + 5, rows: (await rows('rollup_changes')) + (await rows('household_changes')) });
  expect(await scopes('rollup_changes')).toBe(6);
  expect(await scopes('household_changes')).toBe(5);

  const districtRows = (await readChanges(ctx.db, { type: 'district', id: 1 })).length;
  await ctx.db.updateTable('rollup_changes').set((eb) => ({ buildings: eb('buildings', '+', 5) }))
    .where('scope_type', '=', 'district').where('stage', '=', 'planned').where('date', '=', '0000-01-01').execute();
  await ctx.db.updateTable('household_changes').set({ allocated: 87 }).where('scope_type', '=', 'village').execute();
  const broken = await verify();
  // 5 buildings too many stored; 87 allocated stored where the record says 90
  expect(broken.differences.map(({ first, ...d }) => ({ ...d, first: JSON.parse(first) }))).toEqual([
    { scope: 'district:1', stored: districtRows, computed: districtRows, first: { date: '0000-01-01', stage: 'planned', buildings: 5, areaCm2: 0, unknownArea: 0, events: 0 } },
    { scope: 'households village:1', stored: 1, computed: 1, first: { date: '2025-01-10', households: 0, allocated: -3, notices: 0, handedOver: 0, movedIn: 0, certificates: 0 } },
  ]);
});

test('rebuild says how many scopes and rows it wrote, and every cached page is dropped (the site version moves)', async () => {
  expect.hasAssertions();
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, households(1, '2025-01-10', { households: 100, allocated: 90 }));
  const before = await getDataVersion(ctx.db);
  const r = await rebuild();
  const count = async (table: 'rollup_changes' | 'household_changes') => Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  expect(r).toEqual({ scopes: 6 + 5, rows: (await count('rollup_changes')) + (await count('household_changes')) });
  expect(await getDataVersion(ctx.db)).toBe(before + 1);
  const site = await ctx.db.selectFrom('district_versions').select('version').where('district_id', '=', 0).executeTakeFirstOrThrow();
  const again = await rebuild();
  expect(again).toEqual(r);
  expect((await ctx.db.selectFrom('district_versions').select('version').where('district_id', '=', 0).executeTakeFirstOrThrow()).version).toBe(Number(site.version) + 1);
});

// The whole site's figures (the summary and the public export) are one long read at city scale:
// it must let other requests in while it runs, hold no more than its own connection, and readers
// asking together share it.
import { addDistrict, addProject, addVillage } from '../helpers/fixtures';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { readSite } from '../../src/services/site-read.service';
import { bumpSiteVersion } from '../../src/repositories/version.repository';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  const d = await addDistrict(ctx.db, { nameZh: '第二区' });
  const v = await addVillage(ctx.db, { districtId: d, nameZh: '第二村' });
  await addProject(ctx.db, { villageId: v, nameZh: '第二项目' });
});
afterAll(() => ctx.close());

const ASOF = '2026-11-26';

test('a site read gives the event loop its turn between districts (SQLite answers each query at once, so without that it ran start to end)', async () => {
  // every district read again (not taken from an earlier test's read): what every page shows changed
  await bumpSiteVersion(ctx.db);
  const order: string[] = [];
  const read = readSite(ctx.db, ASOF).then(() => order.push('read done'));
  setImmediate(() => order.push('another request\'s turn'));
  await read;
  expect(order).toEqual(['another request\'s turn', 'read done']);
});

test('every district, village and project of the site is in it, batches are not kept', async () => {
  const view = await readSite(ctx.db, ASOF);
  const counts = async (t: 'districts' | 'villages' | 'projects') => Number((await ctx.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  expect(view.snapshot.districts.map((d) => d.id)).toEqual((await ctx.db.selectFrom('districts').select('id').orderBy('id').execute()).map((r) => r.id));
  expect([view.snapshot.villages.length, view.snapshot.projects.length]).toEqual([await counts('villages'), await counts('projects')]);
  expect([view.figures.districts.size, view.figures.villages.size, view.figures.projects.size]).toEqual([await counts('districts'), await counts('villages'), await counts('projects')]);
  expect(view.figures.batches.size).toBe(0);
  expect(view.snapshot.reports.every((r) => r.scopeType === 'district')).toBe(true);
});

test('readers asking together share runs: ten at once cost two reads, not ten', async () => {
  let transactions = 0;
  const real = ctx.db.transaction.bind(ctx.db);
  const counting = Object.create(ctx.db) as typeof ctx.db;
  counting.transaction = () => { transactions += 1; return real(); };
  const views = await Promise.all(Array.from({ length: 10 }, () => readSite(counting, ASOF)));
  expect(transactions).toBe(2); // the first, and one for the nine who arrived while it ran
  expect(new Set(views).size).toBe(2);
});

test('after a write in one district only that district is read again; the others come from the last read', async () => {
  await readSite(ctx.db, ASOF);
  const before = await readSite(ctx.db, ASOF);
  await ctx.db.updateTable('villages').set({ note: '改' }).where('name_zh', '=', '第二村').execute();
  const after = await readSite(ctx.db, ASOF);
  // the second district's village shows the change; the first district's part is the very same object
  const v2 = after.snapshot.villages.find((v) => v.nameZh === '第二村')!;
  expect(v2.note).toBe('改');
  const first = (s: typeof after) => s.snapshot.villages.find((v) => v.districtId === s.snapshot.districts[0]!.id)!;
  expect(first(after)).toBe(first(before));
  expect(after.snapshot.villages.find((v) => v.nameZh === '第二村')).not.toBe(before.snapshot.villages.find((v) => v.nameZh === '第二村'));
});

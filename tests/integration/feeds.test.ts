// Follow without an account: an Atom 1.0 feed per district, village, project and batch, read here
// with a real feed parser (@rowanmanning/feed-parser), not by matching strings. Entries: stages
// reached, corrections, a target revised with its reason, household records; ids stable across fetches.
import request from 'supertest';
import { parseFeed } from '@rowanmanning/feed-parser';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { recordMilestone } from '../../src/services/milestone-report.service';
import { recordHouseholds } from '../../src/services/household.service';
import { addBatch, addProject } from '../helpers/fixtures';
import { createTestContext, type TestContext } from '../helpers/test-app';

const TODAY = '2026-11-26';
let ctx: TestContext;
let project: number;
let batch: number;
beforeAll(async () => {
  ctx = await createTestContext();
  project = await addProject(ctx.db, { villageId: 1, nameZh: '赵村北区安置房' });
  const b = await addBatch(ctx.db, { projectId: project, sequence: 1, nameZh: '第一批', nameEn: 'Batch 1', targetDeliveryDate: '2027-06-30', buildings: 2, stage: 'foundation', stageDate: '2025-01-10', code: (n) => `${n}号楼` });
  batch = b.batchId;
  await recordMilestone(ctx.db, SYSTEM_ACTOR, TODAY, { target: { kind: 'batch', id: batch }, stage: 'structure', date: '2025-03-01', note: null });
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, { batchId: batch, asOf: '2026-10-01', households: 80, allocated: 30, notices: null, handedOver: null, movedIn: null, certificates: null, correctionReason: null });
});
afterAll(() => ctx.close());

async function fetchFeed(url: string) {
  const res = await request(ctx.app).get(url);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
  return { feed: parseFeed(res.text), xml: res.text };
}

test('a batch\'s feed is valid Atom 1.0 with its stages reached and its households, newest first', async () => {
  const { feed, xml } = await fetchFeed(`/feeds/batch/${batch}.atom`);
  expect(feed.meta.type).toBe('atom');
  expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
  expect(feed.title).toBe('第一批 · 进度动态');
  // (other tests add newer entries: the three oldest are the ones written above)
  const oldest = feed.items.slice(-3);
  expect(oldest.map((i) => i.title)).toEqual([
    '第一批 回迁户数（应安置 80户）：已选房 30、已交房 0、已入住 0、已办证 0',
    '2栋楼达到“主体施工”',
    '2栋楼达到“基础施工”',
  ]);
  // each day as the start of that day in China (UTC+8)
  expect(oldest.map((i) => (i.updated ?? i.published)?.toISOString())).toEqual(['2026-09-30T16:00:00.000Z', '2025-02-28T16:00:00.000Z', '2025-01-09T16:00:00.000Z']);
  expect(oldest[1]!.url).toMatch(new RegExp(`/batches/${batch}$`));
});

test('entry ids stay the same on every fetch, and a new record adds an entry without changing the others', async () => {
  const before = (await fetchFeed(`/feeds/project/${project}.atom`)).feed.items.map((i) => i.id);
  expect(new Set(before).size).toBe(before.length);
  expect((await fetchFeed(`/feeds/project/${project}.atom`)).feed.items.map((i) => i.id)).toEqual(before);
  await recordMilestone(ctx.db, SYSTEM_ACTOR, TODAY, { target: { kind: 'batch', id: batch }, stage: 'topped_out', date: '2026-11-01', note: null });
  const after = (await fetchFeed(`/feeds/project/${project}.atom`)).feed.items;
  const added = after.filter((i) => !before.includes(i.id!));
  expect(added.map((i) => i.title)).toEqual(['2栋楼达到“主体封顶”']);
  expect(after.filter((i) => before.includes(i.id!)).map((i) => i.id)).toEqual(before);
});

test('a village\'s and a district\'s feed name the project of each line; English on ?lang=en', async () => {
  const village = (await fetchFeed('/feeds/village/1.atom')).feed;
  expect(village.items.map((i) => i.title)).toContain('赵村北区安置房：2栋楼达到“主体施工”');
  // the seed's own milestone of 2023-11-08: 8 buildings of the resettlement project at 园建配套
  expect(village.items.map((i) => i.title)).toContain('赵村城中村改造安置住宅：8栋楼达到“园建配套”');
  const district = (await fetchFeed('/feeds/district/1.atom')).feed;
  expect(district.items.length).toBeGreaterThanOrEqual(village.items.length);
  const en = (await fetchFeed(`/feeds/batch/${batch}.atom?lang=en`)).feed;
  expect(en.title).toBe('Batch 1 · updates');
  expect(en.items.map((i) => i.title)).toContain('2 buildings reached “Structure”');
});

test('a target revised is an entry with its reason', async () => {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('target_revisions').values({ scope_type: 'batch', scope_id: batch, revised_on: '2026-11-20', target_date: '2027-12-31', target_precision: 'day', reason: '主体结构返工', user_id: null, username: null, created_at: '2026-11-20T02:00:00.000Z' }).execute();
  });
  const titles = (await fetchFeed(`/feeds/batch/${batch}.atom`)).feed.items.map((i) => i.title);
  expect(titles).toContain('第一批 目标交付时间改为 2027年12月31日，原因：主体结构返工');
});

test('pages link their feed: a <link rel="alternate"> and a visible link', async () => {
  for (const [url, feed] of [['/', '/feeds/district/1.atom'], ['/villages/1', '/feeds/village/1.atom'], [`/projects/${project}`, `/feeds/project/${project}.atom`], [`/batches/${batch}`, `/feeds/batch/${batch}.atom`]] as const) {
    const html = (await request(ctx.app).get(url)).text;
    expect(html).toContain(`<link rel="alternate" type="application/atom+xml" href="${feed}"`);
    expect(html).toContain(`<a href="${feed}" type="application/atom+xml">订阅动态（Atom）</a>`);
  }
});

test('a scope that does not exist is 404, as is an unknown kind of scope or file; a bad id is refused; nothing crashes', async () => {
  expect((await request(ctx.app).get('/feeds/batch/999999.atom')).status).toBe(404);
  expect((await request(ctx.app).get('/feeds/planet/1.atom')).status).toBe(404);
  expect((await request(ctx.app).get('/feeds/batch/abc.atom')).status).toBe(400);
  expect((await request(ctx.app).get('/feeds/batch/1.rss')).status).toBe(404);
  const answers = await Promise.all(Array.from({ length: 20 }, (_v, i) => request(ctx.app).get(`/feeds/batch/${i + 1}.atom`)));
  expect(answers.every((a) => a.status === 200 || a.status === 404)).toBe(true);
});

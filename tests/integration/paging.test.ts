// Long lists a page at a time: a project's records (the latest 10 on its page, all of them 50 a page on
// /projects/:id/records).
// Expected pages are worked out by hand from the fixtures.
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { mainText } from '../helpers/html';
import { addBatch, addDistrict, addProject, addProjectReport, addVillage } from '../helpers/fixtures';
import { listRecords } from '../../src/repositories/record.repository';

let ctx: TestContext;
/** 3 buildings reached foundation on 2025-01-10 (one record) and 10 reports on the 1st of Feb … Nov 2025: 11 records. */
let eleven: number;
/** 2 buildings at foundation on 2020-01-05, 1 at structure on 2020-02-05, and 51 reports monthly from 2021-01-01: 53 records. */
let fiftyThree: number;
/** A project with one record. */
let fewRecords: number;

const month = (start: [number, number], i: number) => {
  const m = start[1] - 1 + i;
  return `${start[0] + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
};

beforeAll(async () => {
  ctx = await createTestContext();
  const district = await addDistrict(ctx.db, { nameZh: '分页测试区' });
  const village = await addVillage(ctx.db, { districtId: district, nameZh: '记录测试村' });
  eleven = await addProject(ctx.db, { villageId: village, nameZh: '十一条记录项目' });
  await addBatch(ctx.db, { projectId: eleven, sequence: 1, nameZh: '第一批', buildings: 3, stage: 'foundation', stageDate: '2025-01-10' });
  for (let i = 0; i < 10; i++) await addProjectReport(ctx.db, { projectId: eleven, asOf: month([2025, 2], i) });
  fiftyThree = await addProject(ctx.db, { villageId: village, nameZh: '五十三条记录项目' });
  await addBatch(ctx.db, { projectId: fiftyThree, sequence: 1, nameZh: '第一批', buildings: 2, stage: 'foundation', stageDate: '2020-01-05' });
  await addBatch(ctx.db, { projectId: fiftyThree, sequence: 2, nameZh: '第二批', buildings: 1, stage: 'structure', stageDate: '2020-02-05' });
  for (let i = 0; i < 51; i++) await addProjectReport(ctx.db, { projectId: fiftyThree, asOf: month([2021, 1], i) });
  fewRecords = await addProject(ctx.db, { villageId: village, nameZh: '记录很少项目' });
  await addBatch(ctx.db, { projectId: fewRecords, sequence: 1, nameZh: '第一批', buildings: 4, stage: 'structure', stageDate: '2025-03-03' });
});
afterAll(async () => { await ctx.close(); });

const get = (url: string) => request(ctx.app).get(url);
const page = async (url: string) => {
  const res = await get(url);
  expect(res.status).toBe(200);
  return res.text;
};
/** The days of the records listed, in order, and what each says. */
const records = (html: string) => {
  const section = /<ul class="timeline">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return section.split('<li>').slice(1).map((li) => mainText(`<main>${li}</main>`));
};
const days = (html: string) => [...(/<ul class="timeline">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '').matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]);

describe('a project\'s page lists its latest 10 records', () => {
  test('11 records: the 10 reports, newest first, and a link to all 11', async () => {
    const html = await page(`/projects/${eleven}`);
    expect(days(html)).toEqual(['2025-11-01', '2025-10-01', '2025-09-01', '2025-08-01', '2025-07-01', '2025-06-01', '2025-05-01', '2025-04-01', '2025-03-01', '2025-02-01']);
    expect(html).toContain(`<a href="/projects/${eleven}/records">全部记录（11 条）</a>`);
    expect(html).not.toContain('3栋达到“基础施工”');
  });

  test('the records page lists all 11 on one page, the oldest the milestone of 3 buildings, with no pager', async () => {
    const html = await page(`/projects/${eleven}/records`);
    const list = records(html);
    expect(list).toHaveLength(11);
    expect(list[10]).toBe('2025年1月10日 3栋达到“基础施工”');
    expect(list[0]).toMatch(/^2025年11月1日 报送的累计数：/);
    expect(mainText(html)).toContain('共 11 条记录');
    expect(html).not.toContain('class="pager"');
  });

  test('a project with no more than 10 records has no link to all of them', async () => {
    const html = await page(`/projects/${fewRecords}`);
    expect(records(html)).toEqual(['2025年3月3日 4栋达到“主体施工”']);
    expect(html).not.toContain(`/projects/${fewRecords}/records`);
  });
});

describe('GET /projects/:id/records, 50 a page', () => {
  test('page 1: the 50 newest reports, and links to page 2', async () => {
    const html = await page(`/projects/${fiftyThree}/records`);
    const d = days(html);
    expect(d).toHaveLength(50);
    expect(d[0]).toBe('2025-03-01'); // the 51st month from January 2021
    expect(d[49]).toBe('2021-02-01');
    expect(mainText(html)).toContain('共 53 条记录');
    expect(mainText(html)).toContain('第 1 / 2 页 · 第 1–50 条');
    expect(html).toContain(`<a href="/projects/${fiftyThree}/records?page=2" rel="next">下一页</a>`);
    expect(html).toContain(`<a href="/projects/${fiftyThree}/records" aria-current="page" aria-label="第 1 页">1</a>`);
    expect(html).not.toContain('rel="prev"');
  });

  test('page 2: the rest, the oldest report then the two milestones, and back to page 1', async () => {
    await page(`/projects/${fiftyThree}/records`); // page 1 first: the page cache must not answer page 2 with it
    const html = await page(`/projects/${fiftyThree}/records?page=2`);
    const list = records(html);
    expect(list).toHaveLength(3);
    expect(list[0]).toMatch(/^2021年1月1日 报送的累计数：/);
    expect(list.slice(1)).toEqual(['2020年2月5日 1栋达到“主体施工”', '2020年1月5日 2栋达到“基础施工”']);
    expect(mainText(html)).toContain('第 2 / 2 页 · 第 51–53 条');
    expect(html).toContain(`<a href="/projects/${fiftyThree}/records" rel="prev">上一页</a>`);
    expect(html).not.toContain('rel="next"');
  });

  test('page 999 says there is nothing there, how many there are, and links back', async () => {
    const html = await page(`/projects/${fiftyThree}/records?page=999`);
    expect(records(html)).toEqual([]);
    const text = mainText(html);
    expect(text).toContain('第 999 页没有记录：全部记录共 53 条，只有 2 页。');
    expect(html).toContain(`<a href="/projects/${fiftyThree}/records">回到第 1 页</a>`);
    expect(html).toContain(`<a href="/projects/${fiftyThree}/records?page=2">最后一页（第 2 页）</a>`);
  });

  test.each(['abc', '0', '-1', '1.5', '２'])('page=%s is refused with a 400 naming the parameter, as the other lists do', async (bad) => {
    const res = await get(`/projects/${fiftyThree}/records?page=${encodeURIComponent(bad)}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('<strong>page</strong>');
  });

  test('an unknown project is a 404, a malformed id a 400', async () => {
    expect((await get('/projects/999999/records')).status).toBe(404);
    expect((await get('/projects/abc/records')).status).toBe(400);
  });

  test('the repository reads one page with LIMIT/OFFSET, and the total of all', async () => {
    const p = await listRecords(ctx.db, { projectId: fiftyThree }, { limit: 5, offset: 50 });
    expect(p.total).toBe(53);
    expect(p.records.map((r) => [r.kind, r.date])).toEqual([['report', '2021-01-01'], ['milestones', '2020-02-05'], ['milestones', '2020-01-05']]);
    expect(p.records[2]).toMatchObject({ kind: 'milestones', stage: 'foundation', buildings: 2 });
    const batchOnly = await listRecords(ctx.db, { batchId: (await ctx.db.selectFrom('batches').select('id').where('project_id', '=', fiftyThree).where('sequence', '=', 2).executeTakeFirstOrThrow()).id }, { limit: 10, offset: 0 });
    expect(batchOnly).toMatchObject({ total: 1, records: [{ kind: 'milestones', date: '2020-02-05', stage: 'structure', buildings: 1 }] });
  });
});

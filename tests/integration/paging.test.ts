// Long lists a page at a time: a project's records (the latest 10 on its page, all of them 50 a page on
// /projects/:id/records), the overview's projects and a village's projects, sorted as a whole first.
// Expected pages are worked out by hand from the fixtures.
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { mainText, overviewProjectOrder } from '../helpers/html';
import { addBatch, addDistrict, addProject, addProjectReport, addVillage } from '../helpers/fixtures';
import { listRecords } from '../../src/repositories/record.repository';
import { refreshBatches } from '../../src/services/rollup.service';

let ctx: TestContext;
/** 3 buildings reached foundation on 2025-01-10 (one record) and 10 reports on the 1st of Feb … Nov 2025: 11 records. */
let eleven: number;
/** 2 buildings at foundation on 2020-01-05, 1 at structure on 2020-02-05, and 51 reports monthly from 2021-01-01: 53 records. */
let fiftyThree: number;
let district: number;
let crowded: number;
/** A project with one record. */
let fewRecords: number;
/** A batch of 11 buildings at foundation on 2024-01-02, each then at structure on its own day (2024-02-01 … 2024-02-11): 12 records. */
let busyBatch: { project: number; batch: number };
/** The 60 projects of `crowded`, in the order they were added (项目01 … 项目60). */
const sixty: number[] = [];

const month = (start: [number, number], i: number) => {
  const m = start[1] - 1 + i;
  return `${start[0] + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
};

beforeAll(async () => {
  ctx = await createTestContext();
  district = await addDistrict(ctx.db, { nameZh: '分页测试区' });
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
  // in a district of its own, so that the overview's counts below stay those of the 63 projects
  const busyVillage = await addVillage(ctx.db, { districtId: await addDistrict(ctx.db, { nameZh: '批次测试区' }), nameZh: '批次测试村' });
  const busy = await addProject(ctx.db, { villageId: busyVillage, nameZh: '批次记录多项目' });
  const { batchId, buildingIds } = await addBatch(ctx.db, { projectId: busy, sequence: 1, nameZh: '第一批', buildings: 11, stage: 'foundation', stageDate: '2024-01-02' });
  for (const [i, id] of buildingIds.entries()) {
    const day = `2024-02-${String(i + 1).padStart(2, '0')}`;
    await ctx.db.insertInto('milestones').values({ building_id: id, stage: 'structure', date: day, kind: 'actual', source_id: null, note: null, created_at: '2026-11-26T00:00:00.000Z' }).execute();
    await ctx.db.updateTable('buildings').set({ stage: 'structure', stage_date: day }).where('id', '=', id).execute();
  }
  await refreshBatches(ctx.db, [batchId]);
  busyBatch = { project: busy, batch: batchId };

  // 60 projects in one village; the later a project was added, the earlier its planned completion.
  crowded = await addVillage(ctx.db, { districtId: district, nameZh: '项目很多村' });
  for (let i = 1; i <= 60; i++) {
    const day = new Date(Date.UTC(2030, 0, 1 + (60 - i))).toISOString().slice(0, 10);
    sixty.push(await addProject(ctx.db, { villageId: crowded, nameZh: `项目${String(i).padStart(2, '0')}`, plannedCompletion: day }));
  }
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
    expect(html).not.toContain('3栋楼达到“基础施工”');
  });

  test('the records page lists all 11 on one page, the oldest the milestone of 3 buildings, with no pager', async () => {
    const html = await page(`/projects/${eleven}/records`);
    const list = records(html);
    expect(list).toHaveLength(11);
    expect(list[10]).toBe('2025年1月10日 3栋楼达到“基础施工”');
    expect(list[0]).toMatch(/^2025年11月1日 报送的累计数：/);
    expect(mainText(html)).toContain('共 11 条记录');
    expect(html).not.toContain('class="pager"');
  });

  test('a project with no more than 10 records has no link to all of them', async () => {
    const html = await page(`/projects/${fewRecords}`);
    expect(records(html)).toEqual(['2025年3月3日 4栋楼达到“主体施工”']);
    expect(html).not.toContain(`/projects/${fewRecords}/records`);
  });
});

test('a batch\'s page lists its own latest 10 records and links to all of its project\'s', async () => {
  const html = await page(`/batches/${busyBatch.batch}`);
  expect(days(html)).toEqual(['2024-02-11', '2024-02-10', '2024-02-09', '2024-02-08', '2024-02-07', '2024-02-06', '2024-02-05', '2024-02-04', '2024-02-03', '2024-02-02']);
  expect(records(html)[0]).toBe('2024年2月11日 1栋楼达到“主体施工”');
  expect(mainText(html)).toContain('这里列出本批次最近的 10 条记录（共 12 条）。 查看本项目的全部记录');
  expect(html).toContain(`<a href="/projects/${busyBatch.project}/records">查看本项目的全部记录</a>`);
  const all = records(await page(`/projects/${busyBatch.project}/records`));
  expect(all).toHaveLength(12);
  expect(all[11]).toBe('2024年1月2日 11栋楼达到“基础施工”');
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
    expect(list.slice(1)).toEqual(['2020年2月5日 1栋楼达到“主体施工”', '2020年1月5日 2栋楼达到“基础施工”']);
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
    expect(res.text).toContain('<strong>页码</strong>');
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

describe('the overview lists 50 projects a page, sorted as a whole first', () => {
  // By next deadline (the default): the last added has the earliest planned completion, so 项目60 … 项目01.
  const byDeadline = () => [...sixty].reverse();

  test('page 1: the 50 earliest deadlines of all 60 (not of the first 50 added), with the total', async () => {
    const html = await page(`/?district=${district}`);
    const order = overviewProjectOrder(html);
    expect(order).toEqual(byDeadline().slice(0, 50));
    expect(mainText(html)).toContain('共 63 个项目 · 第 1 / 2 页');
  });

  test('page 2 holds the rest: the three record projects (no deadline) last', async () => {
    await page(`/?district=${district}`);
    const html = await page(`/?district=${district}&page=2`);
    expect(overviewProjectOrder(html).slice(0, 10)).toEqual(byDeadline().slice(50));
    expect(overviewProjectOrder(html)).toHaveLength(13);
  });

  test('the page links keep the district, sort and direction; the sort links go back to page 1', async () => {
    const html = await page(`/?district=${district}&sort=project&dir=desc`);
    expect(html).toContain(`<a href="/?district=${district}&amp;sort=project&amp;dir=desc&amp;page=2" rel="next">下一页</a>`);
    expect(html).toMatch(new RegExp(`<a href="\\?district=${district}&amp;sort=project&amp;dir=asc">`));
    const p2 = await page(`/?district=${district}&sort=project&dir=desc&page=2`);
    expect(p2).toContain(`<a href="/?district=${district}&amp;sort=project&amp;dir=desc" rel="prev">上一页</a>`);
  });

  test('by name descending, page 2 holds the names that sort first', async () => {
    // By code point, descending: 项 (U+9879) › 记 (U+8BB0) › 十 (U+5341) › 五 (U+4E94); 项目60 … 项目11 fill page 1.
    const p2 = overviewProjectOrder(await page(`/?district=${district}&sort=project&dir=desc&page=2`));
    expect(p2).toEqual([...sixty.slice(0, 10).reverse(), fewRecords, eleven, fiftyThree]);
  });

  test('past the last page: said so, with the total', async () => {
    const text = mainText(await page(`/?district=${district}&page=3`));
    expect(text).toContain('第 3 页没有项目：本区共 63 个项目，只有 2 页。');
  });

  test('page=abc is a 400 naming the parameter', async () => {
    const res = await get(`/?district=${district}&page=abc`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('<strong>页码</strong>');
  });
});

describe('a village lists 20 projects a page', () => {
  test('the crowded village: 60 projects on 3 pages, in the order they were added', async () => {
    const html = await page(`/villages/${crowded}`);
    const listed = [...html.matchAll(/<section class="project-block" aria-labelledby="h-p(\d+)">/g)].map((m) => Number(m[1]));
    expect(listed).toEqual(sixty.slice(0, 20));
    expect(mainText(html)).toContain('共 60 个项目 · 第 1 / 3 页');
    expect(html).toContain(`<a href="/villages/${crowded}?page=2" rel="next">下一页</a>`);
    const p3 = await page(`/villages/${crowded}?page=3`);
    expect([...p3.matchAll(/aria-labelledby="h-p(\d+)"/g)].map((m) => Number(m[1]))).toEqual(sixty.slice(40, 60));
    expect(p3).toContain(`<a href="/villages/${crowded}?page=2" rel="prev">上一页</a>`);
    expect(p3).not.toContain('rel="next"');
  });

  test('past the last page, and a bad page', async () => {
    expect(mainText(await page(`/villages/${crowded}?page=9`))).toContain('第 9 页没有项目：本村共 60 个项目，只有 3 页。');
    expect((await get(`/villages/${crowded}?page=x`)).status).toBe(400);
  });
});

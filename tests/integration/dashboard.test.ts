// The officials' dashboard through the real app and database: who may see it, the real data set as
// of 2026-11-26, the cost of delay once an administrator sets the allowance, and sorting.
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { signedInAgent, type Agent } from '../helpers/sign-in';
import { chartSpecs, mainText } from '../helpers/html';
import { addBatch, addDistrict, addProject, addVillage } from '../helpers/fixtures';
import { setSetting } from '../../src/repositories/settings.repository';
import { formatterFor } from '../../src/web/format';

const zh = formatterFor('zh');
const DAYS_PER_MONTH = 365.25 / 12;
const COLLECTIVE = '赵村城中村改造配套集体经济适用房项目';

let ctx: TestContext;
let official: Agent;
let admin: Agent;
let ids: { district: number; collective: number; batch1: number; batch2: number };

/** `kind-id` of the late table's rows, in page order. */
const lateOrder = (html: string) => [...html.matchAll(/<tr data-late="([a-z]+-\d+)">/g)].map((m) => m[1]);
/** Village ids of the comparison table's rows, in page order. */
const villageOrder = (html: string) => [...html.matchAll(/<tr data-village="(\d+)">/g)].map((m) => Number(m[1]));
/** The HTML of one section of the page, by its heading id. */
const section = (html: string, id: string) => new RegExp(`<section aria-labelledby="${id}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
/** What a reader sees of a fragment of the page. */
const textOf = (fragment: string) => mainText(`<main>${fragment}</main>`);
/** One late-table row. */
const lateRow = (html: string, key: string) => new RegExp(`<tr data-late="${key}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';

beforeAll(async () => {
  ctx = await createTestContext();
  const projects = (await request(ctx.app).get('/api/v1/projects')).body.projects;
  const resettlement = projects.find((p: { kind: string }) => p.kind === 'resettlement');
  const collective = projects.find((p: { name: string }) => p.name === COLLECTIVE);
  const detail = (await request(ctx.app).get(`/api/v1/projects/${resettlement.id}`)).body.project;
  ids = {
    district: (await request(ctx.app).get('/api/v1/summary')).body.districts[0].id,
    collective: collective.id,
    batch1: detail.batches[0].id,
    batch2: detail.batches[1].id,
  };
  official = (await signedInAgent(ctx.app, ctx.db, 'official')).agent;
  admin = (await signedInAgent(ctx.app, ctx.db, 'admin')).agent;
});
afterAll(async () => { await ctx.close(); });

describe('who may see /dashboard', () => {
  test('anonymous visitors are sent to sign in (303)', async () => {
    const res = await request(ctx.app).get('/dashboard');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fdashboard');
  });

  test('staff are refused (403)', async () => {
    const { agent } = await signedInAgent(ctx.app, ctx.db, 'staff');
    expect((await agent.get('/dashboard')).status).toBe(403);
  });

  test.each(['official', 'admin'] as const)('%s gets the page, not cached', async (role) => {
    const res = await (role === 'official' ? official : admin).get('/dashboard');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toMatch(/no-store/);
    expect(res.text).toContain('<title>领导看板 · 城中村改造与回迁安置进度</title>');
  });

  test('shows no personal data: no other account, no reporter', async () => {
    const other = await signedInAgent(ctx.app, ctx.db, 'staff', { username: 'reporter_wang' });
    expect(other.username).toBe('reporter_wang');
    const html = (await official.get('/dashboard')).text;
    expect(html).not.toContain('reporter_wang');
    expect(mainText(html)).not.toMatch(/official\d+_/); // not even the signed-in user's own name in the body
  });
});

describe('the real data set as of 2026-11-26', () => {
  let html: string;
  beforeAll(async () => { html = (await official.get('/dashboard')).text; });

  test('both Zhao village batches and the collective project are overdue, most days late first', () => {
    expect(lateOrder(html)).toEqual([`batch-${ids.batch1}`, `batch-${ids.batch2}`, `project-${ids.collective}`]);
    // 2023-12-31 → 2026-11-26 is 1061 days; 2024-12-31 → 695; 2025-12-31 → 330.
    const b1 = lateRow(html, `batch-${ids.batch1}`);
    expect(b1).toContain(`晚 ${zh.number(1061)} 天`);
    expect(b1).toContain('已逾期');
    expect(b1).toContain('2023年底'); // target with its precision (year)
    expect(b1).toContain(`href="/batches/${ids.batch1}#h-history"`);
    expect(b1).toContain('进度记录太少，暂不预测'); // no forecast, and why
    expect(b1).toContain('久未更新');
    expect(lateRow(html, `batch-${ids.batch2}`)).toContain(`晚 ${zh.number(695)} 天`);
    const p = lateRow(html, `project-${ids.collective}`);
    expect(p).toContain(`晚 ${zh.number(330)} 天`);
    expect(p).toContain('2025年12月');
    expect(p).toContain(`href="/projects/${ids.collective}#h-history"`);
  });

  test('the key figures count three overdue items', () => {
    expect(mainText(html)).toContain('已逾期 3 个批次或项目');
  });

  test('the district consistency finding is shown and links to the district page', () => {
    const s = section(html, 'h-findings');
    expect(s).toContain('data-scope="district"');
    expect(s).toContain(`href="/?district=${ids.district}#h-consistency"`);
    const text = textOf(s);
    expect(text).toContain('按公布的开工率和竣工交付率倒推，安置房规划的总面积都约在');
    expect(text).toContain('两者对得上');
  });

  test('the cost of delay says the allowance is not set, shows no amount, and does not offer officials the settings link', () => {
    const s = section(html, 'h-cost');
    expect(s).toContain('data-cost="no-allowance"');
    expect(textOf(s)).toContain('管理员尚未设置过渡安置费标准');
    expect(textOf(s)).toContain('目前有 2 个批次已逾期');
    expect(s).not.toMatch(/\d元/);
    expect(s).not.toContain('href="/admin/settings"');
  });

  test('admins get the link to the settings from the empty state', async () => {
    const s = section((await admin.get('/dashboard')).text, 'h-cost');
    expect(s).toContain('href="/admin/settings"');
  });

  test('trends explain that one report and one milestone date are too little history', () => {
    const s = section(html, 'h-trends');
    expect(s).toContain('data-empty="reports"');
    expect(textOf(s)).toContain('本区只有 1 次报送（2023年11月8日）');
    expect(s).toContain('data-empty="progress"');
    expect(textOf(s)).toContain(zh.area(14_740_000)); // the reported figure is still listed
  });

  test('villages are compared in a table and a chart; the single-district page has no district filter', () => {
    expect(villageOrder(html)).toHaveLength(1);
    const specs = chartSpecs(html);
    expect(specs).toHaveLength(1);
    expect(specs[0]).toMatchObject({ type: 'bar', unit: 'percent', labels: ['赵村'] });
    expect(html).not.toContain('aria-label="选择区"');
  });

  test('English works too', async () => {
    const { agent } = await signedInAgent(ctx.app, ctx.db, 'official'); // ?lang= is remembered: not the shared agent
    const res = await agent.get('/dashboard?lang=en');
    expect(res.status).toBe(200);
    expect(mainText(res.text)).toContain('Overdue, at risk and postponed');
    expect(mainText(res.text)).toContain('1,061 days late');
  });
});

describe('sorting and query parameters', () => {
  let demo: { district: number; villages: number[] };
  // Its own database: the demonstration district it adds must not show in the other tests, whatever their order.
  let own: TestContext;
  let official: Agent;
  afterAll(() => own.close());

  beforeAll(async () => {
    own = await createTestContext();
    official = (await signedInAgent(own.app, own.db, 'official')).agent;
    const ctx = own;
    const district = await addDistrict(ctx.db, { nameZh: '示例区', nameEn: 'Demo district', isDemo: true });
    const villages: number[] = [];
    for (const [i, name] of ['丙村', '甲村', '乙村'].entries()) {
      const village = await addVillage(ctx.db, { districtId: district, nameZh: name, isDemo: true });
      const project = await addProject(ctx.db, { villageId: village, nameZh: `${name}安置房`, isDemo: true });
      await addBatch(ctx.db, { projectId: project, sequence: 1, nameZh: '第一批', targetDeliveryDate: '2027-12-31', buildings: i + 1,
        stage: (['foundation', 'topped_out', 'delivered'] as const)[i]!, stageDate: '2026-06-01', floorAreaM2: 1000 * (i + 1) });
      villages.push(village);
    }
    demo = { district, villages };
  });

  const get = async (query: string) => official.get(`/dashboard?district=${demo.district}${query}`);

  test('the district filter appears, demo districts labelled as such', async () => {
    const html = (await official.get('/dashboard')).text;
    expect(html).toMatch(new RegExp(`<a href="/dashboard\\?district=${demo.district}">示例区 <span class="tag-demo">演示数据</span></a>`));
    const demoPage = (await get('')).text;
    expect(demoPage).toContain('<div class="demo-banner" role="note">');
    expect(demoPage).toMatch(/<a href="\/villages\/\d+">甲村<\/a> <span class="tag-demo">演示数据<\/span>/);
  });

  test('sorts by construction progress either way and by planned area', async () => {
    const [a, b, c] = demo.villages; // progress 10 %, 60 %, 100 %; areas 1000, 4000, 9000 m²
    expect(villageOrder((await get('&sort=progress&dir=asc')).text)).toEqual([a, b, c]);
    expect(villageOrder((await get('&sort=progress&dir=desc')).text)).toEqual([c, b, a]);
    expect(villageOrder((await get('&sort=planned')).text)).toEqual([c, b, a]); // figures default to descending
    const html = (await get('&sort=progress&dir=asc')).text;
    expect(html).toMatch(/<th scope="col" class="num" aria-sort="ascending">\s*<a href="\/dashboard\?district=\d+&amp;sort=progress&amp;dir=desc#h-villages">/);
    expect(chartSpecs(html)[0]!.labels).toEqual(['丙村', '甲村', '乙村']);
  });

  test('unknown sort keys and directions fall back to the default order', async () => {
    for (const q of ['&sort=evil', '&sort=progress&dir=sideways', '&sort=__proto__', '&sort=progress&sort=village', '&dir[]=asc']) {
      const res = await get(q);
      expect(res.status).toBe(200);
      expect(villageOrder(res.text)).toHaveLength(3);
    }
    expect((await get('&sort=evil')).text).toMatch(/aria-sort="descending">\s*<a href="[^"]*sort=overdue/);
  });

  test('a malformed district is a 400 and an unknown one a 404, never a 500', async () => {
    expect((await official.get('/dashboard?district=abc')).status).toBe(400);
    expect((await official.get('/dashboard?district=1%27%20OR%201=1')).status).toBe(400);
    expect((await official.get('/dashboard?district=99999')).status).toBe(404);
  });
});

describe('cost of delay once the allowance and households are set', () => {
  // Its own database: the allowance and households it sets must not reach the other tests.
  let ctx: TestContext;
  let official: Agent;
  beforeAll(async () => {
    ctx = await createTestContext();
    official = (await signedInAgent(ctx.app, ctx.db, 'official')).agent;
  });
  afterAll(() => ctx.close());

  test('shows the cost per overdue batch and the total, with the rate', async () => {
    await setSetting(ctx.db, 'monthly_allowance_yuan_per_household', '1500');
    await ctx.db.updateTable('batches').set({ households: 320 }).where('id', '=', ids.batch1).execute();
    const partial = section((await official.get('/dashboard')).text, 'h-cost');
    const cost1 = Math.round(320 * 1500 * (1061 / DAYS_PER_MONTH));
    expect(partial).toContain(zh.money(cost1));
    expect(textOf(partial)).toContain(`每户每月 ${zh.money(1500)}`);
    expect(textOf(partial)).toContain('户数未登记，无法计算'); // batch 2: unknown, not 0
    expect(textOf(partial)).toContain('另有 1 个批次户数未登记，未计入合计');

    await ctx.db.updateTable('batches').set({ households: 250 }).where('id', '=', ids.batch2).execute();
    const html = (await official.get('/dashboard')).text;
    const cost2 = Math.round(250 * 1500 * (695 / DAYS_PER_MONTH));
    const total = /<td class="num" data-cost-total>([\s\S]*?)<\/td>/.exec(section(html, 'h-cost'))?.[1] ?? '';
    expect(textOf(total)).toBe(zh.money(cost1 + cost2));
    expect(mainText(html)).toContain(zh.money(cost1 + cost2)); // and in the key figures
    expect(section(html, 'h-cost')).not.toContain('户数未登记');
  });
});

// The public pages over the real data set, in Chinese (the default): what a resident reads.
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { chartSpecs, htmlLang, mainText, overviewProjectOrder } from '../helpers/html';
import { addBatch, addProject } from '../helpers/fixtures';
import { formatterFor } from '../../src/web/format';

// Display strings come from the app's Chinese formatter (src/web/format.ts), so a change of
// separator policy does not break these tests; what each string stands for is checked separately.
const zh = formatterFor('zh');

const RESETTLEMENT = '赵村城中村改造安置住宅';
const COLLECTIVE = '赵村城中村改造配套集体经济适用房项目';

let ctx: TestContext;
let ids: { district: number; village: number; resettlement: number; collective: number; batch1: number; batch2: number };

beforeAll(async () => {
  ctx = await createTestContext();
  const projects = (await request(ctx.app).get('/api/v1/projects')).body.projects;
  const resettlement = projects.find((p: { name: string }) => p.name === RESETTLEMENT);
  const collective = projects.find((p: { name: string }) => p.name === COLLECTIVE);
  const detail = (await request(ctx.app).get(`/api/v1/projects/${resettlement.id}`)).body.project;
  ids = {
    district: (await request(ctx.app).get('/api/v1/summary')).body.districts[0].id,
    village: resettlement.villageId,
    resettlement: resettlement.id,
    collective: collective.id,
    batch1: detail.batches[0].id,
    batch2: detail.batches[1].id,
  };
});
afterAll(async () => { await ctx.close(); });

const page = async (url: string) => {
  const res = await request(ctx.app).get(url);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  return res.text;
};

describe('GET / (district overview)', () => {
  let html: string;
  beforeAll(async () => { html = await page('/'); });

  test('is a Chinese page by default', () => {
    expect(htmlLang(html)).toBe('zh-CN');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<title>全区总览 · 城中村改造与回迁安置进度</title>');
    expect(html).toContain('<h1>郑州高新技术产业开发区</h1>');
  });

  test('the formatter writes the seeded figures in 万㎡ / 万人 with their real values', () => {
    expect(zh.area(14_740_000).replace(/,/g, '')).toBe('1474万㎡');
    expect(zh.area(11_570_000).replace(/,/g, '')).toBe('1157万㎡');
    expect(zh.count(108_700, 'people').replace(/,/g, '')).toMatch(/^(108700人|10\.87万人)$/);
  });

  test('the published headline figures, formatted in 万㎡ and %', () => {
    const text = mainText(html);
    expect(text).toContain(`开工面积 ${zh.area(14_740_000)} 公布数`);
    expect(text).toContain(`竣工交付面积 ${zh.area(11_570_000)} 公布数`);
    expect(text).toContain(`回迁人数 ${zh.count(108_700, 'people')} 公布数`);
    expect(text).toContain('开工率 96%');
    expect(text).toContain('竣工交付率 76%');
    expect(text).toContain('回迁率 96%');
    expect(text).toContain('公布数来自 2023年11月8日 的报道');
    expect(text).toContain("按下群众回迁安置'快进键' 赵村城中村改造配套项目开工");
  });

  test('the published figures are labelled as published, the missing itemised ones as unknown', () => {
    const text = mainText(html);
    expect(text.match(/公布数/g)!.length).toBeGreaterThanOrEqual(3);
    expect(text).toContain('还算不出来（楼栋还没登记，或不知道楼栋的面积）');
    // Progress counted by buildings and labelled so.
    expect(text).toContain('64.3%');
    expect(text).toContain('各栋楼的面积没有公布，进度按 15 栋楼平均来算，不按面积。');
    expect(text).toContain('已逾期 3 个 · 有风险 0 个 · 已交付 0 个');
  });

  test('the consistency findings as sentences', () => {
    const text = mainText(html);
    expect(text).toContain('公布数据核对');
    expect(zh.area(15_274_611.4).replace(/,/g, '')).toBe('1527.46万㎡');
    expect(zh.area(15_324_503.3).replace(/,/g, '')).toBe('1532.45万㎡');
    expect(text).toContain(`按公布的开工率和竣工交付率倒推，安置房规划的总面积都约在 ${zh.area(15_274_611.4)} 至 ${zh.area(15_324_503.3)} 之间：两者对得上。`);
    expect(text).toContain('按公布的回迁率倒推，应回迁的群众约有 112,642 至 113,822 人（报道没有直接给出这个数）。');
    expect(html).not.toContain('finding-warning');
  });

  test('both projects, linked, with their next deadline and status', () => {
    expect(html).toContain(`<a href="/projects/${ids.resettlement}">${RESETTLEMENT}</a>`);
    expect(html).toContain(`<a href="/projects/${ids.collective}">${COLLECTIVE}</a>`);
    expect(html).toContain(`<a href="/villages/${ids.village}">赵村</a>`);
    const text = mainText(html);
    expect(text).toContain('2023年底');
    expect(text).toContain('2025年12月');
    expect(text).toContain('已逾期 · 晚 1,061 天');
    expect(text).toContain('已逾期 · 晚 330 天');
    expect(text).toContain('久未更新');
    expect(text).toContain('已有 1,114 天没有新的报送');
  });

  test('three charts whose data-chart attributes parse to the seeded figures', () => {
    const specs = chartSpecs(html);
    expect(specs).toHaveLength(3);
    const [stages, villages, deliveries] = specs;
    expect(stages!.type).toBe('bar');
    expect(stages!.unit).toBe('buildings');
    expect(stages!.labels).toEqual(['未开工', '基础施工', '主体施工', '主体封顶', '装饰装修', '园建配套', '竣工验收', '已交付']);
    expect(stages!.datasets[0]!.data).toEqual([0, 0, 7, 0, 0, 8, 0, 0]);
    expect(villages!.unit).toBe('percent');
    expect(villages!.labels).toEqual(['赵村']);
    expect(villages!.datasets[0]!.data[0]).toBeCloseTo((8 * 0.9 + 7 * 0.35) / 15, 10);
    expect(villages!.datasets[1]!.data).toEqual([null]);
    expect(deliveries!.type).toBe('line');
    expect(deliveries!.labels).toEqual(['2023年12月', '2024年12月']);
    expect(deliveries!.datasets.map((d) => d.data)).toEqual([[8, 15], [0, 0]]);
    expect(html).toMatch(/<canvas [^>]*data-lang="zh"/);
  });

  test('?district= of the real district renders the same district', async () => {
    const other = await page(`/?district=${ids.district}`);
    expect(other).toContain('<h1>郑州高新技术产业开发区</h1>');
    expect(overviewProjectOrder(other)).toEqual(overviewProjectOrder(html));
  });

  test('HEAD / answers 200 without a body', async () => {
    const res = await request(ctx.app).head('/');
    expect(res.status).toBe(200);
    expect(res.text ?? '').toBe('');
  });
});

describe('GET /villages/:id', () => {
  test('赵村 with both projects and both batches', async () => {
    const html = await page(`/villages/${ids.village}`);
    expect(htmlLang(html)).toBe('zh-CN');
    expect(html).toContain('<h1>赵村</h1>');
    expect(html).toContain(`<a href="/?district=${ids.district}">郑州高新技术产业开发区</a>`);
    expect(html).toContain(`<a href="/projects/${ids.resettlement}">${RESETTLEMENT}</a>`);
    expect(html).toContain(`<a href="/projects/${ids.collective}">${COLLECTIVE}</a>`);
    expect(html).toContain(`<a href="/batches/${ids.batch1}">第一批</a>`);
    expect(html).toContain(`<a href="/batches/${ids.batch2}">第二批</a>`);
    const text = mainText(html);
    expect(text).toContain('高新区最后一个启动改造的行政村');
    // People entitled is not in the source: said so, not invented.
    expect(text).toContain('应回迁人数 来源未给出');
    expect(text).toContain('计划竣工： 2025年12月');
    expect(chartSpecs(html)[0]!.datasets[0]!.data).toEqual([0, 0, 7, 0, 0, 8, 0, 0]);
  });
});

describe('GET /projects/:id', () => {
  test('the resettlement project: two batches, stage ladder, target, overdue', async () => {
    const html = await page(`/projects/${ids.resettlement}`);
    expect(html).toContain(`<h1>${RESETTLEMENT}</h1>`);
    expect(html).toContain(`<title>${RESETTLEMENT} · 城中村改造与回迁安置进度</title>`);
    const cards = html.split('<article class="batch">').slice(1);
    expect(cards).toHaveLength(2);
    const [c1, c2] = cards as [string, string];
    expect(c1).toContain('第一批');
    expect(c1).toContain('8栋');
    // Exactly one stage is marked in batch 1's ladder, and it is 园建配套 (landscaping).
    expect(c1.match(/aria-current="step"/g)).toHaveLength(1);
    expect(c1).toMatch(/<li class="here" aria-current="step"><span>园建配套<\/span> <span class="ladder-count">8栋<\/span><\/li>/);
    expect(c1).toContain('<dd>2023年底 <span class="certainty">计划</span></dd>');
    expect(c1).toContain('已逾期 · 晚 1,061 天');
    expect(c1).toContain('目标交付时间已过 1,061 天，但还没有交付的记录。');
    expect(c1).toContain('90%');
    expect(c2).toContain('第二批');
    expect(c2).toContain('7栋');
    expect(c2.match(/aria-current="step"/g)).toHaveLength(1);
    expect(c2).toMatch(/<li class="here" aria-current="step"><span>主体施工<\/span> <span class="ladder-count">7栋<\/span><\/li>/);
    expect(c2).toContain('<dd>2024年底 <span class="certainty">计划</span></dd>');
    expect(c2).toContain('已逾期 · 晚 695 天');
    expect(c2).toContain('部分主体封顶');
  });

  test('the resettlement project says what the source does not give', async () => {
    const text = mainText(await page(`/projects/${ids.resettlement}`));
    expect(text).toContain('占地面积 来源未给出');
    expect(text).toContain('总投资 来源未给出');
    expect(text).toContain('开发单位 来源未给出');
    expect(text).toContain('共 15栋，已开工 15 栋，已交付 0 栋');
    expect(text).toContain('各栋楼的面积没有公布，进度按 15 栋楼平均来算，不按面积。');
    expect(text).toContain('8栋楼达到“园建配套”');
    expect(text).toContain('7栋楼达到“主体施工”');
    expect(text).toContain('进度记录太少，暂不预测');
  });

  test('the collective project shows the source figures in display units', async () => {
    const html = await page(`/projects/${ids.collective}`);
    const text = mainText(html);
    expect(zh.area(25_440)).toBe('2.54万㎡');
    expect(zh.area(101_800)).toBe('10.18万㎡');
    expect(zh.money(900_000_000)).toBe('9亿元');
    expect(text).toContain('占地面积 2.54万㎡（38.16 亩）');
    expect(text).toContain('规划建筑面积 10.18万㎡');
    expect(text).toContain('总投资 9亿元');
    expect(text).toContain('开发单位 郑州高新城市建设集团有限公司');
    expect(text).toContain('建设主体 郑高展置业有限公司');
    expect(text).toContain('开工日期 2023年11月8日');
    expect(text).toContain('计划竣工 2025年12月');
    expect(text).toContain('该项目的楼栋尚未分批登记。');
    expect(text).toContain('已逾期 · 晚 330 天');
    expect(html).not.toContain('<article class="batch">');
    for (const spec of chartSpecs(html)) expect(Array.isArray(spec.datasets)).toBe(true);
  });
});

describe('GET /batches/:id', () => {
  test('batch 1: eight numbered rows, codes and areas said to be unpublished', async () => {
    const html = await page(`/batches/${ids.batch1}`);
    expect(html).toMatch(/<h1>第一批 <span class="muted">8栋<\/span><\/h1>/);
    expect(html).toContain(`<a href="/projects/${ids.resettlement}">${RESETTLEMENT}</a>`);
    const tbody = /<table class="stack building-cards">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;
    const rows = tbody.split('<tr>').slice(1);
    expect(rows).toHaveLength(8);
    rows.forEach((row, i) => {
      expect(row).toContain(`第 ${i + 1} 栋（楼号未公布）`);
      expect(row).toContain('<td data-label="当前阶段">园建配套</td>');
      expect(row).toContain('<td data-label="达到日期">2023年11月8日</td>');
      expect(row).toContain('<td class="num" data-label="建筑面积">来源未给出</td>');
    });
    expect(html.match(/楼号未公布/g)).toHaveLength(8);
    expect(mainText(html)).toContain('来源未公布各楼栋的面积和楼号，这里按顺序编号，不作猜测。');
    const [history] = chartSpecs(html);
    expect(history!.labels).toEqual(['2023年11月8日']);
    expect(history!.datasets[0]!.data[0]).toBeCloseTo(0.9, 10);
  });

  test('batch 2: seven rows in 主体施工', async () => {
    const html = await page(`/batches/${ids.batch2}`);
    const tbody = /<table class="stack building-cards">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;
    expect(tbody.split('<tr>').slice(1)).toHaveLength(7);
    expect(tbody.match(/<td data-label="当前阶段">主体施工<\/td>/g)).toHaveLength(7);
    expect(html).not.toContain('>园建配套</td>');
  });
});

describe('sorting the overview table', () => {
  let sctx: TestContext;
  let p1: number;
  let p2: number;
  let p3: number;
  beforeAll(async () => {
    sctx = await createTestContext();
    const projects = (await request(sctx.app).get('/api/v1/projects')).body.projects;
    p1 = projects.find((p: { name: string }) => p.name === RESETTLEMENT).id;
    p2 = projects.find((p: { name: string }) => p.name === COLLECTIVE).id;
    // A third project in 赵村, fully delivered in 2024 (progress 100 %, no deadline left, newest update).
    p3 = await addProject(sctx.db, { villageId: projects[0].villageId, nameZh: '赵村测试已交付项目' });
    await addBatch(sctx.db, { projectId: p3, sequence: 1, nameZh: '第一批', targetDeliveryDate: '2024-06-30', buildings: 2, stage: 'delivered', stageDate: '2024-06-01' });
  });
  afterAll(async () => { await sctx.close(); });

  const order = async (query: string) => {
    const res = await request(sctx.app).get(`/${query}`);
    expect(res.status).toBe(200);
    return overviewProjectOrder(res.text);
  };

  test('the default is by next deadline, earliest first, projects without one last', async () => {
    expect(await order('')).toEqual([p1, p2, p3]);
    expect(await order('?sort=deadline&dir=asc')).toEqual([p1, p2, p3]);
  });

  test('deadline descending keeps projects without a deadline last', async () => {
    expect(await order('?sort=deadline&dir=desc')).toEqual([p2, p1, p3]);
  });

  test('progress: descending by default, unknown progress last either way', async () => {
    expect(await order('?sort=progress&dir=desc')).toEqual([p3, p1, p2]);
    expect(await order('?sort=progress')).toEqual([p3, p1, p2]);
    expect(await order('?sort=progress&dir=asc')).toEqual([p1, p3, p2]);
  });

  test('by project name both ways', async () => {
    const asc = await order('?sort=project&dir=asc');
    expect(asc).toEqual([p1, p2, p3]);
    expect(await order('?sort=project&dir=desc')).toEqual([...asc].reverse());
  });

  test('by last update, newest first by default', async () => {
    expect(await order('?sort=updated')).toEqual([p3, p1, p2]);
    expect(await order('?sort=updated&dir=asc')).toEqual([p1, p2, p3]);
  });

  test('the active column is marked with aria-sort and links to the other direction', async () => {
    const html = (await request(sctx.app).get('/?sort=progress&dir=desc')).text;
    expect(html.match(/aria-sort=/g)).toHaveLength(1);
    expect(html).toMatch(/<th scope="col" aria-sort="descending">\s*<a href="\?district=\d+&amp;sort=progress&amp;dir=asc">/);
  });

  test('an invalid sort or direction falls back to the default without error', async () => {
    expect(await order('?sort=bogus')).toEqual([p1, p2, p3]);
    expect(await order('?sort=bogus&dir=desc')).toEqual([p2, p1, p3]);
    expect(await order('?sort=progress&dir=sideways')).toEqual([p3, p1, p2]);
    expect(await order('?sort=%3Cscript%3E&dir=%00')).toEqual([p1, p2, p3]);
    const html = (await request(sctx.app).get('/?sort=bogus')).text;
    expect(html).toMatch(/<th scope="col" aria-sort="ascending">\s*<a href="\?district=\d+&amp;sort=deadline&amp;dir=desc">/);
  });

  test('repeated parameters do not crash; the first value counts', async () => {
    expect(await order('?sort=a&sort=b')).toEqual([p1, p2, p3]);
    expect(await order('?sort=progress&sort=village')).toEqual([p3, p1, p2]);
    expect(await order('?sort=progress&dir=asc&dir=desc')).toEqual([p1, p3, p2]);
    expect(await order('?sort[]=progress&dir[x]=asc')).toEqual([p1, p2, p3]);
  });
});

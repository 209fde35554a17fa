// Demonstration data is labelled as such wherever it shows; the real data set never is.
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { mainText } from '../helpers/html';
import { addBatch, addDistrict, addProject, addVillage } from '../helpers/fixtures';

const BANNER = '<div class="demo-banner" role="note">';
const TAG = '<span class="tag-demo">演示数据</span>';

describe('a demonstration district beside the real one', () => {
  let ctx: TestContext;
  let real: { district: number; village: number; projects: number[]; batches: number[] };
  let demo: { district: number; village: number; project: number; batch: number };

  beforeAll(async () => {
    ctx = await createTestContext();
    const projects = (await request(ctx.app).get('/api/v1/projects')).body.projects;
    const resettlement = projects.find((p: { kind: string }) => p.kind === 'resettlement');
    const detail = (await request(ctx.app).get(`/api/v1/projects/${resettlement.id}`)).body.project;
    real = {
      district: (await request(ctx.app).get('/api/v1/summary')).body.districts[0].id,
      village: resettlement.villageId,
      projects: projects.map((p: { id: number }) => p.id),
      batches: detail.batches.map((b: { id: number }) => b.id),
    };
    const district = await addDistrict(ctx.db, { nameZh: '示例区', nameEn: 'Example district', isDemo: true });
    const village = await addVillage(ctx.db, { districtId: district, nameZh: '示例村', nameEn: 'Example village', isDemo: true });
    const project = await addProject(ctx.db, { villageId: village, nameZh: '示例安置房', nameEn: 'Example housing', isDemo: true });
    const { batchId } = await addBatch(ctx.db, { projectId: project, sequence: 1, nameZh: '第一批', targetDeliveryDate: '2027-12-31', buildings: 3, stage: 'topped_out', stageDate: '2026-09-01' });
    demo = { district, village, project, batch: batchId };
  });
  afterAll(async () => { await ctx.close(); });

  test('the API marks the demo district, village and project with isDemo true', async () => {
    const summary = (await request(ctx.app).get('/api/v1/summary')).body.districts;
    expect(summary.find((d: { id: number }) => d.id === demo.district).isDemo).toBe(true);
    expect(summary.find((d: { id: number }) => d.id === real.district).isDemo).toBe(false);
    const villages = (await request(ctx.app).get('/api/v1/villages')).body.villages;
    expect(villages.find((v: { id: number }) => v.id === demo.village).isDemo).toBe(true);
    expect(villages.find((v: { id: number }) => v.id === real.village).isDemo).toBe(false);
    const projects = (await request(ctx.app).get('/api/v1/projects')).body.projects;
    expect(projects.find((p: { id: number }) => p.id === demo.project).isDemo).toBe(true);
    for (const id of real.projects) expect(projects.find((p: { id: number }) => p.id === id).isDemo).toBe(false);
    const detail = (await request(ctx.app).get(`/api/v1/projects/${demo.project}`)).body.project;
    expect(detail.isDemo).toBe(true);
  });

  test('the demo district overview carries the banner and the tags', async () => {
    const res = await request(ctx.app).get(`/?district=${demo.district}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(BANNER);
    expect(res.text).toContain('演示数据：');
    expect(res.text).toContain('本页含有程序生成的示例数据，不是真实报送的数字。');
    expect(res.text).toMatch(/<h1>示例区 <span class="tag-demo">演示数据<\/span><\/h1>/);
    expect(res.text).toMatch(/<a href="\/villages\/\d+">示例村<\/a> <span class="tag-demo">演示数据<\/span>/);
    expect(res.text).toMatch(/<a href="\/projects\/\d+">示例安置房<\/a> <span class="tag-demo">演示数据<\/span>/);
  });

  test.each(['village', 'project', 'batch'] as const)('the demo %s page carries the banner', async (kind) => {
    const url = { village: `/villages/${demo.village}`, project: `/projects/${demo.project}`, batch: `/batches/${demo.batch}` }[kind];
    const res = await request(ctx.app).get(url);
    expect(res.status).toBe(200);
    expect(res.text).toContain(BANNER);
    if (kind !== 'batch') expect(res.text).toContain(TAG);
  });

  test('in English the banner and tag are English', async () => {
    const res = await request(ctx.app).get(`/projects/${demo.project}?lang=en`);
    expect(res.text).toContain(BANNER);
    expect(res.text).toContain('Demonstration data:');
    expect(res.text).toContain('<span class="tag-demo">demo data</span>');
  });

  test('the real district overview has no banner; only the demo tab is tagged', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>郑州高新技术产业开发区</h1>');
    expect(res.text).not.toContain('demo-banner');
    // Two districts: a tab for each, and only the demo one is tagged.
    const tabs = /<nav class="tabs"[\s\S]*?<\/nav>/.exec(res.text)?.[0] ?? '';
    expect(tabs).toMatch(/示例区 <span class="tag-demo">演示数据<\/span>/);
    expect(tabs).not.toMatch(/郑州高新技术产业开发区 <span class="tag-demo">/);
    expect(tabs.match(/tag-demo/g)).toHaveLength(1);
    // The table and the rest of the main content are free of demo tags.
    const afterTabs = res.text.slice(res.text.indexOf('</nav>', res.text.indexOf('class="tabs"')));
    expect(afterTabs).not.toContain('tag-demo');
    expect(mainText(res.text)).not.toContain('示例安置房');
  });

  test('the real village, project and batch pages have no banner and no tag', async () => {
    const urls = [`/villages/${real.village}`, ...real.projects.map((id) => `/projects/${id}`), ...real.batches.map((id) => `/batches/${id}`)];
    for (const url of urls) {
      const res = await request(ctx.app).get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect({ url, banner: res.text.includes('demo-banner') }).toEqual({ url, banner: false });
      expect({ url, tag: res.text.includes('tag-demo') }).toEqual({ url, tag: false });
      expect({ url, words: res.text.includes('演示数据') }).toEqual({ url, words: false });
    }
  });

  test('demo figures do not leak into the real district', async () => {
    const summary = (await request(ctx.app).get('/api/v1/summary')).body.districts;
    const d = summary.find((x: { id: number }) => x.id === real.district);
    expect(d.figures.buildingCount).toBe(15);
    const dd = summary.find((x: { id: number }) => x.id === demo.district);
    expect(dd.figures.buildingCount).toBe(3);
    expect(dd.reported).toBeNull();
  });
});

describe('a demonstration project inside a real village', () => {
  let ctx: TestContext;
  let villageId: number;
  let demoProject: number;
  let realProject: number;
  beforeAll(async () => {
    ctx = await createTestContext();
    const projects = (await request(ctx.app).get('/api/v1/projects')).body.projects;
    villageId = projects[0].villageId;
    realProject = projects.find((p: { kind: string }) => p.kind === 'resettlement').id;
    demoProject = await addProject(ctx.db, { villageId, nameZh: '赵村示例项目', isDemo: true, plannedCompletion: '2028-12-31' });
  });
  afterAll(async () => { await ctx.close(); });

  test('the overview and the village page warn that they include demonstration data', async () => {
    const overview = await request(ctx.app).get('/');
    expect(overview.text).toContain(BANNER);
    expect(overview.text).toMatch(/<a href="\/projects\/\d+">赵村示例项目<\/a> <span class="tag-demo">演示数据<\/span>/);
    const village = await request(ctx.app).get(`/villages/${villageId}`);
    expect(village.text).toContain(BANNER);
  });

  test('the demo project page is labelled, the real project page beside it is not', async () => {
    const demo = await request(ctx.app).get(`/projects/${demoProject}`);
    expect(demo.text).toContain(BANNER);
    expect(demo.text).toMatch(/<h1>赵村示例项目 <span class="tag-demo">演示数据<\/span><\/h1>/);
    const realPage = await request(ctx.app).get(`/projects/${realProject}`);
    expect(realPage.text).not.toContain('demo-banner');
    expect(realPage.text).not.toContain('演示数据');
  });
});

describe('the real data set alone', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await createTestContext(); });
  afterAll(async () => { await ctx.close(); });

  test('nothing in the API or on the overview is marked as demonstration data', async () => {
    const summary = (await request(ctx.app).get('/api/v1/summary')).body.districts;
    const villages = (await request(ctx.app).get('/api/v1/villages')).body.villages;
    const projects = (await request(ctx.app).get('/api/v1/projects')).body.projects;
    for (const x of [...summary, ...villages, ...projects]) expect(x.isDemo).toBe(false);
    const html = (await request(ctx.app).get('/')).text;
    expect(html).not.toContain('demo-banner');
    expect(html).not.toContain('演示数据');
    // One district only: no district tabs.
    expect(html).not.toContain('class="tabs"');
  });
});

test('search: results from demonstration data carry the tag and the page the banner; real results neither', async () => {
  const ctx = await createTestContext();
  try {
    const district = await addDistrict(ctx.db, { nameZh: '示例区', nameEn: 'Example district' });
    // a demo village in a district that is not itself demo: the village makes its projects demo
    const village = await addVillage(ctx.db, { districtId: district, nameZh: '示例村', isDemo: true });
    await addProject(ctx.db, { villageId: village, nameZh: '示例安置房' });
    const demo = await request(ctx.app).get('/search').query({ q: '示例安置房' });
    expect(demo.text).toContain(BANNER);
    expect(demo.text).toMatch(/<a href="\/projects\/\d+">示例安置房<\/a> <span class="tag-demo">演示数据<\/span>/);
    const real = await request(ctx.app).get('/search').query({ q: '赵村' });
    expect(real.text).not.toContain(BANNER);
    expect(mainText(real.text)).not.toContain('演示数据');
  } finally {
    await ctx.close();
  }
});

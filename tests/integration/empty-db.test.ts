// A fresh, migrated but empty database: every public address still answers, and says why it is empty.
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { chartSpecs, htmlLang, mainText } from '../helpers/html';
import { addDistrict, addProject, addVillage } from '../helpers/fixtures';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext({ seed: false }); });
afterAll(async () => { await ctx.close(); });

describe('nothing in the database', () => {
  test('/ is 200 with the explanatory empty state, no charts and no table', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.status).toBe(200);
    expect(htmlLang(res.text)).toBe('zh-CN');
    expect(res.text).toContain('<h1>全区总览</h1>');
    expect(mainText(res.text)).toContain('数据库中还没有任何区、村或项目。管理员导入或录入数据后，这里会显示进度。');
    expect(res.text).toContain('class="empty"');
    expect(chartSpecs(res.text)).toEqual([]);
    expect(res.text).not.toContain('<table');
    expect(res.text).not.toContain('demo-banner');
  });

  test('/ in English says the same in English', async () => {
    const res = await request(ctx.app).get('/?lang=en');
    expect(res.status).toBe(200);
    expect(mainText(res.text)).toContain('There are no districts, villages or projects in the database yet.');
  });

  test('sorting parameters on an empty overview are harmless', async () => {
    const res = await request(ctx.app).get('/?sort=progress&dir=desc');
    expect(res.status).toBe(200);
  });

  test('/api/v1/summary is 200 with an empty districts array', async () => {
    const res = await request(ctx.app).get('/api/v1/summary');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ asOf: '2026-11-26', districts: [] });
  });

  test('/api/v1/projects and /api/v1/villages are empty lists', async () => {
    const projects = await request(ctx.app).get('/api/v1/projects');
    expect(projects.status).toBe(200);
    expect(projects.body).toEqual({ asOf: '2026-11-26', projects: [], page: 1, limit: 50, total: 0 });
    const villages = await request(ctx.app).get('/api/v1/villages');
    expect(villages.status).toBe(200);
    expect(villages.body).toEqual({ asOf: '2026-11-26', villages: [], page: 1, limit: 50, total: 0 });
  });

  test('detail addresses are 404s, and ?district=1 too', async () => {
    for (const url of ['/villages/1', '/projects/1', '/batches/1', '/?district=1']) {
      const res = await request(ctx.app).get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
    }
    const api = await request(ctx.app).get('/api/v1/projects/1');
    expect(api.status).toBe(404);
    expect(api.body).toEqual({ error: 'not_found' });
  });

  test('/healthz still answers', async () => {
    const res = await request(ctx.app).get('/healthz');
    expect(res.status).toBe(200);
  });
});

describe('partly filled: a district with a village but nothing under it', () => {
  let sparse: TestContext;
  let villageId: number;
  let projectId: number;
  beforeAll(async () => {
    sparse = await createTestContext({ seed: false });
    const districtId = await addDistrict(sparse.db, { nameZh: '空区' });
    villageId = await addVillage(sparse.db, { districtId, nameZh: '空村' });
    await addVillage(sparse.db, { districtId, nameZh: '无项目村' });
    projectId = await addProject(sparse.db, { villageId, nameZh: '空项目' });
  });
  afterAll(async () => { await sparse.close(); });

  test('the overview renders, says nothing has been reported, and lists the empty project', async () => {
    const res = await request(sparse.app).get('/');
    expect(res.status).toBe(200);
    const text = mainText(res.text);
    expect(text).toContain('空区');
    expect(text).toContain('还没有任何报送或节点记录。');
    expect(text).toContain('尚无公布数据');
    expect(res.text).toContain(`<a href="/projects/${projectId}">空项目</a>`);
    expect(text).toContain('还没有设定交付时间的批次。');
    for (const spec of chartSpecs(res.text)) expect(Array.isArray(spec.labels)).toBe(true);
  });

  test('the village, the project and the API answer with unknowns, not errors', async () => {
    const village = await request(sparse.app).get(`/villages/${villageId}`);
    expect(village.status).toBe(200);
    const project = await request(sparse.app).get(`/projects/${projectId}`);
    expect(project.status).toBe(200);
    expect(mainText(project.text)).toContain('该项目的楼栋尚未分批登记。');
    const api = await request(sparse.app).get(`/api/v1/projects/${projectId}`);
    expect(api.status).toBe(200);
    expect(api.body.project.batches).toEqual([]);
    expect(api.body.project.figures).toMatchObject({ plannedAreaM2: null, constructionProgress: null, progressBasis: 'none', buildingCount: 0 });
    expect(api.body.project.lastUpdate).toBeNull();
    // Nothing ever reported counts as stale: we know nothing current.
    expect(api.body.project.stale).toBe(true);
    expect(api.body.project.deadline.status).toBeNull();
    const summary = await request(sparse.app).get('/api/v1/summary');
    expect(summary.body.districts[0].reported).toBeNull();
  });

  test('a village without projects says so', async () => {
    const villages = (await request(sparse.app).get('/api/v1/villages')).body.villages;
    const empty = villages.find((v: { name: string }) => v.name === '无项目村');
    expect(empty.projectCount).toBe(0);
    const res = await request(sparse.app).get(`/villages/${empty.id}`);
    expect(res.status).toBe(200);
    expect(mainText(res.text)).toContain('该村还没有登记项目。');
  });
});

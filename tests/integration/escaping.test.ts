// Names come from staff entry and imports: hostile text must reach every page escaped, never as markup,
// including inside the data-chart attribute the chart script parses.
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { chartSpecs, eventHandlerAttributes, rawChartAttributes, scriptElements } from '../helpers/html';
import { addBatch, addDistrict, addProject, addSource, addVillage } from '../helpers/fixtures';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const QUOTES = `Tom & Jerry's "村" </textarea>`;

// How EJS's <%= %> writes them.
const SCRIPT_ESC = '&lt;script&gt;alert(1)&lt;/script&gt;';
const IMG_ESC = '&#34;&gt;&lt;img src=x onerror=alert(1)&gt;';

const VILLAGE = `恶意村${SCRIPT}`;
const VILLAGE_EN = `Evil village ${IMG}`;
const PROJECT = `恶意项目${IMG}`;
const PROJECT_EN = `Evil project ${SCRIPT}`;
const BATCH = `批次${SCRIPT}${IMG}`;
const DISTRICT = `恶意区${IMG}`;

let ctx: TestContext;
let ids: { district: number; village: number; project: number; batch: number };

beforeAll(async () => {
  ctx = await createTestContext();
  const realDistrict = (await request(ctx.app).get('/api/v1/summary')).body.districts[0].id;
  const sourceId = await addSource(ctx.db, { title: `来源${SCRIPT}` });
  const village = await addVillage(ctx.db, { districtId: realDistrict, nameZh: VILLAGE, nameEn: VILLAGE_EN, note: `备注${IMG}${QUOTES}` });
  const project = await addProject(ctx.db, { villageId: village, nameZh: PROJECT, nameEn: PROJECT_EN, note: `说明${SCRIPT}`, sourceId, plannedCompletion: '2027-06-30' });
  const { batchId } = await addBatch(ctx.db, {
    projectId: project, sequence: 1, nameZh: BATCH, nameEn: `Batch ${IMG}`, note: `批注${SCRIPT}`,
    targetDeliveryDate: '2027-06-30', buildings: 2, stage: 'foundation', stageDate: '2026-10-01', code: (n) => `${n}#${IMG}`, sourceId,
  });
  const district = await addDistrict(ctx.db, { nameZh: DISTRICT, nameEn: `Evil district ${SCRIPT}` });
  ids = { district, village, project, batch: batchId };
});
afterAll(async () => { await ctx.close(); });

function expectEscaped(url: string, html: string) {
  expect({ url, rawScript: html.includes(SCRIPT) }).toEqual({ url, rawScript: false });
  expect({ url, rawImg: html.includes(IMG) }).toEqual({ url, rawImg: false });
  expect({ url, img: /<img\b/i.test(html) }).toEqual({ url, img: false });
  expect({ url, handlers: eventHandlerAttributes(html) }).toEqual({ url, handlers: [] });
  expect({ url, textarea: html.includes('</textarea>') }).toEqual({ url, textarea: false });
  // Only the three legitimate external scripts remain (Chart.js, the charts, the search suggestions).
  expect(scriptElements(html).map((s) => s.body.trim())).toEqual(['', '', '']);
  // The attribute holding chart JSON can never be closed early.
  for (const raw of rawChartAttributes(html)) expect(raw).not.toMatch(/[<>"]/);
}

const pageUrls = () => [
  '/', '/?lang=en', `/?district=${ids.district}`, `/?district=${ids.district}&lang=en`,
  `/villages/${ids.village}`, `/villages/${ids.village}?lang=en`,
  `/projects/${ids.project}`, `/projects/${ids.project}?lang=en`,
  `/batches/${ids.batch}`, `/batches/${ids.batch}?lang=en`,
];

test('every page shows the hostile names escaped, never as markup', async () => {
  for (const url of pageUrls()) {
    const res = await request(ctx.app).get(url);
    expect({ url, status: res.status }).toEqual({ url, status: 200 });
    expectEscaped(url, res.text);
  }
});

test('the escaped names are really there (not dropped), in Chinese and in English', async () => {
  const overview = (await request(ctx.app).get('/')).text;
  expect(overview).toContain(`恶意村${SCRIPT_ESC}`);
  expect(overview).toContain(`恶意项目${IMG_ESC}`);
  expect(overview).toContain(`恶意区${IMG_ESC}`); // the district tab
  const project = (await request(ctx.app).get(`/projects/${ids.project}`)).text;
  expect(project).toContain(`<h1>恶意项目${IMG_ESC}</h1>`);
  expect(project).toContain(`<title>恶意项目${IMG_ESC} · `);
  expect(project).toContain(`说明${SCRIPT_ESC}`);
  expect(project).toContain(`来源${SCRIPT_ESC}`);
  expect(project).toContain(`批注${SCRIPT_ESC}`);
  const village = (await request(ctx.app).get(`/villages/${ids.village}`)).text;
  expect(village).toContain(`<h1>恶意村${SCRIPT_ESC}</h1>`);
  expect(village).toContain('Tom &amp; Jerry&#39;s &#34;村&#34; &lt;/textarea&gt;');
  const batch = (await request(ctx.app).get(`/batches/${ids.batch}`)).text;
  // each code escaped, inside the link to the building's page
  for (const code of ['1#', '2#']) expect(batch).toMatch(new RegExp(`<th scope="row" data-label="楼号"><a href="/buildings/\\d+">${escapeRegExp(code + IMG_ESC)}</a></th>`));
  const en = (await request(ctx.app).get(`/projects/${ids.project}?lang=en`)).text;
  expect(en).toContain(`<h1>Evil project ${SCRIPT_ESC}</h1>`);
  expect(en).toContain(`Evil village ${IMG_ESC}`);
});

test('the chart JSON round-trips the hostile village name exactly', async () => {
  for (const [url, name] of [['/', VILLAGE], ['/?lang=en', VILLAGE_EN]] as const) {
    const html = (await request(ctx.app).get(url)).text;
    const villagesChart = chartSpecs(html).find((s) => s.unit === 'percent');
    expect(villagesChart).toBeDefined();
    expect(villagesChart!.labels).toContain(name);
    // JSON keeps < > as they are and writes " as \"; EJS then escapes all three for the attribute.
    expect(rawChartAttributes(html).join('')).toContain(url === '/' ? SCRIPT_ESC : '\\&#34;&gt;&lt;img src=x onerror=alert(1)&gt;');
  }
});

test('the API returns the names verbatim as JSON data', async () => {
  const res = await request(ctx.app).get(`/api/v1/projects/${ids.project}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.body.project.name).toBe(PROJECT);
  expect(res.body.project.nameEn).toBe(PROJECT_EN);
  expect(res.body.project.batches[0].name).toBe(BATCH);
  expect(res.body.project.batches[0].buildings.map((b: { code: string }) => b.code)).toEqual([`1#${IMG}`, `2#${IMG}`]);
  const villages = (await request(ctx.app).get('/api/v1/villages')).body.villages;
  expect(villages.map((v: { name: string }) => v.name)).toContain(VILLAGE);
});

test('hostile text in the query string is not reflected raw', async () => {
  for (const url of [`/?sort=${encodeURIComponent(SCRIPT)}`, `/?dir=${encodeURIComponent(IMG)}`, `/?lang=${encodeURIComponent(SCRIPT)}`, `/projects/${encodeURIComponent(SCRIPT)}`, `/${encodeURIComponent(IMG)}`]) {
    const res = await request(ctx.app).get(url);
    expect(res.status).toBeLessThan(500);
    expect(res.text).not.toContain(SCRIPT);
    expect(res.text).not.toContain(IMG);
  }
});

// The web import: upload → preview → commit as a job with a status page; who may use it; audit.
import request from 'supertest';
import { createStaffContext, csrfOf, signedIn, type StaffContext } from '../helpers/staff-agent';
import { auditRows, csv, dumpData, gbk, utf8Bom, xlsx } from '../helpers/import-files';
import { mainText, scriptElements } from '../helpers/html';

let ctx: StaffContext;
let staff: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  ctx = await createStaffContext();
  staff = await signedIn(ctx, 'staff');
});
afterAll(async () => { await ctx.close(); });

const PROJECTS = csv([
  ['village', 'project', 'kind', 'land_area_mu', 'planned_floor_area_m2', 'investment_yuan', 'developer', 'construction_entity', 'planned_start', 'planned_completion'],
  ['王村', '王村安置房', 'resettlement', '12', '40000', '300000000', 'Dev Co', 'Build Co', '2024-01-15', '2026'],
]);
const BUILDINGS = csv([
  ['村', '项目', '批次', '楼号', '建筑面积(平方米)', '层数', '套数', '施工阶段', '阶段日期', '目标交付日期'],
  ['王村', '王村安置房', '第一批', '1#', '9000', '11', '90', '主体封顶', '2024-09-01', '2026-06'],
  ['王村', '王村安置房', '第一批', '2#', '9500', '11', '95', '主体施工', '2024-08-01', '2026-06'],
  ['赵村', '赵村城中村改造安置住宅', '第一批', '', '', '', '', '已交付', '2024-01-20', ''],
]);

const loc = (res: { headers: Record<string, string | undefined> }) => {
  const l = res.headers.location;
  if (!l) throw new Error('no redirect');
  return l;
};

async function formPage(agent = staff) {
  const page = await agent.get('/admin/import');
  expect(page.status).toBe(200);
  return csrfOf(page.text);
}

async function preview(files: { name: string; data: Buffer | string }[], agent = staff) {
  let req = agent.post('/admin/import/preview').field('_csrf', await formPage(agent));
  for (const f of files) req = req.attach('files', Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data), f.name);
  return req;
}

async function waitForJob(location: string, agent = staff): Promise<{ state: string; done: number; total: number }> {
  for (let i = 0; i < 100; i++) {
    const s = await agent.get(`${location}?format=json`);
    expect(s.status).toBe(200);
    if (s.body.state !== 'running') return s.body;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('job did not finish');
}

test('the upload form sends the CSRF token before the file input, as multipart', async () => {
  const html = (await staff.get('/admin/import')).text;
  const form = /<form method="post" action="\/admin\/import\/preview" enctype="multipart\/form-data"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  expect(form.indexOf('name="_csrf"')).toBeGreaterThan(0);
  expect(form.indexOf('name="_csrf"')).toBeLessThan(form.indexOf('type="file"'));
  expect(mainText(html)).toContain('占地面积(亩)');
});

test('preview shows what will be created and changed, writes nothing; commit writes it as a job', async () => {
  const before = await dumpData(ctx.db);
  const res = await preview([{ name: '项目.csv', data: gbk(PROJECTS) }, { name: 'buildings.csv', data: utf8Bom(BUILDINGS) }]);
  expect(res.status).toBe(200);
  const text = mainText(res.text);
  expect(text).toContain('导入预览');
  expect(/data-table="projects"><th scope="row">项目<\/th><td class="num">1<\/td><td class="num">0<\/td><td class="num">0<\/td>/.test(res.text)).toBe(true);
  expect(/data-table="buildings"><th scope="row">楼栋<\/th><td class="num">2<\/td><td class="num">1<\/td><td class="num">0<\/td>/.test(res.text)).toBe(true);
  expect(text).toContain('施工阶段：园建配套 → 已交付');
  expect(text).toContain('将新建的村： 郑州高新技术产业开发区 · 王村');
  expect(text).toContain('没有填写“区”的新村归入“郑州高新技术产业开发区”');
  expect(await dumpData(ctx.db)).toEqual(before);

  const upload = /name="upload" value="([^"]+)"/.exec(res.text)![1]!;
  const commit = await staff.post('/admin/import/commit').type('form').send({ _csrf: csrfOf(res.text), upload });
  expect(commit.status).toBe(303);
  expect(commit.headers.location).toMatch(/^\/admin\/import\/status\/[A-Za-z0-9_-]{20,}$/);
  const job = await waitForJob(loc(commit));
  expect(job).toMatchObject({ state: 'done' });
  expect(job.done).toBe(job.total);

  const status = await staff.get(loc(commit));
  expect(status.status).toBe(200);
  expect(mainText(status.text)).toContain('导入完成');
  const p = await ctx.db.selectFrom('projects').selectAll().where('name_zh', '=', '王村安置房').executeTakeFirstOrThrow();
  expect(p.planned_completion).toBe('2026-12-31');
  expect(p.planned_completion_precision).toBe('year');
  const delivered = await ctx.db.selectFrom('buildings').select('stage').where('batch_id', '=', 1).orderBy('seq').execute();
  expect(delivered.map((b) => b.stage)).toEqual(['delivered', 'landscaping', 'landscaping', 'landscaping', 'landscaping', 'landscaping', 'landscaping', 'landscaping']);
  const audit = await auditRows(ctx.db, 'import');
  expect(audit.at(-1)).toMatchObject({ username: 'staff-user', object_type: 'import', result: 'ok' });
  expect(JSON.parse(audit.at(-1)!.after_json!).counts).toMatchObject({ projects: { create: 1 }, buildings: { create: 2, update: 1 }, villagesCreated: 1 });

  // An upload is used once: the same id cannot be committed again.
  const again = await staff.post('/admin/import/commit').type('form').send({ _csrf: csrfOf(res.text), upload });
  expect(again.status).toBe(400);
  expect(mainText(again.text)).toContain('这次上传已过期或不存在');
});

test('XLSX: Chinese sheet names, date serial numbers without a date format, numeric codes', async () => {
  const book = await xlsx([{ name: '楼栋', rows: [
    ['村', '项目', '批次', '楼号', '施工阶段', '阶段日期', '目标交付日期'],
    ['赵村', '赵村城中村改造安置住宅', '第九批', 7, '基础施工', 45238, 2027],
  ] }]);
  const res = await preview([{ name: 'book.xlsx', data: book }]);
  expect(res.status).toBe(200);
  const upload = /name="upload" value="([^"]+)"/.exec(res.text)![1]!;
  const commit = await staff.post('/admin/import/commit').type('form').send({ _csrf: csrfOf(res.text), upload });
  expect((await waitForJob(loc(commit))).state).toBe('done');
  const b = await ctx.db.selectFrom('buildings').innerJoin('batches', 'batches.id', 'buildings.batch_id')
    .select(['code', 'stage', 'stage_date', 'target_delivery_date', 'target_precision']).where('batches.name_zh', '=', '第九批').executeTakeFirstOrThrow();
  expect(b).toEqual({ code: '7', stage: 'foundation', stage_date: '2023-11-08', target_delivery_date: '2027-12-31', target_precision: 'year' });
});

test('the running status page has a progress bar, a refresh link and a script file, no inline script', async () => {
  const res = await preview([{ name: 'p.csv', data: csv([['村', '项目', '类型'], ['孙村', '孙村安置房', '安置房']]) }]);
  const upload = /name="upload" value="([^"]+)"/.exec(res.text)![1]!;
  const commit = await staff.post('/admin/import/commit').type('form').send({ _csrf: csrfOf(res.text), upload });
  const page = await staff.get(loc(commit));
  // The job may already be done; both pages are valid, and a running one must work without JavaScript.
  if (/id="import-job"/.test(page.text)) {
    expect(page.text).toMatch(/<progress id="import-bar"/);
    expect(page.text).toContain(`href="${loc(commit)}"`);
    expect(page.text).not.toMatch(/http-equiv="refresh"/i);
  }
  for (const s of scriptElements(page.text)) expect(s.body.trim()).toBe('');
  await waitForJob(loc(commit));
  const js = await request(ctx.app).get('/assets/js/import-progress.js');
  expect(js.status).toBe(200);
  expect(js.text).toContain('data-status-url');
});

test('a job belongs to its user: another staff member gets 404, and unknown ids too', async () => {
  const res = await preview([{ name: 'p.csv', data: csv([['村', '项目', '类型'], ['钱村', '钱村安置房', '安置房']]) }]);
  const upload = /name="upload" value="([^"]+)"/.exec(res.text)![1]!;
  const other = await signedIn(ctx, 'staff', 'other-staff');
  // Someone else's upload id is refused as if it did not exist, and leaves the upload to its owner.
  const stolen = await other.post('/admin/import/commit').type('form').send({ _csrf: await formPage(other), upload });
  expect(stolen.status).toBe(400);
  const commit = await staff.post('/admin/import/commit').type('form').send({ _csrf: csrfOf(res.text), upload });
  expect(commit.status).toBe(303);
  expect((await other.get(loc(commit))).status).toBe(404);
  expect((await other.get(`${loc(commit)}?format=json`)).status).toBe(404);
  expect((await staff.get('/admin/import/status/nonexistent-job-id')).status).toBe(404);
  await waitForJob(loc(commit));
});

test('the upload checks its CSRF token after reading the multipart body', async () => {
  const before = await dumpData(ctx.db);
  const noToken = await staff.post('/admin/import/preview').attach('files', Buffer.from(PROJECTS), 'p.csv');
  expect(noToken.status).toBe(403);
  const wrong = await staff.post('/admin/import/preview').field('_csrf', 'forged').attach('files', Buffer.from(PROJECTS), 'p.csv');
  expect(wrong.status).toBe(403);
  const commit = await staff.post('/admin/import/commit').type('form').send({ upload: 'x' });
  expect(commit.status).toBe(403);
  expect(await dumpData(ctx.db)).toEqual(before);
});

describe('who may import and export', () => {
  const staffOnly: [string, string][] = [
    ['GET', '/admin/import'], ['POST', '/admin/import/preview'], ['POST', '/admin/import/commit'],
    ['GET', '/admin/import/status/abc'], ['GET', '/admin/export'], ['GET', '/admin/export?format=xlsx'],
  ];

  test.each(staffOnly)('an official is refused %s %s', async (method, url) => {
    const official = await signedIn(ctx, 'official', `official-${method}-${url.replace(/\W/g, '')}`.slice(0, 60));
    const res = method === 'GET' ? await official.get(url) : await official.post(url).type('form').send({ _csrf: csrfOf((await official.get('/account/password')).text) });
    expect(res.status).toBe(403);
  });

  test.each(staffOnly)('an anonymous visitor is refused %s %s', async (method, url) => {
    const res = method === 'GET' ? await request(ctx.app).get(url) : await request(ctx.app).post(url).type('form').send({});
    if (method === 'GET') {
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/login\?next=/);
    } else expect(res.status).toBe(401);
  });

  test('an administrator may import', async () => {
    const admin = await signedIn(ctx, 'admin', 'admin-user');
    expect((await admin.get('/admin/import')).status).toBe(200);
  });
});

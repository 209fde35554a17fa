// No floating-point noise where a person reads a number: a land area typed as 25440 m² or as 38.16 mu
// is 38.16 亩 in the export and 25440 m² in the API (25440 × 15 / 10000 = 38.16), and a rate typed as
// 57.7% is 0.577, not 0.5770000000000001.
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { signedInAgent, type Agent } from '../helpers/sign-in';
import { formBody, pageForm, VALID_CHANGES } from '../helpers/staff-forms';

let s: StaffApp;
let staff: Agent;
beforeAll(async () => {
  s = await createStaffApp();
  staff = (await signedInAgent(s.app, s.db, 'staff')).agent;
});
afterAll(() => s.close());

const binary = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

async function newProject(name: string, landArea: string): Promise<number> {
  const f = await pageForm(staff, '/admin/projects/new?village=1');
  const res = await staff.post(f.action).type('form').send(formBody({ ...f.values, ...VALID_CHANGES.projectNew(name), landAreaM2: landArea }));
  expect(res.status).toBe(303);
  return Number(/\/projects\/(\d+)/.exec(res.headers.location!)![1]);
}

async function exported(table: string): Promise<Record<string, string>[]> {
  const res = await staff.get(`/admin/export?format=csv&table=${table}&lang=en`).buffer(true).parse(binary as never);
  expect(res.status).toBe(200);
  return parse((res.body as Buffer).toString('utf8').replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[];
}

test('25440 m² and 38.16 mu are the same land, written 38.16 in the export and 25440 in the API', async () => {
  const typedM2 = await newProject('平方米', '25440㎡');
  const typedMu = await newProject('亩', '38.16');
  const rows = await exported('projects');
  for (const name of ['测试项目平方米', '测试项目亩']) expect(rows.find((r) => r.project === name)!.land_area_mu).toBe('38.16');
  for (const id of [typedM2, typedMu]) {
    const api = await request(s.app).get(`/api/v1/projects/${id}`);
    expect(api.body.project?.landAreaM2 ?? api.body.landAreaM2).toBe(25440);
  }
  // the edit form shows the stored area in mu, as typed
  const edit = await pageForm(staff, `/admin/projects/${typedM2}/edit`);
  expect(edit.values.landAreaM2).toBe('38.16');
});

test('a rate typed as 57.7% is stored and exported as 0.577', async () => {
  const f = await pageForm(staff, '/admin/reports/new?scope=project:2');
  const res = await staff.post(f.action).type('form').send(formBody({ ...f.values, ...VALID_CHANGES.report(), publishedStartRate: '57.7%' }));
  expect(res.status).toBe(303);
  const stored = await s.db.selectFrom('progress_reports').select('published_start_rate').where('published_start_rate', 'is not', null).orderBy('id', 'desc').executeTakeFirstOrThrow();
  expect(stored.published_start_rate).toBe(0.577);
  const rows = await exported('reports');
  expect(rows.map((r) => r.published_start_rate)).toContain('0.577');
  expect(rows.map((r) => r.published_start_rate).filter((v) => /\d{12,}/.test(v ?? ""))).toEqual([]);
});

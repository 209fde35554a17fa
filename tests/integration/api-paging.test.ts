// The API lists are paged and filtered: ?page, ?limit (at most 200), ?district, ?village, with the
// total and Link headers. Counts here are worked out from the rows the test writes.
import request from 'supertest';
import { addDistrict, addProject, addVillage } from '../helpers/fixtures';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
let zhao: number;
let otherDistrict: number;
let otherVillage: number;
beforeAll(async () => {
  ctx = await createTestContext();
  // the seed: one district, one village (赵村) with 2 projects; 5 more there make 7
  zhao = (await ctx.db.selectFrom('villages').select('id').executeTakeFirstOrThrow()).id;
  for (let i = 1; i <= 5; i++) await addProject(ctx.db, { villageId: zhao, nameZh: `分页项目${i}` });
  // and a second district with one village of one project: 8 projects in all, 2 villages
  otherDistrict = await addDistrict(ctx.db, { nameZh: '分页区' });
  otherVillage = await addVillage(ctx.db, { districtId: otherDistrict, nameZh: '分页村' });
  await addProject(ctx.db, { villageId: otherVillage, nameZh: '别区项目' });
});
afterAll(() => ctx.close());

const get = (path: string) => request(ctx.app).get(path);
const links = (header: string | undefined) =>
  Object.fromEntries((header ?? '').split(', ').filter(Boolean).map((l) => { const m = /^<([^>]+)>; rel="(\w+)"$/.exec(l)!; return [m[2], m[1]]; }));

test('pages of three: 8 projects are pages 1-3 of 3, 3 and 2, with first, prev, next and last links', async () => {
  const one = await get('/api/v1/projects?limit=3');
  expect(one.status).toBe(200);
  expect([one.body.total, one.body.page, one.body.limit, one.body.projects.length]).toEqual([8, 1, 3, 3]);
  expect(one.headers['x-total-count']).toBe('8');
  expect(links(one.headers.link)).toEqual({ first: '/api/v1/projects?page=1&limit=3', last: '/api/v1/projects?page=3&limit=3', next: '/api/v1/projects?page=2&limit=3' });
  const two = await get('/api/v1/projects?limit=3&page=2');
  expect(links(two.headers.link)).toMatchObject({ prev: '/api/v1/projects?page=1&limit=3', next: '/api/v1/projects?page=3&limit=3' });
  const three = await get('/api/v1/projects?limit=3&page=3');
  expect(three.body.projects).toHaveLength(2);
  expect(links(three.headers.link).next).toBeUndefined();
  // the pages together are the whole list, each project once
  const ids = [...one.body.projects, ...two.body.projects, ...three.body.projects].map((p: { id: number }) => p.id);
  const all = (await get('/api/v1/projects?limit=200')).body.projects.map((p: { id: number }) => p.id);
  expect(ids).toEqual(all);
  expect(new Set(ids).size).toBe(8);
});

test('a page past the end is empty and still says the total; 50 a page by default', async () => {
  const past = await get('/api/v1/projects?limit=3&page=9');
  expect([past.status, past.body.total, past.body.projects]).toEqual([200, 8, []]);
  const plain = await get('/api/v1/projects');
  expect([plain.body.page, plain.body.limit, plain.body.projects.length]).toEqual([1, 50, 8]);
});

test('filtered by district or village, the links keep the filter', async () => {
  const d = await get(`/api/v1/projects?district=${otherDistrict}`);
  expect(d.body.projects.map((p: { name: string }) => p.name)).toEqual(['别区项目']);
  expect(d.body.total).toBe(1);
  expect(links(d.headers.link).first).toBe(`/api/v1/projects?district=${otherDistrict}&page=1&limit=50`);
  const v = await get(`/api/v1/projects?village=${zhao}&limit=2`);
  expect([v.body.total, v.body.projects.length]).toEqual([7, 2]);
  const villages = await get(`/api/v1/villages?district=${otherDistrict}`);
  expect(villages.body.villages.map((x: { id: number }) => x.id)).toEqual([otherVillage]);
  expect((await get('/api/v1/villages?limit=1')).body).toMatchObject({ total: 2, limit: 1 });
});

test('bad values answer 400 naming the parameter; an unknown district or village 404', async () => {
  for (const [q, field] of [['limit=201', 'limit'], ['limit=0', 'limit'], ['limit=abc', 'limit'], ['page=0', 'page'], ['page=-1', 'page'], ['page=1e3', 'page'], ['district=x', 'district'], ['village=1.5', 'village']]) {
    const res = await get(`/api/v1/projects?${q}`);
    expect({ q, status: res.status, fields: Object.keys(res.body.fields ?? {}) }).toEqual({ q, status: 400, fields: [field] });
  }
  expect((await get('/api/v1/projects?district=999999')).status).toBe(404);
  expect((await get('/api/v1/villages?village=999999')).status).toBe(404);
});

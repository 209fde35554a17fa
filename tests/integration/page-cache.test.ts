import request from 'supertest';
import { freshGet } from '../helpers/fresh';
import { signedInAgent } from '../helpers/sign-in';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
// As the built server runs: figures computed elsewhere, anonymous readers answered from the last ones meanwhile.
beforeAll(async () => { ctx = await createTestContext({ staleAnonymousReads: true }); });
afterAll(() => ctx.close());

test('a repeat visit with the ETag gets 304; the body is the same as a fresh render', async () => {
  const first = await request(ctx.app).get('/projects/1');
  expect(first.status).toBe(200);
  const etag = first.headers.etag;
  expect(etag).toMatch(/^".+"$/);
  const again = await request(ctx.app).get('/projects/1');
  expect(again.text).toBe(first.text);
  expect(again.headers.etag).toBe(etag);
  const revalidated = await request(ctx.app).get('/projects/1').set('If-None-Match', String(etag));
  expect(revalidated.status).toBe(304);
});

test('a committed write reaches anonymous readers as soon as its figures are computed, and never goes back', async () => {
  const before = await request(ctx.app).get('/api/v1/projects/1');
  expect(before.body.project.batches[0].buildings[0].stage).toBe('landscaping');
  const versionBefore = Number(before.headers['x-data-version']);
  await ctx.db.updateTable('buildings').set({ stage: 'accepted', stage_date: '2024-01-15' }).where('batch_id', '=', 1).execute();
  // The first reader after the write may still get the figures computed before it (while the new
  // ones are computed), labelled with their version; then the new ones, with a new ETag.
  const first = await request(ctx.app).get('/api/v1/projects/1').set('If-None-Match', String(before.headers.etag));
  expect(Number(first.headers['x-data-version'])).toBeGreaterThanOrEqual(versionBefore);
  if (first.status === 304) expect(Number(first.headers['x-data-version'])).toBe(versionBefore);
  const after = await freshGet(ctx.app, ctx.db, '/api/v1/projects/1');
  expect(Number(after.headers['x-data-version'])).toBeGreaterThan(versionBefore);
  expect(after.body.project.batches[0].buildings[0].stage).toBe('accepted');
  expect(after.headers.etag).not.toBe(before.headers.etag);
});

test('a signed-in reader sees a committed write at once (staff see their own changes)', async () => {
  const { agent } = await signedInAgent(ctx.app, ctx.db, 'staff');
  await request(ctx.app).get('/projects/1'); // the anonymous figures are computed for the current version
  await ctx.db.updateTable('buildings').set({ stage: 'delivered', stage_date: '2024-02-01' }).where('batch_id', '=', 1).execute();
  const page = await agent.get('/api/v1/projects/1');
  expect(page.body.project.batches[0].buildings[0].stage).toBe('delivered');
});

test('languages are cached apart, and a ?lang= switch still sets its cookie', async () => {
  const zh = await request(ctx.app).get('/villages/1');
  const en = await request(ctx.app).get('/villages/1').set('Accept-Language', 'en');
  expect(zh.text).toContain('lang="zh-CN"');
  expect(en.text).toContain('lang="en"');
  const switched = await request(ctx.app).get('/villages/1?lang=en');
  expect(String(switched.headers['set-cookie'])).toMatch(/lang=en/);
});

describe('without stale reads (figures computed in the request thread)', () => {
  let plain: TestContext;
  beforeAll(async () => { plain = await createTestContext(); });
  afterAll(() => plain.close());

  test('a committed write changes the answer at once', async () => {
    const before = await request(plain.app).get('/api/v1/projects/1');
    await plain.db.updateTable('buildings').set({ stage: 'accepted', stage_date: '2024-01-15' }).where('batch_id', '=', 1).execute();
    const after = await request(plain.app).get('/api/v1/projects/1').set('If-None-Match', String(before.headers.etag));
    expect(after.status).toBe(200);
    expect(after.body.project.batches[0].buildings[0].stage).toBe('accepted');
    expect(Number(after.headers['x-data-version'])).toBeGreaterThan(Number(before.headers['x-data-version']));
  });
});

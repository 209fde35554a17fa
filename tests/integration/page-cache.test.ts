import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
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

test('a committed write changes the answer at once: nothing stale is served', async () => {
  const before = await request(ctx.app).get('/api/v1/projects/1');
  expect(before.body.project.batches[0].buildings[0].stage).toBe('landscaping');
  await ctx.db.updateTable('buildings').set({ stage: 'accepted', stage_date: '2024-01-15' }).where('batch_id', '=', 1).execute();
  const after = await request(ctx.app).get('/api/v1/projects/1').set('If-None-Match', String(before.headers.etag));
  expect(after.status).toBe(200);
  expect(after.body.project.batches[0].buildings[0].stage).toBe('accepted');
  expect(after.headers.etag).not.toBe(before.headers.etag);
});

test('languages are cached apart, and a ?lang= switch still sets its cookie', async () => {
  const zh = await request(ctx.app).get('/villages/1');
  const en = await request(ctx.app).get('/villages/1').set('Accept-Language', 'en');
  expect(zh.text).toContain('lang="zh-CN"');
  expect(en.text).toContain('lang="en"');
  const switched = await request(ctx.app).get('/villages/1?lang=en');
  expect(String(switched.headers['set-cookie'])).toMatch(/lang=en/);
});

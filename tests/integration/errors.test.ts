// Bad addresses: a plain page (or JSON for the API) with the right status; never a 500, never a stack.
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { htmlLang, mainText, stackLines } from '../helpers/html';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

/** Ids a route must refuse with 400: not a positive whole number in plain ASCII digits that fits. */
const BAD_IDS: [string, string][] = [
  ['letters', 'abc'],
  ['negative', '-1'],
  ['decimal', '1.5'],
  ['zero', '0'],
  ['leading zero', '01'],
  ['NUL byte', '%00'],
  ['full-width digit １', encodeURIComponent('１')],
  ['Arabic-Indic digit', encodeURIComponent('١')],
  ['20 digits', '99999999999999999999'],
  ['just past int32', '2147483648'],
  ['exponent', '1e3'],
  ['hex', '0x10'],
  ['plus sign', '+1'],
  ['space then digit', '%201'],
  ['digit then newline', '1%0A'],
  ['malformed escape', '%'],
  ['script', '%3Cscript%3E'],
  ['SQL', "1'%20OR%20'1'='1"],
];

function expectNoLeak(text: string) {
  expect(stackLines(text)).toEqual([]);
  expect(text).not.toMatch(/NotFoundError|ValidationError|ZodError|node_modules|\/src\/|\.ts:\d+/);
}

describe('HTML pages', () => {
  test('an unknown route is a Chinese 404 page, not a stack trace', async () => {
    const res = await request(ctx.app).get('/no/such/page');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(htmlLang(res.text)).toBe('zh-CN');
    expect(res.text).toContain('<h1>找不到页面</h1>');
    expect(res.text).toContain('这个页面不存在');
    expect(res.text).toContain('<a href="/">返回首页</a>');
    expectNoLeak(res.text);
  });

  test.each(['/projects/999999', '/projects/2147483647', '/villages/999999', '/batches/999999'])('%s (well-formed, absent) → 404 page', async (url) => {
    const res = await request(ctx.app).get(url);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('找不到页面');
    expectNoLeak(res.text);
  });

  for (const base of ['/projects', '/villages', '/batches']) {
    test.each(BAD_IDS)(`${base}/:id with %s → 400 page`, async (_name, id) => {
      const res = await request(ctx.app).get(`${base}/${id}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(htmlLang(res.text)).toBe('zh-CN');
      expect(res.text).toContain('<h1>地址有误</h1>');
      expect(mainText(res.text)).toContain('链接中的编号格式不对');
      expectNoLeak(res.text);
      // The refused value is not echoed back raw.
      expect(res.text).not.toContain('<script>');
    });
  }

  test('/?district=abc → 400 naming the field', async () => {
    const res = await request(ctx.app).get('/?district=abc');
    expect(res.status).toBe(400);
    expect(res.text).toContain('地址有误');
    expect(res.text).toMatch(/<strong>区<\/strong>：编号应是正整数/);
    expectNoLeak(res.text);
  });

  test('the 400 page speaks the page\'s language: no identifier and no English on the Chinese page', async () => {
    const zh = await request(ctx.app).get('/projects/abc');
    expect(zh.status).toBe(400);
    expect(zh.text).toMatch(/<strong>编号<\/strong>：编号应是正整数（只用阿拉伯数字）。/);
    expect(zh.text).not.toContain('must be');
    expect(zh.text).not.toMatch(/<strong>id<\/strong>/);
    const en = await request(ctx.app).get('/projects/abc?lang=en');
    expect(en.status).toBe(400);
    expect(en.text).toMatch(/<strong>Number<\/strong>: Must be a positive whole number \(digits only\)\./);
  });

  test.each(['', '-1', '1.5', '１', '0'])('/?district=%s → 400', async (v) => {
    const res = await request(ctx.app).get(`/?district=${encodeURIComponent(v)}`);
    expect(res.status).toBe(400);
    expectNoLeak(res.text);
  });

  test('/?district=999 → 404', async () => {
    const res = await request(ctx.app).get('/?district=999');
    expect(res.status).toBe(404);
    expect(res.text).toContain('找不到页面');
    expectNoLeak(res.text);
  });

  test('repeated ?district= uses the first value', async () => {
    const ok = await request(ctx.app).get('/?district=1&district=abc');
    expect(ok.status).toBe(200);
    const bad = await request(ctx.app).get('/?district=abc&district=1');
    expect(bad.status).toBe(400);
  });

  test('writes are not routes: POST / is a 404 page, not a crash', async () => {
    const res = await request(ctx.app).post('/').send('x=1');
    expect(res.status).toBe(404);
    expectNoLeak(res.text);
  });

  test('a missing asset is a 404, and ../ does not leave the public folder', async () => {
    for (const url of ['/assets/nope.js', '/assets/../package.json', '/assets/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/assets/']) {
      const res = await request(ctx.app).get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(res.text).not.toContain('"name": "resettlement-tracker"');
    }
  });
});

describe('JSON API', () => {
  const expectJsonError = (res: request.Response, status: number, error: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.error).toBe(error);
    expectNoLeak(res.text);
  };

  test('an unknown API route → JSON 404', async () => {
    expectJsonError(await request(ctx.app).get('/api/v1/nope'), 404, 'not_found');
    expectJsonError(await request(ctx.app).get('/api/v2/summary'), 404, 'not_found');
    expectJsonError(await request(ctx.app).get('/api/v1/villages/1'), 404, 'not_found');
  });

  test('/api/v1/projects/999999 → JSON 404', async () => {
    const res = await request(ctx.app).get('/api/v1/projects/999999');
    expectJsonError(res, 404, 'not_found');
    expect(res.body).toEqual({ error: 'not_found' });
  });

  test.each(BAD_IDS)('/api/v1/projects/:id with %s → JSON 400', async (_name, id) => {
    const res = await request(ctx.app).get(`/api/v1/projects/${id}`);
    expectJsonError(res, 400, 'invalid_request');
    expect(res.text).not.toMatch(/<html/i);
  });

  test('a refused id names the field', async () => {
    const res = await request(ctx.app).get('/api/v1/projects/abc');
    expect(res.body).toEqual({ error: 'invalid_request', fields: { id: 'validation.id' } });
  });

  test('the API is read-only: POST, PUT and DELETE are JSON 404s', async () => {
    expectJsonError(await request(ctx.app).post('/api/v1/projects').send({ name: 'x' }), 404, 'not_found');
    expectJsonError(await request(ctx.app).put('/api/v1/projects/1').send({ name: 'x' }), 404, 'not_found');
    expectJsonError(await request(ctx.app).delete('/api/v1/projects/1'), 404, 'not_found');
    // And nothing was changed.
    const list = await request(ctx.app).get('/api/v1/projects');
    expect(list.body.projects).toHaveLength(2);
  });

  test('a malformed JSON body on an API path is a client error, not a 500', async () => {
    const res = await request(ctx.app).post('/api/v1/summary').set('Content-Type', 'application/json').send('{"a":');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectNoLeak(res.text);
  });

  test('errors on a differently-cased API path are still JSON', async () => {
    const ok = await request(ctx.app).get('/API/V1/projects');
    expect(ok.headers['content-type']).toMatch(/^application\/json/);
    const res = await request(ctx.app).get('/API/V1/projects/abc');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('health', () => {
  test('/healthz answers JSON 200 and says nothing about the internals', async () => {
    const res = await request(ctx.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: { state: 'ok', dialect: expect.stringMatching(/^(sqlite|postgres)$/), schema: expect.any(String), pendingMigrations: 0 } });
  });

  test('/healthz is 503 (not 500, no detail) when the database is gone', async () => {
    const dead = await createTestContext({ seed: false });
    try {
      await dead.db.destroy();
      const res = await request(dead.app).get('/healthz');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ status: 'error', database: { state: 'unavailable' } });
      expectNoLeak(res.text);
    } finally {
      await dead.close().catch(() => undefined);
    }
  });

  test('a page whose database is gone is a plain 500 page without a stack', async () => {
    const dead = await createTestContext({ seed: false });
    try {
      await dead.db.destroy();
      const page = await request(dead.app).get('/');
      expect(page.status).toBe(500);
      expect(page.text).toContain('出错了');
      expectNoLeak(page.text);
      const api = await request(dead.app).get('/api/v1/summary');
      expect(api.status).toBe(500);
      expect(api.body).toEqual({ error: 'internal_error', incident: api.headers['x-request-id'] });
    } finally {
      await dead.close().catch(() => undefined);
    }
  });
});

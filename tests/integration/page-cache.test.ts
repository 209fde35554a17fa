import request from 'supertest';
import { recordMilestone } from '../../src/services/milestone-report.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { signedInAgent } from '../helpers/sign-in';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import type { ByteLru } from '../../src/web/byte-lru';
import express from 'express';
import { publicPageCache } from '../../src/web/middleware/page-cache';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(() => ctx.close());

/** A write as staff make it: through the service, which keeps the rollups in the same transaction. */
const advance = (batch: number, stage: 'accepted' | 'delivered' | 'finishing', date: string) =>
  recordMilestone(ctx.db, SYSTEM_ACTOR, '2026-11-26', { target: { kind: 'batch', id: batch }, stage, date, note: null });

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

test('a committed write reaches the very next anonymous reader: a new version, a new ETag, never a 304 of the old page', async () => {
  const before = await request(ctx.app).get('/api/v1/projects/1');
  const versionBefore = Number(before.headers['x-data-version']);
  const stageBefore = before.body.project.batches[1].buildings[0].stage;
  await advance(2, stageBefore === 'finishing' ? 'accepted' : 'finishing', '2026-06-01');
  const after = await request(ctx.app).get('/api/v1/projects/1').set('If-None-Match', String(before.headers.etag));
  expect(after.status).toBe(200);
  expect(Number(after.headers['x-data-version'])).toBeGreaterThan(versionBefore);
  expect(after.body.project.batches[1].buildings[0].stage).not.toBe(stageBefore);
  expect(after.headers.etag).not.toBe(before.headers.etag);
});

test('readers arriving together for a page not yet cached share one rendering of it', async () => {
  // the cache in front of a page that counts its renderings and takes a while (as the site's figures do at city scale)
  let version = 1;
  let renders = 0;
  const app = express();
  app.use(publicPageCache(async () => ({ version, key: String(version) }), { routeOf: () => '/', keyParts: () => ({ asOf: '2026-11-26', lang: 'zh' }), sessionCookie: 'sid', maxBytes: 1 << 20 }));
  app.get('/', async (_req, res) => {
    renders += 1;
    await new Promise((r) => setTimeout(r, 50));
    res.type('html').send(`<p>version ${version}, rendering ${renders}</p>`);
  });
  const together = () => Promise.all(Array.from({ length: 20 }, () => request(app).get('/')));
  const first = await together();
  expect(first.map((a) => a.status)).toEqual(Array(20).fill(200));
  expect(new Set(first.map((a) => a.text))).toEqual(new Set(['<p>version 1, rendering 1</p>']));
  expect(renders).toBe(1);
  // a commit: the next readers share one new rendering, never the old one
  version = 2;
  const second = await together();
  expect(new Set(second.map((a) => a.text))).toEqual(new Set(['<p>version 2, rendering 2</p>']));
  expect(renders).toBe(2);
});

/** The cache in front of one slow page (`/`, 50 ms a rendering) whose answer the test sets. */
function slowPage(answer: () => { status: number; body: string }) {
  const cache = publicPageCache(async () => ({ version: 1, key: '1' }), { routeOf: () => '/', keyParts: () => ({ asOf: '2026-11-26', lang: 'zh' }), sessionCookie: 'sid', maxBytes: 1 << 20 });
  const app = express();
  app.use(cache);
  app.get('/', async (_req, res) => {
    await new Promise((r) => setTimeout(r, 50));
    const a = answer();
    res.status(a.status).type('html').send(a.body);
  });
  return { app, cache };
}

test('a cached answer under 1,024 bytes goes out as it is; one of exactly 1,024 bytes is compressed', async () => {
  const { app } = slowPage(() => ({ status: 200, body: 'x'.repeat(1023) }));
  const small = await request(app).get('/').set('Accept-Encoding', 'br');
  expect([small.headers['content-encoding'], small.text.length]).toEqual([undefined, 1023]);
  const { app: app2 } = slowPage(() => ({ status: 200, body: 'y'.repeat(1024) }));
  const edge = await request(app2).get('/').set('Accept-Encoding', 'br');
  expect([edge.headers['content-encoding'], edge.text]).toEqual(['br', 'y'.repeat(1024)]);
});

test('readers arriving together for a page that is not found each get the 404 (not kept, so each renders its own)', async () => {
  const { app, cache } = slowPage(() => ({ status: 404, body: '<p>not found</p>' }));
  const answers = await Promise.all(Array.from({ length: 10 }, () => request(app).get('/')));
  expect(answers.map((a) => [a.status, a.text])).toEqual(Array(10).fill([404, '<p>not found</p>']));
  expect([cache.cache.size, cache.inFlight()]).toEqual([0, 0]);
});

test('no rendering is left in flight once its readers are answered, nor when the reader hangs up before the page is ready', async () => {
  const { app, cache } = slowPage(() => ({ status: 200, body: '<p>ok</p>' }));
  const server = app.listen(0);
  try {
    const port = (server.address() as { port: number }).port;
    // the first reader hangs up 10 ms into a 50 ms rendering
    const gone = new AbortController();
    const hungUp = fetch(`http://127.0.0.1:${port}/`, { signal: gone.signal }).catch((err: Error) => err.name);
    await new Promise((r) => setTimeout(r, 10));
    gone.abort();
    expect(await hungUp).toBe('AbortError');
    await new Promise((r) => setTimeout(r, 100));
    expect(cache.inFlight()).toBe(0);
    const next = await request(server).get('/');
    expect([next.status, next.text, cache.inFlight()]).toEqual([200, '<p>ok</p>', 0]);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('a signed-in reader sees a committed write at once (staff see their own changes)', async () => {
  const { agent } = await signedInAgent(ctx.app, ctx.db, 'staff');
  await request(ctx.app).get('/projects/1');
  await advance(1, 'delivered', '2026-07-01');
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

describe('keyed by the parameters a page recognises, bounded in bytes', () => {
  let small: StaffApp;
  const BOUND = 1024 * 1024;
  beforeAll(async () => { small = await createStaffApp({ env: { PAGE_CACHE_MB: '1' } }); });
  afterAll(() => small.close());
  const cache = () => small.app.locals.pageCache as ByteLru<unknown>;

  test('thousands of distinct junk query strings are one page: one entry, the same ETag, the cache within its bound', async () => {
    const first = await request(small.app).get('/api/v1/projects?cb=0');
    expect(first.status).toBe(200);
    const entries = cache().size; // other tests of this block may have cached pages before
    for (let i = 1; i <= 2000; i++) {
      const res = await request(small.app).get(`/api/v1/projects?cb=${i}&pad=${'x'.repeat(i % 50)}`);
      expect(res.headers.etag).toBe(first.headers.etag);
    }
    expect(cache().size).toBe(entries);
    expect(cache().bytes).toBeLessThanOrEqual(BOUND);
    expect((await request(small.app).get('/api/v1/projects').set('If-None-Match', String(first.headers.etag))).status).toBe(304);
  }, 90_000);

  test('the order of recognised parameters does not matter; an unrecognised value of one is not cached', async () => {
    const a = await request(small.app).get('/?sort=progress&dir=asc');
    const b = await request(small.app).get('/?dir=asc&sort=progress&utm_source=x');
    expect(b.headers.etag).toBe(a.headers.etag);
    const size = cache().size;
    for (let i = 0; i < 50; i++) expect((await request(small.app).get(`/?sort=bogus${i}`)).status).toBe(200);
    expect(cache().size).toBe(size);
  });

  test('distinct real pages fill it only up to its bound, least recently used out first', async () => {
    const paths = ['/', '/villages/1', '/villages/2', '/projects/1', '/projects/2', '/batches/1', '/batches/2', '/api/v1/summary', '/api/v1/villages', '/api/v1/projects/1'];
    const variants = ['', '?sort=village', '?sort=project', '?sort=progress', '?sort=updated', '?sort=village&dir=desc', '?sort=project&dir=desc', '?dir=desc'];
    for (const lang of ['zh', 'en']) {
      for (const p of paths) {
        for (const v of p === '/' ? variants : ['']) {
          await request(small.app).get(`${p}${v}`).set('Accept-Language', lang);
          expect(cache().bytes).toBeLessThanOrEqual(BOUND);
        }
      }
    }
    expect(cache().size).toBeGreaterThan(5);
  });

  test('unknown parameters are never echoed into the page (the language links keep only the recognised ones)', async () => {
    const res = await request(small.app).get(`/?district=1&sort=progress&zqprobe=EchoProbe7731&pad=${'p'.repeat(5000)}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('EchoProbe7731');
    expect(res.text).not.toContain('ppppp');
    expect(res.text).toContain('href="/?district=1&amp;sort=progress&amp;lang=en"');
  });

  test('PAGE_CACHE_MB=0 turns the cache off', async () => {
    const off = await createStaffApp({ env: { PAGE_CACHE_MB: '0' } });
    try {
      await request(off.app).get('/projects/1');
      expect((off.app.locals.pageCache as ByteLru<unknown>).size).toBe(0);
      expect((await request(off.app).get('/projects/1')).headers['x-data-version']).toBeUndefined(); // the cache's own header
    } finally {
      await off.close();
    }
  });
});

describe('what may be shared', () => {
  let c: StaffApp;
  beforeAll(async () => { c = await createStaffApp(); });
  afterAll(() => c.close());
  const cache = () => c.app.locals.pageCache as ByteLru<unknown>;

  test('a cached public page says it varies by language and cookie, so no shared cache hands one reader\'s page to another', async () => {
    for (const path of ['/', '/projects/1', '/api/v1/summary']) {
      await request(c.app).get(path);
      const hit = await request(c.app).get(path);
      expect(hit.headers.etag).toBeDefined();
      // a browser asks again every time (and gets a 304 while the page is the same): never a stale copy
      expect(hit.headers['cache-control']).toBe('no-cache');
      expect(String(hit.headers.vary).split(/,\s*/)).toEqual(expect.arrayContaining(['Accept-Language', 'Cookie']));
    }
  });

  test('answers other than 200 are never cached: a 404 or 400 stores nothing', async () => {
    const before = cache().size;
    for (const path of ['/projects/999999', '/villages/888888', '/batches/0', '/projects/abc', '/api/v1/projects/777777']) {
      const first = await request(c.app).get(path);
      expect(first.status).toBeGreaterThanOrEqual(400);
      expect(first.headers['x-data-version']).toBeDefined(); // it went through the cache, which did not keep it
    }
    expect(cache().size).toBe(before);
  });
});

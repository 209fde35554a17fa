import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { rawClient } from '../helpers/raw-http';

let ctx: TestContext;
let raw: Awaited<ReturnType<typeof rawClient>>;
/** The hashed URL of each asset, as the project page names it. */
let urls: Record<string, string>;
beforeAll(async () => {
  ctx = await createTestContext();
  raw = await rawClient(ctx.app);
  const html = (await request(ctx.app).get('/projects/1')).text;
  const ref = (re: RegExp) => re.exec(html)?.[1] ?? '';
  urls = {
    css: ref(/<link rel="stylesheet" href="(\/assets\/css\/app\.[0-9a-f]{8}\.css)">/),
    chart: ref(/<script src="(\/assets\/chart\.umd\.min\.[0-9a-f]{8}\.js)"><\/script>/),
    charts: ref(/<script src="(\/assets\/js\/charts\.[0-9a-f]{8}\.js)"><\/script>/),
  };
});
afterAll(async () => {
  await raw.close();
  await ctx.close();
});
afterEach(() => jest.restoreAllMocks());

const files = {
  css: path.join(__dirname, '../../public/css/app.css'),
  chart: path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
  charts: path.join(__dirname, '../../public/js/charts.js'),
};
const kinds = Object.keys(files) as (keyof typeof files)[];

test('pages name each asset by a content-hashed URL on this server', () => {
  for (const k of kinds) expect({ k, url: urls[k] }).toEqual({ k, url: expect.stringMatching(/^\/assets\/.+\.[0-9a-f]{8}\.(css|js)$/) });
});

test('a hashed URL answers with the file, cached for a year as immutable', async () => {
  for (const k of kinds) {
    const res = await raw.get(urls[k]!);
    expect({ k, status: res.status }).toEqual({ k, status: 200 });
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(k === 'css' ? /^text\/css/ : /^text\/javascript/);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.equals(fs.readFileSync(files[k]))).toBe(true);
  }
});

test('brotli and gzip variants decompress to the file, each with its own ETag', async () => {
  for (const k of kinds) {
    const file = fs.readFileSync(files[k]);
    const plain = await raw.get(urls[k]!, { 'accept-encoding': 'identity' });
    const br = await raw.get(urls[k]!, { 'accept-encoding': 'gzip, deflate, br' });
    const gz = await raw.get(urls[k]!, { 'accept-encoding': 'gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.brotliDecompressSync(br.body).equals(file)).toBe(true);
    expect(zlib.gunzipSync(gz.body).equals(file)).toBe(true);
    for (const a of [br, gz]) {
      expect(a.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(String(a.headers.vary)).toMatch(/Accept-Encoding/);
    }
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(3);
  }
});

test('each variant is compressed once, then the same bytes are sent', async () => {
  const brotli = jest.spyOn(zlib, 'brotliCompress');
  const first = await raw.get(urls.charts!, { 'accept-encoding': 'br' });
  const calls = brotli.mock.calls.length; // 0 when another test compressed it first, else 1
  expect(calls).toBeLessThanOrEqual(1);
  for (let i = 0; i < 3; i++) expect((await raw.get(urls.charts!, { 'accept-encoding': 'br' })).body.equals(first.body)).toBe(true);
  expect(brotli.mock.calls.length).toBe(calls);
});

test('a revalidation with the variant\'s ETag gets 304; HEAD gets the headers alone', async () => {
  const br = await raw.get(urls.css!, { 'accept-encoding': 'br' });
  expect((await raw.get(urls.css!, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) })).status).toBe(304);
  expect((await raw.get(urls.css!, { 'if-none-match': String(br.headers.etag) })).status).toBe(200);
  const head = await raw.get(urls.css!, { 'accept-encoding': 'br' }, 'HEAD');
  expect(head.status).toBe(200);
  expect(head.headers['content-length']).toBe(String(br.body.length));
  expect(head.body.length).toBe(0);
});

test('a hashed name with a hash that is not the current one is not found', async () => {
  for (const url of ['/assets/css/app.00000000.css', '/assets/chart.umd.min.00000000.js', '/assets/js/charts.deadbeef.js', urls.css!.replace('.css', '.js')]) {
    expect({ url, status: (await raw.get(url)).status }).toEqual({ url, status: 404 });
  }
});

test('the plain names still work, with a short max-age and not immutable', async () => {
  for (const url of ['/assets/css/app.css', '/assets/chart.umd.min.js', '/assets/js/charts.js']) {
    const res = await request(ctx.app).get(url);
    expect({ url, status: res.status }).toEqual({ url, status: 200 });
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const br = await raw.get(url, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(res.text);
  }
  expect((await raw.get('/ASSETS/CHART.UMD.MIN.JS')).status).toBe(200); // Express routes are case-insensitive
});

test('the Content-Security-Policy allows them: same origin only', async () => {
  const page = await request(ctx.app).get('/projects/1');
  const csp = String(page.headers['content-security-policy']);
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  for (const k of kinds) expect(urls[k]!.startsWith('/assets/')).toBe(true); // a path on this origin, not //host
});

test('a first visit to a project page costs at most 100 KB over the wire (HTML, CSS and JS, compressed)', async () => {
  for (const encoding of ['br', 'gzip']) {
    const sizes: Record<string, number> = {};
    for (const url of ['/projects/1', ...kinds.map((k) => urls[k]!)]) sizes[url] = (await raw.get(url, { 'accept-encoding': encoding })).body.length;
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    // about 67 KB in brotli and 78 KB in gzip, of which Chart.js is 61 KB and 71 KB
    expect({ encoding, sizes, within: total <= 100 * 1024 }).toEqual({ encoding, sizes, within: true });
  }
});

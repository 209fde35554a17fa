import zlib from 'node:zlib';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { rawClient } from '../helpers/raw-http';
import type { ByteLru } from '../../src/web/byte-lru';

let ctx: TestContext;
let raw: Awaited<ReturnType<typeof rawClient>>;
beforeAll(async () => {
  ctx = await createTestContext();
  raw = await rawClient(ctx.app);
});
afterAll(async () => {
  await raw.close();
  await ctx.close();
});
afterEach(() => jest.restoreAllMocks());

/** Counts the streams compression middleware creates (zlib's create* functions are read-only, so no jest.spyOn). */
function countStreams(): { count(): number; restore(): void } {
  const names = ['createBrotliCompress', 'createGzip', 'createDeflate'] as const;
  const real = names.map((n) => Object.getOwnPropertyDescriptor(zlib, n)!);
  let n = 0;
  names.forEach((name, i) => {
    const fn = real[i]!.value as (...args: unknown[]) => unknown;
    Object.defineProperty(zlib, name, { ...real[i], value: (...args: unknown[]) => { n += 1; return fn(...args); } });
  });
  return { count: () => n, restore: () => names.forEach((name, i) => Object.defineProperty(zlib, name, real[i]!)) };
}

const varies = (h: string | string[] | undefined) => String(h).split(/,\s*/);

describe('cached public pages', () => {
  test('brotli and gzip answers decompress to the identity answer; each variant has its own ETag', async () => {
    const plain = await raw.get('/projects/1');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toContain('<!doctype html>');
    const br = await raw.get('/projects/1', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    const gz = await raw.get('/projects/1', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);
    for (const a of [plain, br, gz]) expect(varies(a.headers.vary)).toEqual(expect.arrayContaining(['Accept-Encoding', 'Accept-Language', 'Cookie']));
    expect(br.headers.etag).toBe(String(plain.headers.etag).replace(/"$/, '-br"'));
    expect(gz.headers.etag).toBe(String(plain.headers.etag).replace(/"$/, '-gz"'));
  });

  test('the JSON API is compressed the same way', async () => {
    const plain = await raw.get('/api/v1/projects', { 'accept-encoding': 'identity' });
    const gz = await raw.get('/api/v1/projects', { 'accept-encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.headers['content-type']).toMatch(/^application\/json/);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gz.body).toString())).toEqual(JSON.parse(plain.body.toString()));
  });

  test('an entry is compressed once per encoding, on its first request, and its variants count in the cache bound', async () => {
    const brotli = jest.spyOn(zlib, 'brotliCompress');
    const gzip = jest.spyOn(zlib, 'gzip');
    const streams = countStreams();
    const cache = ctx.app.locals.pageCache as ByteLru<unknown>;
    const first = await raw.get('/batches/2', { 'accept-encoding': 'br' }); // rendered, stored and compressed
    const bytes = cache.bytes;
    const again = [await raw.get('/batches/2', { 'accept-encoding': 'br' }), await raw.get('/batches/2', { 'accept-encoding': 'br' })];
    expect(brotli).toHaveBeenCalledTimes(1);
    for (const a of again) expect(a.body.equals(first.body)).toBe(true);
    const gz = [await raw.get('/batches/2', { 'accept-encoding': 'gzip' }), await raw.get('/batches/2', { 'accept-encoding': 'gzip' })];
    expect(gzip).toHaveBeenCalledTimes(1);
    expect(gz[1]!.body.equals(gz[0]!.body)).toBe(true);
    expect(cache.bytes).toBe(bytes + gz[0]!.body.length);
    streams.restore();
    expect(streams.count()).toBe(0); // nothing compressed on the fly either
  });

  test('two first requests at once share one compression', async () => {
    const brotli = jest.spyOn(zlib, 'brotliCompress');
    await raw.get('/?sort=village'); // stored, identity
    const [a, b] = await Promise.all([raw.get('/?sort=village', { 'accept-encoding': 'br' }), raw.get('/?sort=village', { 'accept-encoding': 'br' })]);
    expect(a.headers['content-encoding']).toBe('br');
    expect(a.body.equals(b.body)).toBe(true);
    expect(brotli).toHaveBeenCalledTimes(1);
  });

  test('HEAD gets the headers of the variant, without a body', async () => {
    const get = await raw.get('/villages/1', { 'accept-encoding': 'br' });
    const head = await raw.get('/villages/1', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers['content-length']).toBe(String(get.body.length));
    expect(head.body.length).toBe(0);
  });

  test('304 for the ETag of the variant asked for, a full answer for the ETag of another', async () => {
    const br = await raw.get('/batches/1', { 'accept-encoding': 'br' });
    const gz = await raw.get('/batches/1', { 'accept-encoding': 'gzip' });
    const same = await raw.get('/batches/1', { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) });
    expect(same.status).toBe(304);
    expect(same.headers.etag).toBe(br.headers.etag);
    expect(same.body.length).toBe(0);
    expect((await raw.get('/batches/1', { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) })).status).toBe(304);
    const other = await raw.get('/batches/1', { 'accept-encoding': 'gzip', 'if-none-match': String(br.headers.etag) });
    expect(other.status).toBe(200);
    expect(other.headers['content-encoding']).toBe('gzip');
    expect((await raw.get('/batches/1', { 'if-none-match': String(br.headers.etag) })).status).toBe(200);
  });
});

describe('answers rendered per request', () => {
  test('are compressed on the way out when large enough, brotli preferred, never twice', async () => {
    const plain = await raw.get('/villages/404404'); // a 404 page: not cached
    expect(plain.status).toBe(404);
    expect(plain.body.length).toBeGreaterThan(1024);
    const br = await raw.get('/villages/404404', { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(varies(br.headers.vary)).toContain('Accept-Encoding');
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const streams = countStreams();
    const login = await raw.get('/login', { 'accept-encoding': 'gzip' });
    streams.restore();
    expect(streams.count()).toBe(1); // the middleware's, once
    expect(login.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(login.body).toString()).toContain('name="_csrf"');
  });

  test('small answers are left alone', async () => {
    const health = await raw.get('/healthz', { 'accept-encoding': 'br, gzip' });
    expect(health.status).toBe(200);
    expect(health.body.length).toBeLessThan(1024);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(health.body.toString()).status).toBe('ok');
    const csv = await raw.get('/export/public.csv', { 'accept-encoding': 'br, gzip' }); // the seed's is a few lines
    expect(csv.body.length).toBeLessThan(1024);
    expect(csv.headers['content-encoding']).toBeUndefined();
    expect(csv.body.toString()).toContain('赵村');
  });

  test('supertest (which decompresses) still reads every page as text', async () => {
    const res = await request(ctx.app).get('/projects/1');
    expect(res.headers['content-encoding']).toBe('gzip'); // superagent asks for gzip and deflate
    expect(res.text).toContain('<!doctype html>');
  });
});

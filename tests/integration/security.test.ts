// Security headers, no inline script anywhere, and every script and style served from this server.
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { eventHandlerAttributes, parseCsp, scriptElements } from '../helpers/html';

let ctx: TestContext;
let pages: string[];
beforeAll(async () => {
  ctx = await createTestContext();
  const projects = (await request(ctx.app).get('/api/v1/projects')).body.projects;
  const resettlement = projects.find((p: { kind: string }) => p.kind === 'resettlement');
  const detail = (await request(ctx.app).get(`/api/v1/projects/${resettlement.id}`)).body.project;
  pages = [
    '/', '/?lang=en', '/?sort=progress&dir=desc', `/villages/${resettlement.villageId}`,
    ...projects.map((p: { id: number }) => `/projects/${p.id}`),
    ...detail.batches.map((b: { id: number }) => `/batches/${b.id}`),
    '/no/such/page', '/projects/abc',
  ];
});
afterAll(async () => { await ctx.close(); });

describe('response headers', () => {
  test('pages carry a CSP that allows scripts only from this origin, and no inline script', async () => {
    for (const url of pages) {
      const res = await request(ctx.app).get(url);
      const csp = parseCsp(res.headers['content-security-policy']);
      const scriptSrc = csp.get('script-src') ?? csp.get('default-src');
      expect({ url, scriptSrc }).toEqual({ url, scriptSrc: ["'self'"] });
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'self'"]);
      expect(csp.get('style-src')).not.toContain("'unsafe-inline'");
      // Inline event handlers are blocked as well.
      expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    }
  });

  test('the whole policy, directive by directive: this origin only, images also as data: URLs, no plugins, no framing, no upgrade of plain-HTTP links', async () => {
    const csp = parseCsp((await request(ctx.app).get('/')).headers['content-security-policy']);
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': ["'self'"],
      'base-uri': ["'self'"],
      'font-src': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'img-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'"],
      'connect-src': ["'self'"],
    });
    // over plain HTTP (SECURE_COOKIES unset) no Strict-Transport-Security: sessions.test.ts has the HTTPS case
    expect((await request(ctx.app).get('/')).headers['strict-transport-security']).toBeUndefined();
  });

  test('no X-Powered-By, and nosniff, on pages, API, assets and errors', async () => {
    for (const url of ['/', '/api/v1/summary', '/api/v1/projects/1', '/api/v1/projects/abc', '/no/such/page', '/assets/chart.umd.min.js', '/assets/css/app.css', '/healthz']) {
      const res = await request(ctx.app).get(url);
      expect({ url, poweredBy: res.headers['x-powered-by'] }).toEqual({ url, poweredBy: undefined });
      if (url !== '/healthz') expect({ url, nosniff: res.headers['x-content-type-options'] }).toEqual({ url, nosniff: 'nosniff' });
    }
  });

  test('the page may not be framed and sends no referrer to other sites', async () => {
    const res = await request(ctx.app).get('/');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  test('the API also sends the CSP and nosniff', async () => {
    const res = await request(ctx.app).get('/api/v1/summary');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('page markup', () => {
  test('every <script> is an external same-origin file with no inline content', async () => {
    for (const url of pages) {
      const html = (await request(ctx.app).get(url)).text;
      const scripts = scriptElements(html);
      expect({ url, count: scripts.length > 0 }).toEqual({ url, count: true });
      for (const s of scripts) {
        expect({ url, body: s.body.trim() }).toEqual({ url, body: '' });
        const src = /\ssrc="([^"]+)"/.exec(s.attrs)?.[1];
        expect({ url, src }).toEqual({ url, src: expect.stringMatching(/^\/assets\//) });
      }
      // No <script> opened without being closed (which would hide content from the regex above).
      expect((html.match(/<script\b/gi) ?? []).length).toBe(scripts.length);
    }
  });

  test('no inline event handlers, javascript: URLs, inline styles or off-site assets', async () => {
    for (const url of pages) {
      const html = (await request(ctx.app).get(url)).text;
      expect({ url, handlers: eventHandlerAttributes(html) }).toEqual({ url, handlers: [] });
      expect({ url, js: html.match(/javascript:/gi) }).toEqual({ url, js: null });
      // style-src 'self' would block these, so none may be relied on.
      expect({ url, style: html.match(/<style\b|\sstyle\s*=/gi) }).toEqual({ url, style: null });
      const refs = [...html.matchAll(/<(?:script|link|img|iframe)\b[^>]*\s(?:src|href)="([^"]*)"/gi)].map((m) => m[1]!);
      for (const ref of refs) expect({ url, ref }).toEqual({ url, ref: expect.stringMatching(/^\/(?!\/)/) });
    }
  });

  test('pages load Chart.js before the chart script', async () => {
    const html = (await request(ctx.app).get('/')).text;
    const srcs = scriptElements(html).map((s) => /\ssrc="([^"]+)"/.exec(s.attrs)?.[1]);
    expect(srcs).toEqual([
      expect.stringMatching(/^\/assets\/chart\.umd\.min\.[0-9a-f]{8}\.js$/), expect.stringMatching(/^\/assets\/js\/charts\.[0-9a-f]{8}\.js$/),
      expect.stringMatching(/^\/assets\/js\/search-suggest\.[0-9a-f]{8}\.js$/),
    ]);
  });
});

describe('assets', () => {
  test('Chart.js is served from this server, as JavaScript, byte for byte the installed file', async () => {
    const res = await request(ctx.app).get('/assets/chart.umd.min.js').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    const installed = fs.readFileSync(path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'));
    expect(Buffer.compare(res.body as Buffer, installed)).toBe(0);
    expect((res.body as Buffer).toString('utf8', 0, 200)).toContain('Chart.js v4');
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
  });

  test('/assets/js/charts.js is served as JavaScript and reads data-chart', async () => {
    const res = await request(ctx.app).get('/assets/js/charts.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.text).toContain('data-chart');
    expect(res.text).toBe(fs.readFileSync(path.join(__dirname, '../../public/js/charts.js'), 'utf8'));
  });

  test('/assets/css/app.css is served as CSS', async () => {
    const res = await request(ctx.app).get('/assets/css/app.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.text.length).toBeGreaterThan(100);
    // Nothing the CSP would block: no styles or fonts from other origins.
    expect(res.text).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//i);
  });

  test('the favicon request is answered without an error', async () => {
    const res = await request(ctx.app).get('/favicon.ico');
    expect(res.status).toBeLessThan(400);
  });
});

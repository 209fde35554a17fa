// Per-IP limits on the public pages, the API and the exports: 429 with Retry-After once an address has
// used its minute; other addresses, the health probe and static files are unaffected; 0 turns it off.
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { isRateLimited } from '../../src/web/middleware/rate-limit';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { signedInAgent } from '../helpers/sign-in';

const LIMIT = 4;
let s: StaffApp;
let ipCounter = 0;
/** A fresh client address per test, so that the tests do not share a minute's budget. */
const nextIp = () => `203.0.113.${++ipCounter}`;

beforeAll(async () => { s = await createStaffApp({ env: { RATE_LIMIT_PER_MINUTE: String(LIMIT) } }); });
afterAll(async () => { await s.close(); });

async function exhaust(path: string, ip: string): Promise<request.Response> {
  for (let i = 0; i < LIMIT; i++) {
    const ok = await request(s.app).get(path).set('X-Forwarded-For', ip);
    expect(ok.status).toBeLessThan(400);
  }
  return request(s.app).get(path).set('X-Forwarded-For', ip);
}

test.each([
  ['the overview', '/'],
  ['a village page', '/villages/1'],
  ['the API', '/api/v1/summary'],
  ['the public export', '/export/public.csv'],
])('%s answers 429 with Retry-After once an address has used its minute', async (_name, path) => {
  const res = await exhaust(path, nextIp());
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.headers['cache-control']).toBe('no-store');
});

test('the refusal is JSON on the API and a bilingual page elsewhere', async () => {
  const api = await exhaust('/api/v1/villages', nextIp());
  expect(api.body).toEqual({ error: 'rate_limited', retryAfterSeconds: Number(api.headers['retry-after']) });
  const page = await exhaust('/', nextIp());
  expect(page.type).toBe('text/html');
  expect(page.text).toContain('请求过于频繁');
  expect(page.text).toContain('Too many requests');
});

test('Retry-After is what is left of the minute, and the refusal states the same number', async () => {
  const start = Date.now();
  const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
  try {
    const pageIp = nextIp();
    const apiIp = nextIp();
    for (let i = 0; i < LIMIT; i++) {
      expect((await request(s.app).get('/').set('X-Forwarded-For', pageIp)).status).toBe(200);
      expect((await request(s.app).get('/api/v1/summary').set('X-Forwarded-For', apiIp)).status).toBe(200);
    }
    clock.mockReturnValue(start + 15_000); // 15 s into the minute: 60 - 15 = 45 s are left
    const page = await request(s.app).get('/').set('X-Forwarded-For', pageIp);
    expect([page.status, page.headers['retry-after']]).toEqual([429, '45']);
    expect(page.text).toContain('请在 45 秒后再试');
    expect(page.text).toContain('try again in 45 seconds');
    const api = await request(s.app).get('/api/v1/summary').set('X-Forwarded-For', apiIp);
    expect([api.status, api.headers['retry-after']]).toEqual([429, '45']);
    expect(api.body).toEqual({ error: 'rate_limited', retryAfterSeconds: 45 });
  } finally {
    clock.mockRestore();
  }
});

test('the budget is told in the standard RateLimit headers only, not the old X-RateLimit-* ones', async () => {
  const res = await request(s.app).get('/').set('X-Forwarded-For', nextIp());
  expect(res.status).toBe(200);
  expect(res.headers['ratelimit-policy']).toBe(`${LIMIT};w=60`);
  expect(Object.keys(res.headers).filter((h) => h.startsWith('x-ratelimit'))).toEqual([]);
});

test('only an address that starts with /api/ or /export/ is refused as JSON; one with /api/ further along gets the page', async () => {
  const ip = nextIp();
  for (let i = 0; i < LIMIT; i++) expect((await request(s.app).get('/projects/api/v1').set('X-Forwarded-For', ip)).status).toBe(404);
  const res = await request(s.app).get('/projects/api/v1').set('X-Forwarded-For', ip);
  expect(res.status).toBe(429);
  expect(res.type).toBe('text/html');
  expect(res.text).toContain('Too many requests');
  const exportIp = nextIp();
  for (let i = 0; i < LIMIT; i++) await request(s.app).get('/EXPORT/public.csv').set('X-Forwarded-For', exportIp);
  const upper = await request(s.app).get('/EXPORT/public.csv').set('X-Forwarded-For', exportIp);
  expect([upper.status, upper.type]).toEqual([429, 'application/json']);
});

test('the pages, the API and the exports share one budget per address', async () => {
  const ip = nextIp();
  for (const path of ['/', '/api/v1/summary', '/export/public.csv', '/projects/1']) {
    expect((await request(s.app).get(path).set('X-Forwarded-For', ip)).status).toBe(200);
  }
  expect((await request(s.app).get('/batches/1').set('X-Forwarded-For', ip)).status).toBe(429);
});

test('another address is still served, and so are the health probe and the static files', async () => {
  const ip = nextIp();
  expect((await exhaust('/', ip)).status).toBe(429);
  expect((await request(s.app).get('/').set('X-Forwarded-For', nextIp())).status).toBe(200);
  for (let i = 0; i < LIMIT + 2; i++) {
    expect((await request(s.app).get('/healthz').set('X-Forwarded-For', ip)).status).toBe(200);
    expect((await request(s.app).get('/assets/css/app.css').set('X-Forwarded-For', ip)).status).toBe(200);
  }
});

test('X-Forwarded-For is believed only from a proxy on loopback, so a remote client cannot pick its own address', () => {
  const trusted = s.app.get('trust proxy fn') as (addr: string, i: number) => boolean;
  expect(trusted('127.0.0.1', 0)).toBe(true);
  expect(trusted('::1', 0)).toBe(true);
  expect(trusted('203.0.113.9', 0)).toBe(false);
  expect(trusted('10.0.0.2', 0)).toBe(false);
});

test('loopback is limited too: a direct request without a proxy header has no free pass', async () => {
  // supertest connects from 127.0.0.1; earlier tests used other addresses, so this budget is fresh.
  for (let i = 0; i < LIMIT; i++) expect((await request(s.app).get('/api/v1/summary')).status).toBe(200);
  expect((await request(s.app).get('/api/v1/summary')).status).toBe(429);
});

test('unknown addresses count (probing costs a 404 page each), staff pages do not', async () => {
  const ip = nextIp();
  for (let i = 0; i < LIMIT; i++) expect((await request(s.app).get(`/no-such-page-${i}`).set('X-Forwarded-For', ip)).status).toBe(404);
  expect((await request(s.app).get('/no-such-page').set('X-Forwarded-For', ip)).status).toBe(429);

  const staffIp = nextIp();
  const { agent } = await signedInAgent(s.app, s.db, 'staff', { ip: staffIp });
  for (let i = 0; i < LIMIT + 2; i++) expect((await agent.get('/admin')).status).toBe(200);
});

test('which requests the limit covers', () => {
  expect(isRateLimited({ method: 'GET', path: '/' })).toBe(true);
  expect(isRateLimited({ method: 'GET', path: '/API/V1/summary' })).toBe(true);
  expect(isRateLimited({ method: 'GET', path: '/export/public.csv' })).toBe(true);
  expect(isRateLimited({ method: 'POST', path: '/login' })).toBe(true);
  expect(isRateLimited({ method: 'GET', path: '/Villages/1/' })).toBe(true); // as Express routes it
  expect(isRateLimited({ method: 'GET', path: '/assets/no-such-file.js' })).toBe(true); // a miss costs a 404 page
  expect(isRateLimited({ method: 'GET', path: '/admin' })).toBe(false);
  expect(isRateLimited({ method: 'POST', path: '/admin/milestones/new' })).toBe(false);
});

describe('configuration', () => {
  test('the default protects a real deployment', () => {
    expect(loadConfig({}).rateLimitPerMinute).toBeGreaterThan(0);
  });

  test('0 turns the limit off', async () => {
    const off = await createStaffApp({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    try {
      for (let i = 0; i < 3 * LIMIT; i++) expect((await request(off.app).get('/api/v1/summary')).status).toBe(200);
    } finally {
      await off.close();
    }
  });

  test.each(['-1', 'many', '1.5', '1e400'])('RATE_LIMIT_PER_MINUTE=%s is refused, naming the variable', (value) => {
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: value })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });
});

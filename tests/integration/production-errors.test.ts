// Errors in production: every request has an id (X-Request-Id) and one JSON access-log line; an
// unexpected error shows a generic page or JSON with that id as the incident id, and the log line of
// the same id carries the error and its stack. The 500s come from the real app on a broken database.
import { sql } from 'kysely';
import request from 'supertest';
import { createStaffApp, memoryLogger, type StaffApp } from '../helpers/staff-app';
import { signedInAgent, strongPassword, csrfFrom, newAgent } from '../helpers/sign-in';
import { htmlLang, mainText, stackLines } from '../helpers/html';
import { submitForm, VALID_CHANGES } from '../helpers/staff-forms';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  req?: Record<string, unknown>;
  res?: Record<string, unknown>;
  err?: { type?: string; message?: string; stack?: string };
  responseTime?: number;
  [k: string]: unknown;
}

const parse = (lines: string[]): LogLine[] => lines.map((l) => JSON.parse(l) as LogLine);
const linesOf = (log: ReturnType<typeof memoryLogger>, reqId: string | undefined) => parse(log.lines).filter((l) => l.reqId === reqId);

/** Words of the failure that must stay in the log: the SQL error, the table, the code's files. */
function expectNothingFromTheException(text: string) {
  expect(stackLines(text)).toEqual([]);
  // what the reader sees (a staff page's navigation links to /admin/milestones/new, which is fine)
  const shown = /<main\b/.test(text) ? mainText(text) : text;
  expect(shown).not.toMatch(/no such table|does not exist|milestones|sessions|SqliteError|DatabaseError|select\s|from\s+"|node_modules|\/src\/|\.ts:\d+|Error:/i);
}

describe('request ids and the access log', () => {
  let s: StaffApp;
  let log: ReturnType<typeof memoryLogger>;
  beforeAll(async () => {
    log = memoryLogger('trace');
    s = await createStaffApp({ logger: log.logger, env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => { await s.close(); });

  test('every answer carries a fresh X-Request-Id: pages, API, errors, health and assets', async () => {
    const ids = new Set<string>();
    for (const url of ['/', '/api/v1/summary', '/projects/1', '/no/such/page', '/projects/abc', '/healthz', '/assets/css/app.css', '/login']) {
      const res = await request(s.app).get(url);
      expect({ url, id: res.headers['x-request-id'] }).toEqual({ url, id: expect.stringMatching(UUID) });
      ids.add(String(res.headers['x-request-id']));
    }
    expect(ids.size).toBe(8);
  });

  test('a sane incoming X-Request-Id is kept; anything else is replaced', async () => {
    const kept = await request(s.app).get('/').set('X-Request-Id', 'lb-4f2a9c71-ab');
    expect(kept.headers['x-request-id']).toBe('lb-4f2a9c71-ab');
    for (const bad of ['short', 'x'.repeat(65), 'has space 12345', 'semi;colon12345', '<script>alert(1)</script>', 'ab\u00e9cdefghij', '../../etc/passwd']) {
      const res = await request(s.app).get('/').set('X-Request-Id', bad);
      expect({ bad, id: res.headers['x-request-id'] }).toEqual({ bad, id: expect.stringMatching(UUID) });
    }
  });

  test('one JSON line per request: id, method, url, status and time, at info', async () => {
    const res = await request(s.app).get('/villages/1?lang=en');
    const id = res.headers['x-request-id'];
    const lines = linesOf(log, id);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({ level: 30, reqId: id, req: { method: 'GET', url: '/villages/1?lang=en' }, res: { statusCode: 200 } });
    expect(typeof line!.responseTime).toBe('number');
    // allow-listed: no headers, no remote address, no body
    expect(Object.keys(line!.req!).sort()).toEqual(['method', 'url']);
    expect(Object.keys(line!.res!)).toEqual(['statusCode']);
  });

  test('the health probe and static files are logged at debug only', async () => {
    for (const url of ['/healthz', '/assets/css/app.css', '/favicon.ico']) {
      const res = await request(s.app).get(url);
      const lines = linesOf(log, res.headers['x-request-id']);
      expect({ url, levels: lines.map((l) => l.level) }).toEqual({ url, levels: [20] });
    }
  });

  test('4xx answers are logged as the requests they are, not as errors', async () => {
    for (const [url, status] of [['/no/such/page', 404], ['/projects/abc', 400], ['/api/v1/projects/999999', 404], ['/admin', 303]] as const) {
      const res = await request(s.app).get(url);
      expect({ url, status: res.status }).toEqual({ url, status });
      const lines = linesOf(log, res.headers['x-request-id']);
      expect({ url, levels: lines.map((l) => l.level), err: lines.some((l) => 'err' in l) }).toEqual({ url, levels: [30], err: false });
    }
  });

  test('no cookie, session id, CSRF token, password or form body reaches the log, even at trace', async () => {
    const me = await signedInAgent(s.app, s.db, 'admin');
    await me.agent.get('/admin');
    const token = await csrfFrom(me.agent, '/account/password');
    const next = strongPassword();
    await me.agent.post('/account/password').type('form').send({ _csrf: token, currentPassword: me.password, newPassword: next, confirmPassword: next });
    // a failed sign-in with a password in the body
    const other = newAgent(s.app);
    const loginToken = await csrfFrom(other, '/login');
    await other.post('/login').type('form').send({ _csrf: loginToken, username: me.username, password: 'wrong-but-secret-Xy9!' });
    // a secret-looking query parameter
    await request(s.app).get('/?token=leaky-value-123&lang=en');
    const sids = (await s.db.selectFrom('sessions').select('sid').execute()).map((r) => r.sid);
    const text = log.text();
    for (const secret of [me.password, next, token, loginToken, 'wrong-but-secret-Xy9!', 'leaky-value-123', ...sids]) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
    expect(text).not.toMatch(/tracker\.sid|"cookie"|set-cookie|authorization|"headers"|"body"/i);
    expect(text).toContain('token=%5Bredacted%5D&lang=en');
    for (const line of parse(log.lines)) expect(line.level).toBeLessThan(50);
  });
});

describe('unexpected errors (a table the app needs is gone)', () => {
  let s: StaffApp;
  let log: ReturnType<typeof memoryLogger>;
  beforeAll(async () => {
    log = memoryLogger('info');
    s = await createStaffApp({ logger: log.logger, env: { NODE_ENV: 'production' } });
    await sql`drop table rollup_changes`.execute(s.db);
  });
  afterAll(async () => { await s.close(); });

  test('a page is a generic Chinese 500 page with the incident id, and nothing from the exception', async () => {
    const res = await request(s.app).get('/');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    const id = res.headers['x-request-id'];
    expect(id).toMatch(UUID);
    expect(htmlLang(res.text)).toBe('zh-CN');
    const text = mainText(res.text);
    expect(text).toContain('出错了');
    expect(text).toContain(`事件编号： ${id}`);
    expect(text).toContain('请提供这个编号');
    expectNothingFromTheException(res.text);
  });

  test('in English for an English reader', async () => {
    const res = await request(s.app).get('/projects/1').set('Accept-Language', 'en-GB,en;q=0.9');
    expect(res.status).toBe(500);
    expect(htmlLang(res.text)).toBe('en');
    const text = mainText(res.text);
    expect(text).toContain('Something went wrong');
    expect(text).toContain(`Incident id: ${res.headers['x-request-id']}`);
    expect(text).toContain('please quote this id');
    expectNothingFromTheException(res.text);
  });

  test('the API answers { error: "internal_error", incident } and nothing else', async () => {
    const res = await request(s.app).get('/api/v1/summary');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: 'internal_error', incident: res.headers['x-request-id'] });
    expectNothingFromTheException(res.text);
  });

  test('the incident id of a sane upstream X-Request-Id is that id', async () => {
    const res = await request(s.app).get('/api/v1/projects').set('X-Request-Id', 'nginx-0123456789abcdef');
    expect(res.body).toEqual({ error: 'internal_error', incident: 'nginx-0123456789abcdef' });
  });

  test('the log has one error line for the incident: same id, the error with its stack, method and url', async () => {
    const res = await request(s.app).get('/batches/1?lang=en');
    const id = res.headers['x-request-id'];
    const lines = linesOf(log, id);
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({ level: 50, msg: 'unhandled error', reqId: id, req: { method: 'GET', url: '/batches/1?lang=en' }, res: { statusCode: 500 } });
    expect(line.err?.message).toMatch(/rollup_changes/);
    expect(line.err?.stack).toMatch(/\n\s+at /);
    expect(typeof line.responseTime).toBe('number');
  });

  test('a staff form that fails to save shows the incident id; the log line has no form body', async () => {
    const me = await signedInAgent(s.app, s.db, 'staff');
    const note = 'note-text-that-stays-out-of-the-log';
    const res = await submitForm(me.agent, '/admin/milestones/new?batch=1', { ...VALID_CHANGES.milestone(), note });
    expect(res.status).toBe(500);
    const id = res.headers['x-request-id'];
    expect(mainText(res.text)).toContain(`事件编号： ${id}`);
    expectNothingFromTheException(res.text);
    const lines = linesOf(log, id);
    expect(lines.map((l) => l.level)).toEqual([50]);
    expect(lines[0]!.req).toEqual({ method: 'POST', url: '/admin/milestones/new?batch=1' });
    expect(log.text()).not.toContain(note);
  });
});

describe('a failure before the page set-up (the session store is gone)', () => {
  let s: StaffApp;
  let log: ReturnType<typeof memoryLogger>;
  beforeAll(async () => {
    log = memoryLogger('info');
    s = await createStaffApp({ logger: log.logger, env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => { await s.close(); });

  test('the generic page in the reader\'s language with the incident id (the page set-up comes first), the error in the log', async () => {
    const me = await signedInAgent(s.app, s.db, 'staff');
    await sql`drop table sessions`.execute(s.db);
    const zh = await me.agent.get('/admin');
    expect(zh.status).toBe(500);
    expect(zh.text).toContain('<html lang="zh-CN">');
    expect(zh.text).toContain(`<code class="incident">${zh.headers['x-request-id']}</code>`);
    expectNothingFromTheException(zh.text);
    const en = await me.agent.get('/admin?lang=en');
    expect(en.status).toBe(500);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain(`<code class="incident">${en.headers['x-request-id']}</code>`);
    expectNothingFromTheException(en.text);
    const line = linesOf(log, zh.headers['x-request-id'])[0]!;
    expect(line).toMatchObject({ level: 50, reqId: zh.headers['x-request-id'], req: { method: 'GET', url: '/admin' } });
    expect(line.err?.stack).toMatch(/sessions/);
  });
});

// Refused access and CSRF failures leave a trace in the audit log (ASVS 7.2.2; GB/T 22239-2019 安全审计),
// with the user, address, method and route and never the body, and a flood cannot grow the log without bound.
import { sql } from 'kysely';
import request from 'supertest';
import { createStaffApp, memoryLogger, type StaffApp } from '../helpers/staff-app';
import { csrfFrom, newAgent, signedInAgent } from '../helpers/sign-in';
import { RefusalAudit } from '../../src/services/refusal-audit.service';
import type { Actor } from '../../src/services/audit.service';

let s: StaffApp;
beforeAll(async () => {
  // a clock that stands still: a flood cannot straddle two minutes of the refusal log (under load it did)
  s = await createStaffApp({ env: { LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: '10000' }, now: () => new Date('2026-11-26T08:00:30Z') });
});
afterAll(() => s.close());

const rowsOf = (action: string, ip: string) =>
  s.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('ip', '=', ip).orderBy('id').execute();

test('a staff member refused an administrator page: one access_denied row with the user, address, method and route', async () => {
  const staff = await signedInAgent(s.app, s.db, 'staff', { ip: '198.51.100.21' });
  expect((await staff.agent.get('/admin/users')).status).toBe(403);
  const [row, ...more] = await rowsOf('access_denied', '198.51.100.21');
  expect(more).toEqual([]);
  expect(row).toMatchObject({ user_id: staff.userId, username: staff.username, result: 'denied', detail: 'GET /admin/users' });
  expect(JSON.parse(row!.after_json!)).toEqual({ method: 'GET', route: '/admin/users', count: 1 });
});

test('an official posting to a staff form is refused and audited without the body it sent', async () => {
  const official = await signedInAgent(s.app, s.db, 'official', { ip: '198.51.100.22' });
  const token = await csrfFrom(official.agent, '/account/password');
  const res = await official.agent.post('/admin/users/1').type('form').send({ _csrf: token, action: 'disable', note: 'BODY-MARKER-31337' });
  expect(res.status).toBe(403);
  const rows = await rowsOf('access_denied', '198.51.100.22');
  expect(rows.map((r) => r.detail)).toEqual(['POST /admin/users/:id']);
  expect(JSON.stringify(rows)).not.toContain('BODY-MARKER-31337');
});

test('a form posted without its CSRF token: one csrf_failed row, anonymous, with the address and route', async () => {
  const res = await request(s.app).post('/login').set('X-Forwarded-For', '198.51.100.23').type('form').send({ username: 'x', password: 'BODY-SECRET-991' });
  expect(res.status).toBe(403);
  const rows = await rowsOf('csrf_failed', '198.51.100.23');
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ user_id: null, result: 'denied', detail: 'POST /login' });
  expect(JSON.stringify(rows)).not.toContain('BODY-SECRET-991');
});

test('a signed-in user\'s CSRF failure names the user', async () => {
  const staff = await signedInAgent(s.app, s.db, 'staff', { ip: '198.51.100.24' });
  expect((await staff.agent.post('/admin/milestones/new').type('form').send({ _csrf: 'not-the-token' })).status).toBe(403);
  expect((await rowsOf('csrf_failed', '198.51.100.24'))[0]).toMatchObject({ user_id: staff.userId, detail: 'POST /admin/milestones/new' });
});

test('a flood of 300 refused posts from one address in parallel writes one row, not 300', async () => {
  const agent = newAgent(s.app, { ip: '198.51.100.25' });
  const answers = await Promise.all(Array.from({ length: 300 }, () => agent.post('/login').type('form').send({ username: 'x', password: 'y' })));
  expect(answers.every((r) => r.status === 403)).toBe(true);
  expect(await rowsOf('csrf_failed', '198.51.100.25')).toHaveLength(1);
});

describe('the bound, minute by minute (an injected clock)', () => {
  const actor = (ip: string): Actor => ({ userId: null, username: null, ip });
  const refusal = (ip: string, route = '/login') => ({ kind: 'csrf_failed' as const, actor: actor(ip), method: 'POST', route });

  test('the repeats of a minute are written as one row with their count when the next minute starts', async () => {
    let now = Date.UTC(2026, 10, 26, 8, 0, 5);
    const log = new RefusalAudit(s.db, () => now);
    for (let i = 0; i < 50; i++) await log.record(refusal('203.0.113.7'));
    expect(await rowsOf('csrf_failed', '203.0.113.7')).toHaveLength(1);
    now += 60_000;
    await log.record(refusal('203.0.113.7'));
    const rows = await rowsOf('csrf_failed', '203.0.113.7');
    expect(rows.map((r) => JSON.parse(r.after_json!).count)).toEqual([1, 49, 1]);
    expect(rows[1]!.detail).toBe('POST /login (repeats in the same minute)');
  });

  test('distinct addresses past the cap per minute are only counted, in one row', async () => {
    let now = Date.UTC(2026, 10, 26, 9, 0, 0);
    const log = new RefusalAudit(s.db, () => now, 10);
    const before = Number((await s.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    for (let i = 0; i < 250; i++) await log.record(refusal(`2001:db8::${i.toString(16)}`));
    now += 60_000;
    await log.record(refusal('203.0.113.99'));
    const after = await s.db.selectFrom('audit_log').selectAll().where('id', '>', 0).orderBy('id', 'desc').limit(20).execute();
    const total = Number((await s.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    // 10 rows of the first minute, one row counting the other 240, and the new minute's first row
    expect(total - before).toBe(12);
    const uncounted = after.find((r) => r.action === 'refusals_uncounted');
    expect(JSON.parse(uncounted!.after_json!)).toEqual({ count: 240 });
  });
});

describe('what is not a refusal, and an audit log that cannot be written (an app of its own, its log kept)', () => {
  let t: StaffApp;
  let log: ReturnType<typeof memoryLogger>;
  beforeEach(async () => {
    log = memoryLogger('warn');
    t = await createStaffApp({ env: { LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: '10000' }, logger: log.logger });
  });
  afterEach(() => t.close());
  const deniedRows = () => t.db.selectFrom('audit_log').select(['action', 'detail']).where('result', '=', 'denied').execute();

  test('a page that does not exist and a form with bad input are no refusals: no audit row, nothing failed to write', async () => {
    expect((await request(t.app).get('/no-such-page')).status).toBe(404);
    const staff = await signedInAgent(t.app, t.db, 'staff');
    const token = await csrfFrom(staff.agent, '/admin/milestones/new');
    expect((await staff.agent.post('/admin/milestones/new').type('form').send({ _csrf: token, buildingId: 'not-a-number' })).status).toBe(400);
    expect(await deniedRows()).toEqual([]);
    expect(log.text()).not.toContain('could not audit');
  });

  test('when the audit row cannot be written the refusal still answers 403, and the failure is logged with its error', async () => {
    await sql`alter table audit_log rename to audit_log_away`.execute(t.db);
    const res = await request(t.app).post('/login').type('form').send({ username: 'x', password: 'y' });
    expect(res.status).toBe(403);
    const line = log.lines.map((l) => JSON.parse(l) as { msg?: string; err?: { message?: string } }).find((l) => l.msg === 'could not audit a refused request');
    expect(line?.err?.message).toMatch(/audit_log/);
  });
});

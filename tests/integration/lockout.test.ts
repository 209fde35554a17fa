// Sign-in lock-out (ASVS 2.2.1 / 等保 登录失败处理): after LOCKOUT_THRESHOLD wrong passwords the
// account is locked for LOCKOUT_MINUTES, one message for every kind of failure, every failure
// audited, and a per-address limit on attempts.
import request from 'supertest';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { createAccount, csrfFrom, newAgent, strongPassword, type Agent } from '../helpers/sign-in';
import { errorSummary } from '../helpers/forms';

const THRESHOLD = 3;
const LOCK_MINUTES = 20;

let s: StaffApp;
let ipCounter = 0;
/** The app's clock for lock-outs: pinned, and moved by the tests that need time to pass. */
let clock = new Date('2026-11-26T08:00:00.000Z');
/** A fresh client address per test, so the per-address limit never interferes with the lock-out. */
const freshIp = () => `198.51.100.${++ipCounter}`;

beforeAll(async () => {
  s = await createStaffApp({ env: { LOCKOUT_THRESHOLD: String(THRESHOLD), LOCKOUT_MINUTES: String(LOCK_MINUTES), LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: '1000' }, now: () => clock });
});
afterAll(async () => {
  await s.close();
});

async function attempt(agent: Agent, username: string, password: string): Promise<request.Response> {
  const token = await csrfFrom(agent, '/login');
  return agent.post('/login').type('form').send({ username, password, _csrf: token });
}

const userRow = (username: string) => s.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
const auditOf = (username: string) => s.db.selectFrom('audit_log').selectAll().where('username', '=', username).orderBy('id').execute();

describe('lock-out after repeated wrong passwords', () => {
  const username = 'lock_me';
  const password = strongPassword();

  beforeAll(async () => {
    await createAccount(s.db, { username, password, role: 'staff' });
  });

  test(`${THRESHOLD} wrong passwords lock the account for ${LOCK_MINUTES} minutes; then the right password is refused`, async () => {
    const agent = newAgent(s.app, { ip: freshIp(), lang: 'en' });
    for (let i = 1; i < THRESHOLD; i++) {
      expect((await attempt(agent, username, 'wrong-password-' + i)).status).toBe(401);
      const u = await userRow(username);
      expect(u.failed_attempts).toBe(i);
      expect(u.locked_until).toBeNull();
    }
    const t0 = clock.getTime();
    expect((await attempt(agent, username, 'wrong-password-last')).status).toBe(401);
    const locked = await userRow(username);
    // exactly LOCK_MINUTES after the failure that reached the threshold
    expect(locked.locked_until).toBe(new Date(t0 + LOCK_MINUTES * 60_000).toISOString());
    const until = Date.parse(locked.locked_until!);

    // the right password, while locked: refused, and no session is made
    const res = await attempt(agent, username, password);
    expect(res.status).toBe(401);
    expect((await agent.get('/admin')).status).toBe(303);

    // still locked a minute before the end
    clock = new Date(until - 60_000);
    expect((await attempt(agent, username, password)).status).toBe(401);
    // and at the very end the lock is over
    clock = new Date(until);
    const ok = await attempt(agent, username, password);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/admin');
    expect((await agent.get('/admin')).status).toBe(200);
    const after = await userRow(username);
    expect(after.failed_attempts).toBe(0);
    expect(after.locked_until).toBeNull();
  });

  test('audit_log holds the failed attempts, the lock-out and the denied sign-ins, with the address', async () => {
    // Its own account and history, so that it does not depend on the test above having run first.
    const name = 'lock_audited';
    const pw = strongPassword();
    await createAccount(s.db, { username: name, password: pw, role: 'staff' });
    const agent = newAgent(s.app, { ip: freshIp() });
    for (let i = 0; i < THRESHOLD; i++) expect((await attempt(agent, name, `wrong-${i}`)).status).toBe(401);
    expect((await attempt(agent, name, pw)).status).toBe(401); // locked: denied
    const until = Date.parse((await userRow(name)).locked_until!);
    clock = new Date(until - 60_000);
    expect((await attempt(agent, name, pw)).status).toBe(401); // still locked: denied
    clock = new Date(until + 1_000);
    expect((await attempt(agent, name, pw)).status).toBe(303);

    const rows = await auditOf(name);
    const summary = rows.map((r) => `${r.action}/${r.result}`);
    // THRESHOLD failed sign-ins, the last of them followed by the lock-out
    expect(summary).toEqual([...Array<string>(THRESHOLD).fill('sign_in/failed'), 'lock_out/ok', 'sign_in/denied', 'sign_in/denied', 'sign_in/ok']);
    const user = await userRow(name);
    for (const r of rows) {
      expect(r.object_type).toBe('user');
      expect(r.object_id).toBe(user.id);
      expect(r.ip).toMatch(/^198\.51\.100\.\d+$/);
    }
    const denied = rows.filter((r) => r.result === 'denied');
    expect(denied.every((r) => r.detail === 'locked')).toBe(true);
    expect(rows.find((r) => r.action === 'lock_out')?.detail).toMatch(/locked until/);
  });

  test('after a successful sign-in the count starts again: THRESHOLD - 1 failures do not lock', async () => {
    const agent = newAgent(s.app, { ip: freshIp() });
    for (let i = 1; i < THRESHOLD; i++) expect((await attempt(agent, username, `nope-${i}`)).status).toBe(401);
    expect((await userRow(username)).locked_until).toBeNull();
    expect((await attempt(agent, username, password)).status).toBe(303);
  });

  test('while locked, more wrong passwords are refused the same way and audited as denied', async () => {
    const name = 'lock_me_too';
    const pw = strongPassword();
    await createAccount(s.db, { username: name, password: pw, role: 'official' });
    const agent = newAgent(s.app, { ip: freshIp() });
    for (let i = 0; i < THRESHOLD; i++) await attempt(agent, name, 'wrong!' + i);
    const lockedUntil = (await userRow(name)).locked_until;
    expect(lockedUntil).not.toBeNull();
    expect((await attempt(agent, name, 'still-wrong')).status).toBe(401);
    const rows = await auditOf(name);
    expect(rows[rows.length - 1]).toMatchObject({ action: 'sign_in', result: 'denied', detail: 'locked' });
  });
});

describe('guesses sent at the same moment (each attempt is counted before its password is checked)', () => {
  /** One fresh session per guess, each with its own CSRF token, so the posts can leave together. */
  async function burst(username: string, passwords: readonly string[]): Promise<request.Response[]> {
    const ready = await Promise.all(passwords.map(async (password) => {
      const agent = newAgent(s.app, { ip: freshIp() });
      return { agent, password, token: await csrfFrom(agent, '/login') };
    }));
    return Promise.all(ready.map(({ agent, password, token }) => agent.post('/login').type('form').send({ username, password, _csrf: token })));
  }

  test('20 wrong guesses at once lock the account, and the count is not lost to the race', async () => {
    const username = 'burst_wrong';
    // a slower hash, as in production: the guesses overlap while their passwords are checked
    await createAccount(s.db, { username, password: strongPassword(), role: 'staff', scryptLogN: 14 });
    const answers = await burst(username, Array.from({ length: 20 }, (_v, i) => `wrong-guess-${i}`));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(401));
    const u = await userRow(username);
    expect(u.locked_until).toBe(new Date(clock.getTime() + LOCK_MINUTES * 60_000).toISOString());
    const rows = await auditOf(username);
    expect(rows.filter((r) => r.action === 'lock_out')).toHaveLength(1); // locked once, audited once
    // every guess is audited: checked and wrong, refused past the threshold, or refused as locked
    expect(rows.filter((r) => r.action === 'sign_in' && r.result !== 'ok')).toHaveLength(20);
    expect(rows.filter((r) => r.detail === 'wrong password').length).toBeLessThanOrEqual(THRESHOLD);
  });

  test('the right password sent in the same burst as 24 wrong ones does not sign in', async () => {
    const username = 'burst_right';
    const password = strongPassword();
    await createAccount(s.db, { username, password, role: 'staff', scryptLogN: 14 });
    const answers = await burst(username, [...Array.from({ length: 24 }, (_v, i) => `wrong-guess-${i}`), password]);
    expect(answers.every((r) => r.status === 401)).toBe(true);
    expect((await userRow(username)).locked_until).not.toBeNull();
    const rows = await auditOf(username);
    expect(rows.some((r) => r.action === 'sign_in' && r.result === 'ok')).toBe(false);
  });

  test(`${THRESHOLD - 1} wrong guesses and the right one at once: below the threshold nothing is locked`, async () => {
    const username = 'burst_below';
    const password = strongPassword();
    await createAccount(s.db, { username, password, role: 'staff', scryptLogN: 14 });
    const wrong = Array.from({ length: THRESHOLD - 2 }, (_v, i) => `wrong-guess-${i}`);
    const answers = await burst(username, [...wrong, password]);
    expect(answers.map((r) => r.status)).toEqual([...wrong.map(() => 401), 303]);
    expect((await userRow(username)).locked_until).toBeNull();
  });
});

describe('one answer for every kind of failure', () => {
  test('unknown user, wrong password, locked and disabled accounts get the same status and message', async () => {
    const pw = strongPassword();
    await createAccount(s.db, { username: 'same_msg_ok', password: pw, role: 'staff' });
    await createAccount(s.db, { username: 'same_msg_locked', password: pw, role: 'staff' });
    await createAccount(s.db, { username: 'same_msg_disabled', password: pw, role: 'staff' });
    await s.db.updateTable('users').set({ locked_until: new Date(clock.getTime() + 3600_000).toISOString() }).where('username', '=', 'same_msg_locked').execute();
    await s.db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'same_msg_disabled').execute();

    for (const lang of ['en', 'zh']) {
      const agent = newAgent(s.app, { ip: freshIp(), lang });
      const answers = [];
      for (const [u, p] of [
        ['no_such_user', pw],
        ['same_msg_ok', 'not-the-password'],
        ['same_msg_locked', pw],
        ['same_msg_disabled', pw],
      ] as const) {
        const res = await attempt(agent, u, p);
        answers.push({ status: res.status, summary: errorSummary(res.text)?.text, location: res.headers.location });
      }
      expect(answers[0]!.summary).toBeTruthy();
      for (const a of answers) expect(a).toEqual(answers[0]);
      expect(answers[0]!.status).toBe(401);
      if (lang === 'en') expect(answers[0]!.summary).toMatch(/username or password is wrong, or the account is locked/);
    }
    const denied = await s.db.selectFrom('audit_log').selectAll().where('username', '=', 'same_msg_disabled').execute();
    expect(denied.map((r) => `${r.result}/${r.detail}`)).toContain('denied/disabled');
    const unknown = await s.db.selectFrom('audit_log').selectAll().where('username', '=', 'no_such_user').execute();
    expect(unknown.length).toBeGreaterThanOrEqual(2);
    expect(unknown.every((r) => r.action === 'sign_in' && r.result === 'failed' && r.detail === 'unknown user' && r.user_id === null)).toBe(true);
  });

  test('the failure message does not state a lock-out time other than LOCKOUT_MINUTES', async () => {
    const agent = newAgent(s.app, { ip: freshIp(), lang: 'en' });
    const text = errorSummary((await attempt(agent, 'nobody_here', 'whatever-password')).text)?.text ?? '';
    expect(text).toMatch(/locked/);
    const minutes = [...text.matchAll(/(\d+) minutes/g)].map((m) => Number(m[1]));
    expect(minutes.every((m) => m === LOCK_MINUTES)).toBe(true);
  });

  test('the typed username is kept, the password never is', async () => {
    const agent = newAgent(s.app, { ip: freshIp() });
    const res = await attempt(agent, 'kept_name', 'Secret-Typed-Password-1');
    expect(res.text).toContain('value="kept_name"');
    expect(res.text).not.toContain('Secret-Typed-Password-1');
  });

  test('an empty or oversized username is refused like any other failure', async () => {
    const agent = newAgent(s.app, { ip: freshIp() });
    expect((await attempt(agent, '', 'x')).status).toBe(400);
    expect((await attempt(agent, 'a'.repeat(65), 'x')).status).toBe(400);
    expect((await attempt(agent, 'someone', '')).status).toBe(400);
  });
});

describe('per-address limit on sign-in attempts', () => {
  let limited: StaffApp;
  beforeAll(async () => {
    limited = await createStaffApp({ env: { LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: '3' } });
  });
  afterAll(async () => {
    await limited.close();
  });

  test('the fourth attempt from one address within 15 minutes answers 429, even with the right password', async () => {
    const pw = strongPassword();
    await createAccount(limited.db, { username: 'rate_user', password: pw, role: 'staff' });
    const agent = newAgent(limited.app, { ip: '203.0.113.50', lang: 'en' });
    for (let i = 0; i < 3; i++) expect((await attempt(agent, 'rate_user', 'wrong-' + i)).status).toBe(401);
    const res = await attempt(agent, 'rate_user', pw);
    expect(res.status).toBe(429);
    expect(errorSummary(res.text)?.text).toMatch(/Too many sign-in attempts/);
    expect((await agent.get('/admin')).status).toBe(303);

    // another address is not affected
    const other = newAgent(limited.app, { ip: '203.0.113.51' });
    expect((await attempt(other, 'rate_user', pw)).status).toBe(303);
  });

  test('correct sign-ins do not count: one office address signs in ten people in a row under a limit of 3', async () => {
    const office = '203.0.113.60';
    for (let i = 0; i < 10; i++) {
      const pw = strongPassword();
      await createAccount(limited.db, { username: `office_${i}`, password: pw, role: 'staff' });
      expect((await attempt(newAgent(limited.app, { ip: office }), `office_${i}`, pw)).status).toBe(303);
    }
    // failures still count: three wrong ones, then even a right one is refused from that address
    const agent = newAgent(limited.app, { ip: office });
    for (let i = 0; i < 3; i++) expect((await attempt(agent, 'office_0', `wrong-${i}`)).status).toBe(401);
    expect((await attempt(agent, 'office_1', 'anything')).status).toBe(429);
  });
});

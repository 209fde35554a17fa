// Server-side sessions (ASVS V3): a new id at sign-in, cookie flags, idle and absolute time-outs,
// sign-out and disabling that end the session on the server, re-authentication to change a password,
// no caching of signed-in pages, and no session for anonymous readers of public pages.
import crypto from 'node:crypto';
import request from 'supertest';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { createAccount, csrfFrom, csrfOf, newAgent, signedInAgent, signIn, strongPassword, type Agent } from '../helpers/sign-in';
import { controlValue, errorSummary, fieldError } from '../helpers/forms';
import { verifyPassword } from '../../src/services/passwords';

const IDLE_MINUTES = 7;

let s: StaffApp;
beforeAll(async () => {
  s = await createStaffApp({ env: { SESSION_IDLE_MINUTES: String(IDLE_MINUTES), SESSION_ABSOLUTE_HOURS: '12', LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: '1000' } });
});
afterAll(async () => {
  await s.close();
});

/** The signed session id in a Set-Cookie header (`s:<sid>.<signature>`), or undefined. */
function sidCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('tracker.sid='));
}
const sidOf = (cookie: string | undefined) => (cookie ? /^tracker\.sid=s%3A([^.;]+)\./.exec(cookie)?.[1] : undefined);
/** The key a session is stored under: SHA-256 of its id, never the id itself. */
const keyOf = (sid: string) => crypto.createHash('sha256').update(decodeURIComponent(sid)).digest('base64url');

const sessionRows = () => s.db.selectFrom('sessions').selectAll().execute();
const sessionsOf = (userId: number) => s.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();

/** The current session row of a signed-in agent (the only one of its user). */
async function onlySessionOf(userId: number) {
  const rows = await sessionsOf(userId);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('session id and cookie', () => {
  test('signing in issues a new session id; the pre-login session is gone and its cookie is anonymous', async () => {
    const username = 'fixation_user';
    const password = strongPassword();
    const userId = await createAccount(s.db, { username, password, role: 'staff' });
    const agent = newAgent(s.app);
    const login = await agent.get('/login');
    const before = sidCookie(login);
    expect(before).toBeDefined();
    const oldSid = sidOf(before)!;
    expect((await sessionRows()).some((r) => r.sid === keyOf(oldSid))).toBe(true);

    const token = csrfOf(login.text);
    const res = await agent.post('/login').type('form').send({ username, password, _csrf: token });
    expect(res.status).toBe(303);
    const after = sidCookie(res);
    expect(after).toBeDefined();
    const newSid = sidOf(after)!;
    expect(newSid).not.toBe(oldSid);
    expect((await sessionRows()).some((r) => r.sid === keyOf(oldSid))).toBe(false);
    expect((await onlySessionOf(userId)).sid).toBe(keyOf(newSid));

    // an attacker holding the pre-login cookie gets nothing
    const replay = await request(s.app).get('/admin').set('Cookie', before!.split(';')[0]!);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toMatch(/^\/login/);
  });

  test('the cookie is HttpOnly, SameSite=Lax, path /, expires with the idle time-out, and not Secure over HTTP', async () => {
    const agent = newAgent(s.app);
    const res = await agent.get('/login');
    const cookie = sidCookie(res)!;
    const attrs = cookie.split(';').map((a) => a.trim());
    expect(attrs).toContain('HttpOnly');
    expect(attrs).toContain('SameSite=Lax');
    expect(attrs).toContain('Path=/');
    expect(attrs).not.toContain('Secure');
    const expires = Date.parse(attrs.find((a) => a.startsWith('Expires='))!.slice('Expires='.length));
    expect(Math.abs(expires - (Date.now() + IDLE_MINUTES * 60_000))).toBeLessThan(60_000);
  });

  test('with SECURE_COOKIES=true behind an HTTPS proxy: a Secure __Host- cookie and HSTS for a year (ASVS 3.4.4, 14.4.5)', async () => {
    const secure = await createStaffApp({ env: { SECURE_COOKIES: 'true' }, seed: false });
    try {
      const res = await request(secure.app).get('/login').set('X-Forwarded-Proto', 'https');
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      const host = cookies.find((c) => c.startsWith('__Host-tracker.sid='));
      expect(host).toBeDefined();
      expect(cookies.some((c) => c.startsWith('tracker.sid='))).toBe(false);
      const attrs = host!.split(';').map((a) => a.trim());
      expect(attrs).toContain('Secure');
      expect(attrs).toContain('HttpOnly');
      expect(attrs).toContain('SameSite=Lax');
      expect(attrs).toContain('Path=/');
      expect(attrs.some((a) => /^Domain=/i.test(a))).toBe(false); // a __Host- cookie may have none
      // a year (365 × 24 × 3600 s), this host only: the other hosts of a government domain may still be plain HTTP
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
      // over plain HTTP a Secure cookie is never sent out at all
      const plain = await request(secure.app).get('/login');
      expect(([] as string[]).concat(plain.headers['set-cookie'] ?? []).some((c) => c.includes('tracker.sid='))).toBe(false);
    } finally {
      await secure.close();
    }
  });

  test('with SECURE_COOKIES=false (plain HTTP): no HSTS, and the plain cookie name, which a browser accepts there', async () => {
    const res = await request(s.app).get('/login');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(sidCookie(res)).toBeDefined();
    expect(String(res.headers['set-cookie'])).not.toContain('__Host-');
  });

  test('the session row expires SESSION_IDLE_MINUTES after the last request (rolling)', async () => {
    const { agent, userId } = await signedInAgent(s.app, s.db, 'staff');
    await s.db.updateTable('sessions').set({ expires_at: new Date(Date.now() + 60_000).toISOString() }).where('user_id', '=', userId).execute();
    expect((await agent.get('/admin')).status).toBe(200);
    // the touch is not awaited by the page (it must not hold an answer behind a write): on PostgreSQL
    // it commits on another connection a moment after the answer, so the row is read until it shows
    const off = async () => Math.abs(Date.parse((await onlySessionOf(userId)).expires_at) - (Date.now() + IDLE_MINUTES * 60_000));
    let gap = await off();
    for (let i = 0; i < 100 && gap >= 60_000; i++) {
      await new Promise((r) => setTimeout(r, 20));
      gap = await off();
    }
    expect(gap).toBeLessThan(60_000);
  });

  test('an idle deadline less than a minute behind is not written again (each write is a disk flush that a staff write would wait behind)', async () => {
    const { agent, userId } = await signedInAgent(s.app, s.db, 'staff');
    const recent = new Date(Date.now() + IDLE_MINUTES * 60_000 - 20_000).toISOString(); // 20 s behind: within the minute
    await s.db.updateTable('sessions').set({ expires_at: recent }).where('user_id', '=', userId).execute();
    expect((await agent.get('/admin')).status).toBe(200);
    // the touch is not awaited by the response: on SQLite it is queued on the one connection before
    // the query below, on PostgreSQL it may run on another, so give it time to land if it were made
    await new Promise((r) => setTimeout(r, 300));
    expect((await onlySessionOf(userId)).expires_at).toBe(recent);
    const old = new Date(Date.now() + IDLE_MINUTES * 60_000 - 90_000).toISOString(); // 90 s behind: written
    await s.db.updateTable('sessions').set({ expires_at: old }).where('user_id', '=', userId).execute();
    expect((await agent.get('/admin')).status).toBe(200);
    let written = Date.parse((await onlySessionOf(userId)).expires_at);
    for (let i = 0; i < 50 && written <= Date.parse(old) + 60_000; i++) {
      await new Promise((r) => setTimeout(r, 20));
      written = Date.parse((await onlySessionOf(userId)).expires_at);
    }
    expect(written).toBeGreaterThan(Date.parse(old) + 60_000);
  });
});

describe('time-outs', () => {
  test('idle time-out: once expires_at has passed, the next request is anonymous', async () => {
    const { agent, userId } = await signedInAgent(s.app, s.db, 'staff');
    expect((await agent.get('/admin')).status).toBe(200);
    await s.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', userId).execute();
    const res = await agent.get('/admin');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin');
    // and a POST is refused, not carried out
    const token = await csrfFrom(agent, '/login');
    const post = await agent.post('/admin/milestones/new').type('form').send({ _csrf: token, target: 'batch:1', stage: 'accepted', date: '2026-11-20' });
    expect(post.status).toBe(401);
  });

  async function expireAbsolutely(userId: number, hoursAgo = 13) {
    const row = await onlySessionOf(userId);
    const data = JSON.parse(row.data) as { signedInAt: number };
    expect(typeof data.signedInAt).toBe('number');
    data.signedInAt = Date.now() - hoursAgo * 3600_000;
    await s.db.updateTable('sessions').set({ data: JSON.stringify(data) }).where('sid', '=', row.sid).execute();
  }

  test('absolute time-out: a session signed in 13 hours ago is anonymous even while in use, and its row is removed', async () => {
    const { agent, userId } = await signedInAgent(s.app, s.db, 'admin');
    expect((await agent.get('/admin/users')).status).toBe(200);
    await expireAbsolutely(userId);
    const res = await agent.get('/admin/users');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin%2Fusers');
    expect(await sessionsOf(userId)).toHaveLength(0);
  });

  test('the absolute lifetime ends strictly after 12 hours: at exactly 12 hours the session works, a millisecond later it does not', async () => {
    const { agent, userId } = await signedInAgent(s.app, s.db, 'staff');
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now); // the clock stands still, so "exactly" means exactly
    try {
      await expireAbsolutely(userId, 12);
      expect((await agent.get('/admin')).status).toBe(200);
      const row = await onlySessionOf(userId);
      const data = JSON.parse(row.data) as { signedInAt: number };
      expect(data.signedInAt).toBe(now - 12 * 3600_000);
      data.signedInAt -= 1;
      await s.db.updateTable('sessions').set({ data: JSON.stringify(data) }).where('sid', '=', row.sid).execute();
      const res = await agent.get('/admin');
      expect([res.status, res.headers.location]).toEqual([303, '/login?next=%2Fadmin']);
    } finally {
      clock.mockRestore();
    }
  });

  test('a session 11 hours old still works', async () => {
    const { agent, userId } = await signedInAgent(s.app, s.db, 'staff');
    await expireAbsolutely(userId, 11);
    expect((await agent.get('/admin')).status).toBe(200);
  });

  test('absolute time-out on the sign-in page itself: the login form still renders (not 500)', async () => {
    const { agent, userId } = await signedInAgent(s.app, s.db, 'staff');
    await expireAbsolutely(userId);
    const res = await agent.get('/login');
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="_csrf"');
  });
});

describe('sign-out', () => {
  test('ends the session on the server: the row is gone and the old cookie no longer works', async () => {
    const { agent, userId, username } = await signedInAgent(s.app, s.db, 'staff');
    const page = await agent.get('/admin');
    expect(await sessionsOf(userId)).toHaveLength(1);
    const res = await agent.post('/logout').type('form').send({ _csrf: csrfOf(page.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(sidCookie(res)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(await sessionsOf(userId)).toHaveLength(0);
    const audit = await s.db.selectFrom('audit_log').selectAll().where('username', '=', username).where('action', '=', 'sign_out').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.user_id).toBe(userId);
  });

  test('a copy of the cookie taken before sign-out is anonymous afterwards', async () => {
    const { agent } = await signedInAgent(s.app, s.db, 'admin');
    const page = await agent.get('/admin/users');
    // the browser's cookie as the server last set it
    const raw = sidCookie(await agent.get('/admin'))!.split(';')[0]!;
    expect((await request(s.app).get('/admin/users').set('Cookie', raw)).status).toBe(200);
    await agent.post('/logout').type('form').send({ _csrf: csrfOf(page.text) });
    const replay = await request(s.app).get('/admin/users').set('Cookie', raw);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toMatch(/^\/login/);
  });
});

describe('disabling an account or changing its role ends its sessions at once', () => {
  // `role: ''` is sent with every action as a work-around for the bug documented in
  // tests/integration/staff-forms-submit.test.ts (an absent optional field is refused), so that what is
  // checked here is the ending of sessions.
  async function adminChange(admin: Agent, userId: number, body: Record<string, string>) {
    const page = await admin.get('/admin/users');
    const version = (await s.db.selectFrom('users').select('version').where('id', '=', userId).executeTakeFirstOrThrow()).version;
    return admin.post(`/admin/users/${userId}`).type('form').send({ _csrf: csrfOf(page.text), version: String(version), role: '', ...body });
  }

  test('disable: the user is signed out on the next request and cannot sign in again', async () => {
    const admin = await signedInAgent(s.app, s.db, 'admin');
    const staff = await signedInAgent(s.app, s.db, 'staff');
    const second = newAgent(s.app);
    await signIn(second, staff.username, staff.password); // a second device
    expect((await staff.agent.get('/admin')).status).toBe(200);
    expect(await sessionsOf(staff.userId)).toHaveLength(2);

    const res = await adminChange(admin.agent, staff.userId, { action: 'disable' });
    expect(res.status).toBe(303);
    expect(await sessionsOf(staff.userId)).toHaveLength(0);
    expect((await staff.agent.get('/admin')).status).toBe(303);
    expect((await second.get('/admin')).status).toBe(303);
    const again = newAgent(s.app);
    const token = await csrfFrom(again, '/login');
    expect((await again.post('/login').type('form').send({ username: staff.username, password: staff.password, _csrf: token })).status).toBe(401);
  });

  test('an account disabled by another process (its session rows left in place) is anonymous on its next request', async () => {
    const staff = await signedInAgent(s.app, s.db, 'staff');
    expect((await staff.agent.get('/admin')).status).toBe(200);
    // as the CLI or a second server would: the account row changes, this process's sessions are not touched
    await s.db.updateTable('users').set({ disabled: 1 }).where('id', '=', staff.userId).execute();
    const res = await staff.agent.get('/admin');
    expect([res.status, res.headers.location]).toEqual([303, '/login?next=%2Fadmin']);
    // the session was replaced by an anonymous one: nothing of the user is left in it
    expect(await sessionsOf(staff.userId)).toHaveLength(0);
    const page = await staff.agent.get('/');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).not.toBe('no-store'); // served as to anyone
  });

  test('a role change ends the sessions too (the new role applies from the next sign-in)', async () => {
    const admin = await signedInAgent(s.app, s.db, 'admin');
    const staff = await signedInAgent(s.app, s.db, 'staff');
    expect((await adminChange(admin.agent, staff.userId, { action: 'role', role: 'official' })).status).toBe(303);
    expect((await staff.agent.get('/admin')).status).toBe(303);
    expect(await sessionsOf(staff.userId)).toHaveLength(0);
  });

  test('an administrator cannot disable themselves', async () => {
    const admin = await signedInAgent(s.app, s.db, 'admin');
    const res = await adminChange(admin.agent, admin.userId, { action: 'disable' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/不能停用自己|cannot disable yourself/);
    expect((await s.db.selectFrom('users').select('disabled').where('id', '=', admin.userId).executeTakeFirstOrThrow()).disabled).toBe(0);
    expect((await admin.agent.get('/admin/users')).status).toBe(200);
  });
});

describe('changing one\'s own password', () => {
  test('a wrong current password answers 400, names the field, and changes nothing', async () => {
    const me = await signedInAgent(s.app, s.db, 'staff', { lang: 'en' });
    const before = await s.db.selectFrom('users').selectAll().where('id', '=', me.userId).executeTakeFirstOrThrow();
    const page = await me.agent.get('/account/password');
    const next = strongPassword();
    const res = await me.agent.post('/account/password').type('form').send({ _csrf: csrfOf(page.text), currentPassword: 'not-my-password', newPassword: next, confirmPassword: next });
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)?.fields).toEqual(['currentPassword']);
    expect(fieldError(res.text, 'currentPassword')).toMatch(/current password is wrong/);
    // passwords are never written back into the form
    for (const f of ['currentPassword', 'newPassword', 'confirmPassword']) expect(controlValue(res.text, `f-${f}`)).toBe('');
    expect(res.text).not.toContain(next);
    const after = await s.db.selectFrom('users').selectAll().where('id', '=', me.userId).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const audit = await s.db.selectFrom('audit_log').selectAll().where('user_id', '=', me.userId).where('action', '=', 'change_password').execute();
    expect(audit.map((a) => a.result)).toEqual(['failed']);
  });

  test('the right current password changes it: the new one signs in, the old one no longer does', async () => {
    const me = await signedInAgent(s.app, s.db, 'staff');
    const page = await me.agent.get('/account/password');
    const next = strongPassword();
    const res = await me.agent.post('/account/password').type('form').send({ _csrf: csrfOf(page.text), currentPassword: me.password, newPassword: next, confirmPassword: next });
    expect(res.status).toBe(200);
    const row = await s.db.selectFrom('users').selectAll().where('id', '=', me.userId).executeTakeFirstOrThrow();
    expect(await verifyPassword(next, row.password_hash)).toBe(true);
    expect(await verifyPassword(me.password, row.password_hash)).toBe(false);
    const old = newAgent(s.app);
    const token = await csrfFrom(old, '/login');
    expect((await old.post('/login').type('form').send({ username: me.username, password: me.password, _csrf: token })).status).toBe(401);
    await signIn(newAgent(s.app), me.username, next);
  });
});

describe('changing one\'s own password ends the other sessions (ASVS 3.3.3)', () => {
  test('a second device is signed out; this browser stays signed in under a new session id', async () => {
    const me = await signedInAgent(s.app, s.db, 'staff');
    const second = newAgent(s.app);
    await signIn(second, me.username, me.password);
    expect(await sessionsOf(me.userId)).toHaveLength(2);
    const page = await me.agent.get('/account/password');
    const oldCookie = sidCookie(page) ?? (await me.agent.get('/admin')).headers['set-cookie'];
    const next = strongPassword();
    const res = await me.agent.post('/account/password').type('form').send({ _csrf: csrfOf(page.text), currentPassword: me.password, newPassword: next, confirmPassword: next });
    expect(res.status).toBe(200);
    const newSid = sidOf(sidCookie(res));
    expect(newSid).toBeDefined();
    expect(newSid).not.toBe(sidOf(String(oldCookie)));
    expect((await second.get('/admin')).status).toBe(303); // the other device: signed out
    expect((await me.agent.get('/admin')).status).toBe(200); // this one carries on
    expect((await onlySessionOf(me.userId)).sid).toBe(keyOf(newSid!));
  });

  test('the session id before the change no longer opens anything', async () => {
    const me = await signedInAgent(s.app, s.db, 'staff');
    const before = (await sessionsOf(me.userId)).map((r) => r.sid);
    const page = await me.agent.get('/account/password');
    const next = strongPassword();
    expect((await me.agent.post('/account/password').type('form').send({ _csrf: csrfOf(page.text), currentPassword: me.password, newPassword: next, confirmPassword: next })).status).toBe(200);
    const after = (await sessionsOf(me.userId)).map((r) => r.sid);
    expect(after).toHaveLength(1);
    expect(before.filter((k) => after.includes(k))).toEqual([]);
  });
});

describe('a password that must be changed (reset by an administrator, or expired under 等保)', () => {
  test('every signed-in page sends the user to /account/password until it is changed', async () => {
    const me = await signedInAgent(s.app, s.db, 'staff', { mustChange: true });
    for (const path of ['/admin', '/admin/milestones/new', '/admin/import', '/admin/audit']) {
      const res = await me.agent.get(path);
      expect({ path, status: res.status, location: res.headers.location }).toEqual({ path, status: 303, location: '/account/password' });
    }
    const page = await me.agent.get('/account/password');
    expect(page.status).toBe(200);
    const next = strongPassword();
    expect((await me.agent.post('/account/password').type('form').send({ _csrf: csrfOf(page.text), currentPassword: me.password, newPassword: next, confirmPassword: next })).status).toBe(200);
    expect((await me.agent.get('/admin')).status).toBe(200);
  });

  test('the public pages stay readable, and signing out works, before the password is changed', async () => {
    const me = await signedInAgent(s.app, s.db, 'staff', { mustChange: true });
    for (const path of ['/', '/villages/1', '/projects/1', '/api/v1/summary']) {
      const res = await me.agent.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    const page = await me.agent.get('/account/password');
    const out = await me.agent.post('/logout').type('form').send({ _csrf: csrfOf(page.text) });
    expect(out.status).toBe(303);
    expect(out.headers.location).not.toBe('/account/password');
    expect(await sessionsOf(me.userId)).toHaveLength(0);
  });

  test('an official with an expired password (等保: 90 days) is sent there from the dashboard', async () => {
    const dengbao = await createStaffApp({ env: { PASSWORD_POLICY: 'dengbao' }, seed: false });
    try {
      const official = await signedInAgent(dengbao.app, dengbao.db, 'official');
      expect((await official.agent.get('/dashboard')).status).toBe(200);
      await dengbao.db.updateTable('users').set({ password_changed_at: new Date(Date.now() - 91 * 86_400_000).toISOString() }).where('id', '=', official.userId).execute();
      const res = await official.agent.get('/dashboard');
      expect([res.status, res.headers.location]).toEqual([303, '/account/password']);
    } finally {
      await dengbao.close();
    }
  });
});

describe('the sessions table holds no usable session id', () => {
  test('rows are keyed by SHA-256 of the id: the cookie\'s id appears nowhere in the table', async () => {
    const me = await signedInAgent(s.app, s.db, 'staff');
    const res = await me.agent.get('/admin');
    expect(res.status).toBe(200);
    const row = await onlySessionOf(me.userId);
    const cookie = (await me.agent.jar.getCookie('tracker.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false }))?.value
      ?? '';
    const sid = /^s%3A([^.]+)\./.exec(cookie)?.[1];
    expect(sid).toBeDefined();
    const all = JSON.stringify(await sessionRows());
    expect(all).not.toContain(decodeURIComponent(sid!));
    expect(row.sid).toBe(keyOf(sid!));
  });

  test('a cookie signed with the real secret around a stored key (what a copy of the database gives) opens nothing', async () => {
    const secret = crypto.randomBytes(32).toString('base64url');
    const own = await createStaffApp({ sessionSecret: secret, seed: false });
    try {
      const admin = await signedInAgent(own.app, own.db, 'admin');
      expect((await admin.agent.get('/admin/users')).status).toBe(200);
      const [row] = await own.db.selectFrom('sessions').selectAll().where('user_id', '=', admin.userId).execute();
      // cookie-signature's format: s:<value>.<base64 HMAC-SHA256 without padding>
      const sign = (v: string) => `s:${v}.${crypto.createHmac('sha256', secret).update(v).digest('base64').replace(/=+$/, '')}`;
      const forged = `tracker.sid=${encodeURIComponent(sign(row!.sid))}`;
      expect((await request(own.app).get('/admin/users').set('Cookie', forged)).status).toBe(303);
    } finally {
      await own.close();
    }
  });
});

describe('caching and anonymous sessions', () => {
  test('pages for signed-in users are Cache-Control: no-store, public pages included', async () => {
    const { agent } = await signedInAgent(s.app, s.db, 'admin');
    for (const url of ['/admin', '/admin/users', '/admin/settings', '/admin/audit', '/admin/projects/1/edit', '/account/password', '/', '/projects/1', '/api/v1/summary']) {
      const res = await agent.get(url);
      expect({ url, status: res.status, cacheControl: res.headers['cache-control'] }).toEqual({ url, status: 200, cacheControl: 'no-store' });
    }
  });

  test('the sign-in page is no-store, and so is its answer to a failed attempt', async () => {
    const agent = newAgent(s.app);
    const page = await agent.get('/login');
    expect(page.headers['cache-control']).toBe('no-store');
    const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(page.text), username: 'x_nobody', password: 'wrong' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('public pages, the API, health and assets set no session cookie and store no session for anonymous readers', async () => {
    const before = (await sessionRows()).length;
    for (const url of ['/', '/villages/1', '/projects/1', '/projects/2', '/batches/1', '/api/v1/summary', '/api/v1/projects/1', '/healthz', '/assets/css/app.css', '/favicon.ico', '/no/such/page']) {
      const res = await request(s.app).get(url);
      expect({ url, cookie: sidCookie(res) }).toEqual({ url, cookie: undefined });
    }
    expect((await sessionRows()).length).toBe(before);
  });
});

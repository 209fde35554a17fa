// Hostile values in the account forms: sign-in, sign-out, changing one's password, and the admin's
// user forms. Each refusal names its field (the sign-in form deliberately does not say which of
// username and password was wrong), passwords are never written back into the page, and nothing is
// written except the audit rows the app deliberately keeps of refusals: a failed sign-in of a
// well-formed username, and a wrong current password.
import { auditCount, auditSince, badInputApp, fingerprint, type BadInputApp } from '../../helpers/bad-input-app';
import { POST_ROUTES } from '../../helpers/bad-input-routes';
import { BAD_IDS, HOSTILE, MESSAGE, OVER_LONG, expectedRefusal, leaks, reflectsRaw, type HostileValue } from '../../helpers/bad-input-values';
import { controlValue, errorSummary, fieldError, hasId } from '../../helpers/forms';
import { createAccount, csrfFrom, csrfOf, newAgent, signedInAgent, strongPassword, type Agent, type SignedIn } from '../../helpers/sign-in';
import { formBody } from '../../helpers/staff-forms';
import { decodeEntities } from '../../helpers/html';

let b: BadInputApp;
beforeAll(async () => {
  b = await badInputApp();
});
afterAll(async () => {
  await b.s.close();
});

const fieldsOf = (path: string) => POST_ROUTES.find((r) => r.path === path)!.fields;
type Body = Record<string, string | readonly string[]>;
/** Sets a field to the hostile value, or leaves it out when the value is "missing". */
const withValue = (body: Body, field: string, h: HostileValue): Body => {
  const out = { ...body };
  if (h.value === undefined) delete out[field];
  else out[field] = h.value;
  return out;
};

async function send(agent: Agent, path: string, body: Body) {
  const before = await fingerprint(b.s);
  const audits = await auditCount(b.s);
  const res = await agent.post(path).type('form').send(formBody(body)).timeout(5000);
  const changed = (await fingerprint(b.s)) !== before;
  return { res, html: res.text, changed, audit: await auditSince(b.s, audits) };
}

const clean = (html: string) => ({ leaks: leaks(html), raw: reflectsRaw(html) });

describe('POST /login', () => {
  let anon: Agent;
  let token: string;
  beforeAll(async () => {
    anon = newAgent(b.s.app, { lang: 'en' });
    token = await csrfFrom(anon, '/login');
  });

  /** The sign-in form reads a username of 1–64 characters without control characters. */
  const malformedUsername = (v: HostileValue['value']) =>
    typeof v !== 'string' || v.trim() === '' || [...v.trim()].length > 64 || /[\u0000-\u001f\u007f]/.test(v.trim());

  test.each(HOSTILE.map((h) => [h.name, h] as const))('username: %s', async (_name, h) => {
    const { res, html, changed, audit } = await send(anon, '/login', withValue({ _csrf: token, password: 'Some-Password-123' }, 'username', h));
    expect(errorSummary(html)?.text).toMatch(/username or password is wrong/);
    expect(clean(html)).toEqual({ leaks: [], raw: false });
    if (malformedUsername(h.value)) {
      // malformed: refused before any account is looked up, and not audited
      expect({ status: res.status, changed }).toEqual({ status: 400, changed: false });
      expect(controlValue(html, 'username')).toBe('');
    } else {
      // a well-formed name of nobody: the failed attempt is audited (deliberately), nothing else changes
      expect(res.status).toBe(401);
      expect(audit).toEqual([{ action: 'sign_in', result: 'failed', username: (h.value as string).trim() }]);
      expect(controlValue(html, 'username')).toBe((h.value as string).trim());
    }
  });

  test.each(HOSTILE.map((h) => [h.name, h] as const))('password: %s', async (_name, h) => {
    const { res, html, changed, audit } = await send(anon, '/login', withValue({ _csrf: token, username: 'nobody_here' }, 'password', h));
    expect(clean(html)).toEqual({ leaks: [], raw: false });
    expect(controlValue(html, 'password')).toBe('');
    if (typeof h.value !== 'string' || h.value === '' || h.value.length > 1024) {
      expect({ status: res.status, changed }).toEqual({ status: 400, changed: false });
    } else {
      expect(res.status).toBe(401);
      expect(audit).toEqual([{ action: 'sign_in', result: 'failed', username: 'nobody_here' }]);
    }
    if (typeof h.value === 'string' && h.value.length > 3) expect(html).not.toContain(h.value);
  });

  describe('the `next` field: only a path on this site is followed', () => {
    let account: { username: string; password: string };
    beforeAll(async () => {
      account = { username: 'next_tester', password: strongPassword() };
      await createAccount(b.s.db, { ...account, role: 'staff' });
    });
    test.each([
      ...HOSTILE.filter((h) => typeof h.value === 'string').map((h) => [h.name, h.value as string, '/admin'] as const),
      ['another site', '//evil.example/x', '/admin'],
      ['a backslash trick', '/\\evil.example', '/admin'],
      ['a full address', 'https://evil.example/', '/admin'],
      ['a javascript: address', 'javascript:alert(1)', '/admin'],
      ['a header injection', '/admin\r\nSet-Cookie: x=1', '/admin'],
      ['a path with a space', '/admin/audit x', '/admin'],
      ['(control) a path on this site', '/admin/audit?page=1', '/admin/audit?page=1'],
    ] as const)('%s → %s', async (_name, next, location) => {
      const agent = newAgent(b.s.app, { lang: 'en' });
      const t = await csrfFrom(agent, '/login');
      const audits = await auditCount(b.s);
      const res = await agent.post('/login').type('form').send(formBody({ _csrf: t, ...account, next }));
      expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location });
      expect(await auditSince(b.s, audits)).toEqual([{ action: 'sign_in', result: 'ok', username: account.username }]);
    });

    test('a hostile `next` in the query string is not written into the sign-in page raw', async () => {
      for (const h of HOSTILE) {
        if (typeof h.value !== 'string') continue;
        const res = await newAgent(b.s.app).get(`/login?next=${encodeURIComponent(h.value)}`);
        expect({ name: h.name, status: res.status, ...clean(res.text) }).toEqual({ name: h.name, status: 200, leaks: [], raw: false });
        expect(res.text).not.toMatch(/name="next"/); // none of these is a path on this site
      }
    });
  });
});

describe('POST /logout', () => {
  test('extra and hostile fields are ignored: the session ends, only the sign-out is audited', async () => {
    const me = await signedInAgent(b.s.app, b.s.db, 'staff', { lang: 'en' });
    const token = await csrfFrom(me.agent, '/account/password');
    const body: Body = { _csrf: token };
    HOSTILE.forEach((h, i) => { if (h.value !== undefined) body[`f${i}`] = h.value; });
    const audits = await auditCount(b.s);
    const res = await me.agent.post('/logout').type('form').send(formBody(body));
    expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: '/' });
    expect(await auditSince(b.s, audits)).toEqual([{ action: 'sign_out', result: 'ok', username: me.username }]);
    expect((await me.agent.get('/admin')).status).toBe(303); // signed out
  });
});

describe('POST /account/password', () => {
  let me: SignedIn;
  let token: string;
  const GOOD = 'Good-New-Password-1';
  beforeAll(async () => {
    me = await signedInAgent(b.s.app, b.s.db, 'staff', { lang: 'en' });
    token = await csrfFrom(me.agent, '/account/password');
  });
  const expectRefused = (html: string, field: string, message: RegExp) => {
    expect(errorSummary(html)?.fields).toEqual([field]);
    expect(hasId(html, `f-${field}`)).toBe(true);
    expect(fieldError(html, field)).toMatch(message);
    for (const f of Object.keys(fieldsOf('/account/password'))) expect(controlValue(html, `f-${f}`)).toBe('');
    expect(clean(html)).toEqual({ leaks: [], raw: false });
  };

  test.each(HOSTILE.map((h) => [h.name, h] as const))('currentPassword: %s', async (_name, h) => {
    const r = await send(me.agent, '/account/password', withValue({ _csrf: token, newPassword: GOOD, confirmPassword: GOOD }, 'currentPassword', h));
    expect(r.res.status).toBe(400);
    if (typeof h.value !== 'string' || h.value === '') {
      expectRefused(r.html, 'currentPassword', MESSAGE.required);
      expect(r.changed).toBe(false);
    } else {
      expectRefused(r.html, 'currentPassword', /current password is wrong/);
      expect(r.audit).toEqual([{ action: 'change_password', result: 'failed', username: me.username }]);
    }
  });

  // Any character may be part of a password: values of 12 to 128 characters would be good ones.
  const notPasswords = HOSTILE.filter((h) => typeof h.value !== 'string' || [...h.value].length < 12 || [...h.value].length > 128);

  test.each(notPasswords.map((h) => [h.name, h] as const))('newPassword (typed twice): %s', async (_name, h) => {
    const r = await send(me.agent, '/account/password', withValue(withValue({ _csrf: token, currentPassword: me.password }, 'newPassword', h), 'confirmPassword', h));
    expect({ status: r.res.status, changed: r.changed }).toEqual({ status: 400, changed: false });
    const message = typeof h.value !== 'string' || h.value === '' ? MESSAGE.required : h.value.length > 128 ? /at most 128 characters/ : /at least 12 characters/;
    expectRefused(r.html, 'newPassword', message);
  });

  test.each(HOSTILE.map((h) => [h.name, h] as const))('confirmPassword: %s', async (_name, h) => {
    const r = await send(me.agent, '/account/password', withValue({ _csrf: token, currentPassword: me.password, newPassword: GOOD }, 'confirmPassword', h));
    expect({ status: r.res.status, changed: r.changed }).toEqual({ status: 400, changed: false });
    expectRefused(r.html, 'confirmPassword', /two new passwords differ/);
  });

  test('(control) the password still works: nothing was changed', async () => {
    expect((await me.agent.get('/admin')).status).toBe(200);
    const agent = newAgent(b.s.app);
    const t = await csrfFrom(agent, '/login');
    expect((await agent.post('/login').type('form').send({ _csrf: t, username: me.username, password: me.password })).status).toBe(303);
  });
});

/** The users page as the admin sees it; the create form's token. */
async function usersToken(): Promise<string> {
  return csrfOf((await b.agents.admin.get('/admin/users')).text);
}

describe('POST /admin/users (create an account)', () => {
  const USERNAME = /^[A-Za-z0-9._-]{3,64}$/; // the rule the form's hint states
  let token: string;
  beforeAll(async () => {
    token = await usersToken();
  });

  const expectRefused = (html: string, field: string, message: RegExp, typedUsername: string) => {
    expect(errorSummary(html)?.fields).toEqual([field]);
    expect(hasId(html, `f-${field}`)).toBe(true);
    expect(fieldError(html, field)).toMatch(message);
    expect(controlValue(html, 'f-username')).toBe(typedUsername);
    expect(controlValue(html, 'f-password')).toBe('');
    expect(clean(html)).toEqual({ leaks: [], raw: false });
  };

  // A hostile value that happens to be a valid username (NaN, 1e400 …) is one: not refused here.
  const notUsernames = HOSTILE.filter((h) => typeof h.value !== 'string' || !USERNAME.test(h.value.trim()));

  test.each(notUsernames.map((h) => [h.name, h] as const))('username: %s', async (_name, h) => {
    const r = await send(b.agents.admin, '/admin/users', withValue({ _csrf: token, role: 'staff', password: strongPassword() }, 'username', h));
    expect({ status: r.res.status, changed: r.changed }).toEqual({ status: 400, changed: false });
    const refusal = expectedRefusal(fieldsOf('/admin/users').username!, h);
    expectRefused(r.html, 'username', refusal ? MESSAGE[refusal] : /A username is 3–64 letters/, typeof h.value === 'string' ? h.value : '');
  });

  test.each(HOSTILE.map((h) => [h.name, h] as const))('role: %s', async (_name, h) => {
    const r = await send(b.agents.admin, '/admin/users', withValue({ _csrf: token, username: 'role_case', password: strongPassword() }, 'role', h));
    expect({ status: r.res.status, changed: r.changed }).toEqual({ status: 400, changed: false });
    expectRefused(r.html, 'role', MESSAGE[expectedRefusal(fieldsOf('/admin/users').role!, h)!], 'role_case');
  });

  const BAD_PASSWORDS: [string, string | readonly string[] | undefined, RegExp][] = [
    ['missing', undefined, /not in the right format/],
    ['repeated', ['Qz7!aaaa-bbbb-Lp', 'Qz7!aaaa-bbbb-Lp'], /not in the right format/],
    ['empty', '', /at least 12 characters/],
    ['short', 'Ab1!short', /at least 12 characters/],
    ['129 characters', 'Ab1!'.repeat(32) + 'x', /at most 128 characters/],
    ['over 1024 characters', OVER_LONG, /not in the right format/],
    ['common', 'password1234', /common password/],
    ['with the username', 'xx-Pw_Case_User-2024!', /cannot contain the username/],
  ];
  test.each(BAD_PASSWORDS)('password: %s', async (_name, value, message) => {
    const body: Body = { _csrf: token, username: 'pw_case_user', role: 'staff' };
    if (value !== undefined) body.password = value;
    const r = await send(b.agents.admin, '/admin/users', body);
    expect({ status: r.res.status, changed: r.changed }).toEqual({ status: 400, changed: false });
    expectRefused(r.html, 'password', message, 'pw_case_user');
    if (typeof value === 'string' && value.length > 3) expect(r.html).not.toContain(value);
  });
});

describe('POST /admin/users/:id (the row forms: role, disable/enable, reset password)', () => {
  let token: string;
  beforeAll(async () => {
    token = await usersToken();
  });
  const version = async () => String((await b.s.db.selectFrom('users').select('version').where('id', '=', b.targetUserId).executeTakeFirstOrThrow()).version);
  /** The message shown in the target user's row. */
  const rowError = (html: string) => {
    const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(`action="/admin/users/${b.targetUserId}"`));
    const m = /<p class="error-message" role="alert">([\s\S]*?)<\/p>/.exec(row ?? '');
    return m ? decodeEntities(m[1]!) : undefined;
  };
  const expectRowRefusal = (r: { res: { status: number }; html: string; changed: boolean }, status: number, message: RegExp) => {
    expect({ status: r.res.status, changed: r.changed }).toEqual({ status, changed: false });
    expect(rowError(r.html)).toMatch(message);
    expect(clean(r.html)).toEqual({ leaks: [], raw: false });
  };
  const fields = fieldsOf('/admin/users/:id');
  const url = () => `/admin/users/${b.targetUserId}`;

  test.each(HOSTILE.map((h) => [h.name, h] as const))('action: %s', async (_name, h) => {
    const r = await send(b.agents.admin, url(), withValue({ _csrf: token, version: await version(), role: 'official' }, 'action', h));
    expectRowRefusal(r, 400, new RegExp(`^Action: ${MESSAGE[expectedRefusal(fields.action!, h)!].source}`));
  });

  test.each(HOSTILE.map((h) => [h.name, h] as const))('version: %s', async (_name, h) => {
    const r = await send(b.agents.admin, url(), withValue({ _csrf: token, action: 'disable' }, 'version', h));
    expectRowRefusal(r, 400, new RegExp(`^Version: ${MESSAGE[expectedRefusal(fields.version!, h)!].source}`));
  });

  test.each([['zero', '0', 400, /^Version: Must be at least 1/], ['stale', 'next', 409, /^Someone else changed this record/]] as const)('version: %s → %i', async (_name, v, status, message) => {
    const current = await version();
    const r = await send(b.agents.admin, url(), { _csrf: token, action: 'disable', version: v === 'next' ? String(Number(current) + 1) : v });
    expectRowRefusal(r, status, message);
  });

  test.each(HOSTILE.map((h) => [h.name, h] as const))('role (action "role"): %s', async (_name, h) => {
    const r = await send(b.agents.admin, url(), withValue({ _csrf: token, action: 'role', version: await version() }, 'role', h));
    // an empty role passes the form but is no role
    const refusal = expectedRefusal(fields.role!, h);
    expectRowRefusal(r, 400, refusal ? new RegExp(`^Role: ${MESSAGE[refusal].source}`) : /^Role: Choose a role/);
  });

  test.each([
    ['missing', undefined, /^Password: A password needs at least 12 characters/],
    ['repeated', ['Qz7!aaaa-bbbb-Lp', 'Qz7!aaaa-bbbb-Lp'], /^Password: This is not in the right format/],
    ['short', 'Ab1!short', /^Password: A password needs at least 12 characters/],
    ['129 characters', 'Ab1!'.repeat(32) + 'x', /^Password: A password can have at most 128 characters/],
    ['common', 'qwerty123456', /^Password: This is a common password/],
    ['with the username', 'xx-Bad_Input_Target-9', /^Password: The password cannot contain the username/],
  ] as const)('password (action "reset_password"): %s', async (_name, value, message) => {
    const body: Body = { _csrf: token, action: 'reset_password', version: await version() };
    if (value !== undefined) body.password = value;
    const r = await send(b.agents.admin, url(), body);
    expectRowRefusal(r, 400, message);
    if (typeof value === 'string') expect(r.html).not.toContain(value);
  });

  test.each(BAD_IDS)('the id %s: 400 naming the id, nothing written', async (_name, id) => {
    const r = await send(b.agents.admin, `/admin/users/${encodeURIComponent(id)}`, { _csrf: token, action: 'disable', version: await version() });
    expect({ status: r.res.status, changed: r.changed, ...clean(r.html) }).toEqual({ status: 400, changed: false, leaks: [], raw: false });
    expect(r.html).toMatch(/<strong>Number<\/strong>/);
  });

  test('a well-formed id of nobody: 404, nothing written', async () => {
    const r = await send(b.agents.admin, '/admin/users/2147483647', { _csrf: token, action: 'disable', version: '1' });
    expect({ status: r.res.status, changed: r.changed }).toEqual({ status: 404, changed: false });
  });
});

// CSRF (ASVS 4.2.2 / 13.2.3): every state-changing route refuses a POST without the session's token,
// with a wrong one, or with another session's, and writes nothing; GET never changes data.
import request from 'supertest';
import { ACCESS_RULES } from '../../src/web/access';
import { createStaffApp, snapshotData, type StaffApp } from '../helpers/staff-app';
import { createAccount, csrfFrom, newAgent, signedInAgent, strongPassword, type SignedIn } from '../helpers/sign-in';
import { formBody, pageForm, VALID_CHANGES } from '../helpers/staff-forms';
import { appRoutes, concretePath } from '../helpers/routes';

let s: StaffApp;
let admin: SignedIn;
let other: SignedIn;
let targetId: number;
const targetPassword = strongPassword();

beforeAll(async () => {
  s = await createStaffApp({ env: { LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: '1000' } });
  admin = await signedInAgent(s.app, s.db, 'admin');
  other = await signedInAgent(s.app, s.db, 'admin');
  targetId = await createAccount(s.db, { username: 'csrf_target', password: targetPassword, role: 'staff' });
});
afterAll(async () => {
  await s.close();
});

/**
 * For each state-changing route, a body that would be carried out with the right token, so that a
 * refusal is the token's doing and not the body's.
 */
async function validBody(path: string): Promise<Record<string, string>> {
  const fromPage = async (page: string, changes: Record<string, string>) => {
    const { values } = await pageForm(admin.agent, page);
    const { _csrf: _drop, ...rest } = values;
    void _drop;
    return { ...rest, ...changes };
  };
  switch (path) {
    case '/login': return { username: 'csrf_target', password: targetPassword };
    case '/logout': return {};
    case '/account/password': return { currentPassword: admin.password, newPassword: 'Csrf-New-Password-1', confirmPassword: 'Csrf-New-Password-1' };
    case '/admin/villages/new': return fromPage(path, VALID_CHANGES.villageNew('csrf'));
    case '/admin/villages/1/edit': return fromPage(path, VALID_CHANGES.villageEdit('csrf'));
    case '/admin/projects/new': return fromPage(path, VALID_CHANGES.projectNew('csrf'));
    case '/admin/projects/1/edit': return fromPage(path, { ...VALID_CHANGES.projectEdit('csrf'), actualStart: '2023-11-08' });
    case '/admin/projects/1/batches/new': return fromPage(path, VALID_CHANGES.batchNew('csrf'));
    case '/admin/batches/1/edit': return fromPage(path, VALID_CHANGES.batchEdit('csrf'));
    case '/admin/batches/1/buildings/new': return fromPage(path, VALID_CHANGES.buildingNew('77'));
    case '/admin/buildings/1/edit': return fromPage(path, VALID_CHANGES.buildingEdit());
    case '/admin/buildings/1/delete': return fromPage(path, {}); // the version: the deletion would go ahead
    case '/admin/milestones/new': return fromPage(path, VALID_CHANGES.milestone());
    case '/admin/reports/new': return fromPage(path, VALID_CHANGES.report());
    case '/admin/settings': return fromPage(path, VALID_CHANGES.settings());
    case '/admin/users': return { username: 'csrf_created', role: 'admin', password: strongPassword() };
    case `/admin/users/${targetId}`: {
      const v = (await s.db.selectFrom('users').select('version').where('id', '=', targetId).executeTakeFirstOrThrow()).version;
      return { action: 'role', role: 'admin', version: String(v) };
    }
    default: return {};
  }
}

const postRoutes = () => {
  const paths = appRoutes(s.app).filter((r) => r.method === 'POST').map((r) => concretePath(r.path, (_p, pattern) => (pattern.startsWith('/admin/users/') ? String(targetId) : '1')));
  return paths;
};

/** The admin is still signed in (a refused POST /logout must not end the session). */
const stillSignedIn = async () => (await admin.agent.get('/admin/users')).status === 200;

describe('POST without a valid token', () => {
  test('the router has the state-changing routes this file expects', () => {
    const paths = postRoutes();
    expect(paths).toEqual(expect.arrayContaining(['/login', '/logout', '/account/password', '/admin/users', '/admin/settings', '/admin/milestones/new']));
    // every POST rule is a state-changing route checked here
    const postRules = ACCESS_RULES.filter(([m]) => m === 'POST').length;
    expect(paths.length).toBe(postRules);
  });

  const variants: [string, (path: string) => Promise<Record<string, string>>][] = [
    ['no token', async () => ({})],
    ['an empty token', async () => ({ _csrf: '' })],
    ['a wrong token', async () => ({ _csrf: 'f'.repeat(256) })],
    ['another session\'s token', async () => ({ _csrf: await csrfFrom(other.agent, '/admin/users') })],
    ['the token twice (repeated parameter)', async () => {
      const t = await csrfFrom(admin.agent, '/admin/users');
      return { _csrf: [t, t] } as unknown as Record<string, string>; // sent as _csrf=t&_csrf=t
    }],
  ];

  test.each(variants.map(([n]) => n))('with %s: 403 on every state-changing route, nothing written, session intact', async (variant) => {
    const make = variants.find(([n]) => n === variant)![1];
    const problems: string[] = [];
    for (const path of postRoutes()) {
      const body = await validBody(path);
      const token = await make(path);
      const before = await snapshotData(s.db);
      const res = await admin.agent.post(path).type('form').send(formBody({ ...body, ...token }));
      if (res.status !== 403) problems.push(`${path}: ${res.status}`);
      if (JSON.stringify(await snapshotData(s.db)) !== JSON.stringify(before)) problems.push(`${path}: data changed`);
      if (!(await stillSignedIn())) problems.push(`${path}: the session ended`);
    }
    expect(problems).toEqual([]);
  });

  test('the token in the X-CSRF-Token header stands for the form field; a wrong one there is refused, and a field, when sent, is what counts', async () => {
    const token = await csrfFrom(admin.agent, '/admin/users');
    const body = { ...(await validBody('/admin/villages/new')), ...VALID_CHANGES.villageNew('header') };
    const before = await snapshotData(s.db);
    const wrongHeader = await admin.agent.post('/admin/villages/new').set('X-CSRF-Token', `${token}x`).type('form').send(body);
    const wrongFieldRightHeader = await admin.agent.post('/admin/villages/new').set('X-CSRF-Token', token).type('form').send({ ...body, _csrf: 'not-the-token' });
    expect([wrongHeader.status, wrongFieldRightHeader.status]).toEqual([403, 403]);
    expect(await snapshotData(s.db)).toEqual(before);
    const res = await admin.agent.post('/admin/villages/new').set('X-CSRF-Token', token).type('form').send(body);
    expect(res.status).toBe(303);
  });

  test('a token sent in the query string is not accepted', async () => {
    const token = await csrfFrom(admin.agent, '/admin/users');
    const before = await snapshotData(s.db);
    const res = await admin.agent.post(`/admin/users?_csrf=${token}`).type('form').send(await validBody('/admin/users'));
    expect(res.status).toBe(403);
    expect(await snapshotData(s.db)).toEqual(before);
  });

  test('the token of a signed-out session no longer works', async () => {
    const gone = await signedInAgent(s.app, s.db, 'admin');
    const token = await csrfFrom(gone.agent, '/admin/users');
    await gone.agent.post('/logout').type('form').send({ _csrf: token });
    const res = await gone.agent.post('/admin/users').type('form').send({ _csrf: token, username: 'ghost_user', role: 'staff', password: strongPassword() });
    expect([401, 403]).toContain(res.status);
    expect(await s.db.selectFrom('users').select('id').where('username', '=', 'ghost_user').executeTakeFirst()).toBeUndefined();
  });

  test('sign-in itself needs the token: right credentials without it make no session', async () => {
    const agent = newAgent(s.app);
    await agent.get('/login');
    const res = await agent.post('/login').type('form').send({ username: 'csrf_target', password: targetPassword });
    expect(res.status).toBe(403);
    expect((await agent.get('/admin')).status).toBe(303);
  });

  test('(control) with the right token the same bodies are carried out', async () => {
    const token = await csrfFrom(admin.agent, '/admin/users');
    const res = await admin.agent.post('/admin/villages/new').type('form').send({ ...(await validBody('/admin/villages/new')), _csrf: token });
    expect(res.status).toBe(303);
    const users = await admin.agent.post('/admin/users').type('form').send({ ...(await validBody('/admin/users')), _csrf: token });
    expect(users.status).toBe(303);
  });
});

describe('multipart bodies skip the CSRF middleware (for uploads): other routes must still refuse them', () => {
  /** Routes that read a multipart body and check the token themselves. */
  const UPLOADS = ['/admin/import/preview'];
  const nonUpload = () => postRoutes().filter((p) => !UPLOADS.includes(p));

  test.each(['no token', 'a wrong token', "another session's token"])('an upload with %s is refused (403) after its body is read', async (variant) => {
    const token = variant === 'no token' ? undefined : variant === 'a wrong token' ? 'f'.repeat(256) : await csrfFrom(other.agent, '/admin/users');
    for (const path of UPLOADS.filter((p) => postRoutes().includes(p))) {
      const before = await snapshotData(s.db);
      let req = admin.agent.post(path).attach('files', Buffer.from('村,项目\n赵村,x\n', 'utf8'), 'data.csv');
      if (token) req = req.field('_csrf', token);
      const res = await req;
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(await snapshotData(s.db)).toEqual(before);
    }
  });

  test('a multipart POST without a token never carries out a form route, and writes nothing', async () => {
    const problems: string[] = [];
    for (const path of nonUpload().filter((p) => p !== '/logout')) {
      const body = await validBody(path);
      const before = await snapshotData(s.db);
      let req = admin.agent.post(path);
      for (const [k, v] of Object.entries(body)) req = req.field(k, v);
      const res = await req;
      if (res.status < 400) problems.push(`${path}: ${res.status}`);
      if (JSON.stringify(await snapshotData(s.db)) !== JSON.stringify(before)) problems.push(`${path}: data changed`);
    }
    expect(problems).toEqual([]);
    expect(await stillSignedIn()).toBe(true);
  });

  test('a multipart POST /logout without a token is refused (403) and the session survives', async () => {
    const victim = await signedInAgent(s.app, s.db, 'staff');
    const res = await victim.agent.post('/logout').field('x', '1');
    expect(res.status).toBe(403);
    expect((await victim.agent.get('/admin')).status).toBe(200);
  });
});

describe('GET never changes data', () => {
  const getRoutes = () => appRoutes(s.app).filter((r) => r.method === 'GET');

  /** Data tables, with audit rows of downloads set aside (an export is audited by design). */
  const withoutExportAudit = (snap: Record<string, unknown[]>) => ({
    ...snap,
    audit_log: (snap.audit_log as { action: string }[]).filter((r) => r.action !== 'export'),
  });

  test.each(['admin', 'anonymous'] as const)('every GET route as %s leaves every table (and audit_log) as it was', async (who) => {
    const agent = who === 'admin' ? admin.agent : request.agent(s.app);
    const urls = getRoutes().map((r) => concretePath(r.path, (name, pattern) => (name === 'path' ? 'css/app.css' : pattern.startsWith('/admin/users/') ? String(targetId) : '1')));
    expect(urls.length).toBeGreaterThan(20);
    const before = await snapshotData(s.db);
    const problems: string[] = [];
    for (const url of urls) {
      const one = await snapshotData(s.db, ['audit_log']);
      const res = await agent.get(url);
      if (res.status >= 500) problems.push(`${url}: ${res.status}`);
      // with query strings that look like a write
      await agent.get(`${url}?action=disable&version=1&nameZh=x&_csrf=x&delete=1`);
      const added = (await snapshotData(s.db, ['audit_log'])).audit_log!.slice(one.audit_log!.length) as { action: string; object_type: string }[];
      // only a download may leave a trace, and only as an `export` entry
      for (const a of added) if (!(/export/.test(url) && a.action === 'export' && a.object_type === 'export')) problems.push(`${url}: audit row ${a.action}/${a.object_type}`);
    }
    expect(problems).toEqual([]);
    expect(withoutExportAudit(await snapshotData(s.db))).toEqual(withoutExportAudit(before));
  });

  test('GET on a POST-only route does nothing', async () => {
    const before = await snapshotData(s.db);
    for (const url of ['/logout', `/admin/users/${targetId}?action=disable`, '/admin/users?username=get_user&role=admin&password=Abcdefgh12345!']) {
      const res = await admin.agent.get(url);
      expect(res.status).not.toBe(303);
    }
    expect(await snapshotData(s.db)).toEqual(before);
    expect(await stillSignedIn()).toBe(true);
  });
});

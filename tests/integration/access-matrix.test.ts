// Role × route matrix: every route the router answers has a rule in ACCESS_RULES, every rule has a
// route, and each role is let in or refused exactly as its rule says (deny by default).
import { submitFeedback } from '../../src/services/feedback.service';
import request from 'supertest';
import { ACCESS_RULES, ruleFor, type Access } from '../../src/web/access';
import type { Role } from '../../src/db/schema';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { createAccount, csrfFrom, signedInAgent, strongPassword, type Agent } from '../helpers/sign-in';
import { appRoutes, concretePath, type AppRoute } from '../helpers/routes';

/**
 * Rules whose routes are being built by others (import/export, officials' dashboard, public CSV).
 * When you add one of these routes, remove it from this list: the "allow-list is current" test fails
 * until you do, so that the list never hides a stale rule.
 */
const EXPECTED_MISSING_ROUTES: readonly string[] = [
  // empty: the import/export, dashboard and public CSV routes all exist now. Add `'METHOD /path'`
  // here only for a rule whose route is still being built, and remove it in the change that adds it.
];

/** Routes whose GET may answer 404 for a made-up id while still being allowed (no such job yet). */
const MAY_BE_NOT_FOUND = new Set(['GET /admin/import/status/:id']);

type Who = 'anonymous' | Role;
const WHO: readonly Who[] = ['anonymous', 'official', 'staff', 'admin'];

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

function allows(access: Access, who: Who): boolean {
  if (access === 'public') return true;
  if (who === 'anonymous') return false;
  if (access === 'signed_in') return true;
  return access.includes(who);
}

let s: StaffApp;
let routes: AppRoute[];
const agents = {} as Record<Role, Agent>;
const tokens = {} as Record<Role, string>;
let targetUserId: number;
let feedbackCode: string;

const fill = (param: string, pattern: string): string => {
  if (param === 'path') return 'css/app.css';
  if (pattern.startsWith('/admin/users/')) return String(targetUserId);
  if (param === 'code') return feedbackCode;
  return '1'; // village 1, project 1, batch 1, building 1 exist in the seed
};

beforeAll(async () => {
  s = await createStaffApp({ env: { LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: '1000' } });
  routes = appRoutes(s.app);
  for (const role of ['official', 'staff', 'admin'] as const) {
    agents[role] = (await signedInAgent(s.app, s.db, role)).agent;
    tokens[role] = await csrfFrom(agents[role], '/account/password');
  }
  targetUserId = await createAccount(s.db, { username: 'matrix_target', password: strongPassword(), role: 'official' });
  // message 1, and its code for /feedback/:code
  feedbackCode = await submitFeedback(s.db, { scope: 'project', scopeId: 1, kind: 'question', category: 'other', body: '问题' }, new Date('2026-11-25T02:00:00Z'));
});
afterAll(async () => {
  await s.close();
});

describe('the rule table and the router agree', () => {
  test('the router walk finds the routes (sanity check of the walker)', () => {
    const keys = routes.map(key);
    expect(keys).toEqual(expect.arrayContaining(['GET /healthz', 'GET /assets/*path', 'GET /', 'POST /login', 'GET /admin', 'POST /admin/users/:id']));
    expect(routes.length).toBeGreaterThan(30);
  });

  test('every route has a rule of its own in ACCESS_RULES (a route added without a rule fails here)', () => {
    const ruleKeys = new Set(ACCESS_RULES.map(([m, p]) => `${m} ${p}`));
    const withoutRule = routes.map(key).filter((k) => !ruleKeys.has(k));
    expect(withoutRule).toEqual([]);
  });

  test('each route, with real ids, is matched by its own rule and not shadowed by another', () => {
    const wrong = routes
      .map((r) => ({ route: key(r), matched: ruleFor(r.method, concretePath(r.path, fill))?.path }))
      .filter((x) => x.route.split(' ')[1] !== x.matched);
    expect(wrong).toEqual([]);
  });

  test('every rule has a route (no stale rules), apart from the routes others are adding', () => {
    const routeKeys = new Set(routes.map(key));
    const stale = ACCESS_RULES.map(([m, p]) => `${m} ${p}`).filter((k) => !routeKeys.has(k) && !EXPECTED_MISSING_ROUTES.includes(k));
    expect(stale).toEqual([]);
  });

  test('the allow-list of expected-missing routes is current: remove an entry once its route exists', () => {
    const routeKeys = new Set(routes.map(key));
    const ruleKeys = new Set(ACCESS_RULES.map(([m, p]) => `${m} ${p}`));
    expect(EXPECTED_MISSING_ROUTES.filter((k) => routeKeys.has(k))).toEqual([]);
    // and each entry still names a rule (otherwise it is a typo or the rule went away)
    expect(EXPECTED_MISSING_ROUTES.filter((k) => !ruleKeys.has(k))).toEqual([]);
  });

  test('rules are unique', () => {
    const keys = ACCESS_RULES.map(([m, p]) => `${m} ${p}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });
});

describe('each route answers each role as its rule says', () => {
  const cases = () =>
    routes.flatMap((r) => {
      const rule = ACCESS_RULES.find(([m, p]) => m === r.method && p === r.path);
      return rule ? WHO.map((who) => ({ route: r, access: rule[2], who })) : [];
    });

  test('anonymous, official, staff and admin on every route (logout excepted, below)', async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const { route, access, who } of cases()) {
      if (route.method === 'POST' && route.path === '/logout' && who !== 'anonymous') continue;
      const url = concretePath(route.path, fill);
      const allowed = allows(access, who);
      const label = `${who} ${route.method} ${url} (${Array.isArray(access) ? access.join('|') : access})`;
      let res: request.Response;
      if (route.method === 'GET') {
        res = who === 'anonymous' ? await request(s.app).get(url) : await agents[who].get(url);
      } else {
        if (who === 'anonymous' && allowed) {
          // a public POST: without a token it is refused (CSRF) …
          const bare = await request(s.app).post(url).type('form').send({});
          if (bare.status !== 403) problems.push(`${label}: anonymous POST without a token answered ${bare.status}, expected 403 (CSRF)`);
          // … and with the token of its own (anonymous) session it is let in
          const anon = request.agent(s.app);
          const anonToken = await csrfFrom(anon, '/login'); // read before the POST is built: it takes the cookie then
          res = await anon.post(url).type('form').send({ _csrf: anonToken });
        } else {
          res =
            who === 'anonymous'
              ? await request(s.app).post(url).type('form').send({})
              : await agents[who].post(url).type('form').send({ _csrf: tokens[who] });
        }
      }
      checked += 1;
      const st = res.status;
      if (st >= 500) problems.push(`${label}: ${st}`);
      if (allowed) {
        if (st === 401 || st === 403) problems.push(`${label}: refused with ${st} but the rule allows it`);
        if (route.method === 'GET' && !MAY_BE_NOT_FOUND.has(key(route)) && st !== 200 && st !== 204) problems.push(`${label}: GET answered ${st}`);
      } else if (who === 'anonymous') {
        if (route.method === 'GET') {
          if (st !== 303 || res.headers.location !== `/login?next=${encodeURIComponent(url)}`) {
            problems.push(`${label}: expected 303 to /login?next=…, got ${st} ${res.headers.location ?? ''}`);
          }
        } else if (st !== 401 && st !== 403) {
          problems.push(`${label}: anonymous POST answered ${st}, expected 401/403`);
        }
      } else if (st !== 403) {
        problems.push(`${label}: expected 403 for a role outside the rule, got ${st}`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(150);
  });

  test.each(['official', 'staff', 'admin'] as const)('%s may sign out (POST /logout with a token ends the session)', async (role) => {
    const { agent } = await signedInAgent(s.app, s.db, role);
    const token = await csrfFrom(agent, '/account/password');
    const res = await agent.post('/logout').type('form').send({ _csrf: token });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect((await agent.get('/account/password')).status).toBe(303);
  });

  test('anonymous POST /logout is refused (not signed in), never 2xx or 3xx', async () => {
    const res = await request(s.app).post('/logout').type('form').send({});
    expect([401, 403]).toContain(res.status);
  });
});

describe('deny by default', () => {
  test.each([
    ['PUT', '/admin/users/1'],
    ['DELETE', '/admin/users/1'],
    ['PATCH', '/admin/projects/1/edit'],
    ['DELETE', '/api/v1/projects/1'],
    ['OPTIONS', '/admin/users'],
    ['GET', '/admin/no-such-page'],
    ['POST', '/admin/villages/1/delete'],
    ['POST', '/api/v1/projects'],
  ])('%s %s (no rule) is refused for an admin and for anonymous', async (method, url) => {
    const token = tokens.admin;
    const asAdmin = await agents.admin[method.toLowerCase() as 'get'](url).type('form').send(method === 'GET' || method === 'OPTIONS' ? undefined : { _csrf: token });
    const anon = await request(s.app)[method.toLowerCase() as 'get'](url);
    expect(asAdmin.status).toBe(404);
    expect(anon.status).toBe(404);
  });

  // Express matches routes case-insensitively and ignores a trailing slash; the rule check must too.
  test.each([
    '/ADMIN/USERS', '/Admin/Settings', '/admin/users/', '/admin/settings/', '/admin/users?x=1', '/admin//users',
    '/admin/%75sers', '/admin/users%2F', '/admin/./users', '/admin/x/../users', '/%61dmin/users',
  ])('staff cannot reach an admin page through the variant %s', async (url) => {
    const res = await agents.staff.get(url);
    expect([403, 404]).toContain(res.status);
    const anon = await request(s.app).get(url);
    expect([303, 400, 404]).toContain(anon.status);
    if (anon.status === 303) expect(anon.headers.location).toMatch(/^\/login\?next=/);
  });

  test.each(['/ADMIN', '/Admin/Audit', '/admin/'])('anonymous is sent to sign in from %s, never shown the page', async (url) => {
    const res = await request(s.app).get(url);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
  });

  test('HEAD follows the GET rule: refused for a role outside it', async () => {
    expect((await agents.staff.head('/admin/users')).status).toBe(403);
    expect((await agents.official.head('/admin')).status).toBe(403);
    expect([303, 401]).toContain((await request(s.app).head('/admin')).status);
    expect((await agents.admin.head('/admin/users')).status).toBe(200);
  });

  test('a POST with a role outside the rule is refused before anything is read or written', async () => {
    const before = await s.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await agents.staff.post('/admin/users').type('form').send({ _csrf: tokens.staff, username: 'sneaky_staff', role: 'admin', password: strongPassword() });
    expect(res.status).toBe(403);
    const after = await s.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

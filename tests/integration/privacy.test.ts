// Privacy (PIPL: no personal information published). Staff with realistic names sign in from their
// own addresses and make audited changes through the web; personal data is planted in the internal
// free text (notes, correction reasons, source excerpts). Then an anonymous reader crawls every public
// page and API answer (links, ids in the JSON, the CSV export, the English versions) and nothing of
// that may show. Staff cannot type personal data into the free text at all: the forms refuse it.
// Signed-in pages are never cached, and anonymous pages set no session cookie unless a form needs one.
import { submitFeedback } from '../../src/services/feedback.service';
import { sql } from 'kysely';
import request from 'supertest';
import { generateDemo } from '../../seeds/demo';
import { ACCESS_RULES, type Access } from '../../src/web/access';
import type { Role } from '../../src/db/schema';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { newAgent, signedInAgent, strongPassword, type Agent, type SignedIn } from '../helpers/sign-in';
import { pageForm, submitForm } from '../helpers/staff-forms';
import { concretePath } from '../helpers/routes';
import { decodeEntities } from '../helpers/html';

let s: StaffApp;

/** The staff of this test: realistic usernames, Chinese names used in their notes, their own addresses. */
const PEOPLE = {
  admin: { username: 'john.smith', zh: '史密斯', role: 'admin' as Role, ip: '203.0.113.5' },
  zhang: { username: 'zhang.wei', zh: '张伟', role: 'staff' as Role, ip: '198.51.100.23' },
  wang: { username: 'wang_fang', zh: '王芳', role: 'staff' as Role, ip: '198.51.100.24' },
  emily: { username: 'emily.chen', zh: '陈艾米', role: 'staff' as Role, ip: '2001:db8::7' },
  liu: { username: 'liu-yang', zh: '刘洋', role: 'official' as Role, ip: '192.0.2.44' },
};
type Who = keyof typeof PEOPLE;
const signed = {} as Record<Who, SignedIn>;

/** Personal data planted in internal text; none of it may reach a public answer. */
const PLANTED = {
  mobile: '13912345678',
  resident: '41010219850612300X', // a right check character, as a real one has
  landline: '0371-67891234',
  email: 'zhang.wei@gaoxin.example.gov.cn',
};

const VILLAGE_NOTE = '村委会每周三上午接待回迁群众咨询';

beforeAll(async () => {
  s = await createStaffApp();
  // many pages: the real seed plus generated demonstration villages
  await s.db.transaction().execute((trx) => generateDemo(trx, { seed: 11, villages: 12, asOf: '2026-11-26', now: '2026-11-26T00:00:00.000Z' }));

  // the administrator creates the other accounts through the users page (audited, with the admin's address)
  signed.admin = await signedInAgent(s.app, s.db, 'admin', { username: PEOPLE.admin.username, ip: PEOPLE.admin.ip });
  for (const who of ['zhang', 'wang', 'emily', 'liu'] as const) {
    const p = PEOPLE[who];
    const password = strongPassword();
    const form = await pageForm(signed.admin.agent, '/admin/users', '/admin/users');
    const res = await signed.admin.agent.post('/admin/users').type('form').send({ ...form.values, username: p.username, role: p.role, password });
    if (res.status >= 400) throw new Error(`creating ${p.username} answered ${res.status}`);
    signed[who] = await signedInAgent(s.app, s.db, p.role, { username: p.username, password, create: false, ip: p.ip });
  }

  // audited changes through the web, with the staff's names in the internal notes
  const ok = (res: request.Response, what: string) => {
    if (res.status !== 303) throw new Error(`${what} answered ${res.status}`);
  };
  ok(await submitForm(signed.zhang.agent, '/admin/milestones/new?batch=1', {
    target: 'batch:1', stage: 'accepted', date: '2026-11-20', note: `${PEOPLE.wang.zh}现场核实,${PEOPLE.zhang.zh}录入`,
  }), 'milestone');
  ok(await submitForm(signed.wang.agent, '/admin/reports/new', {
    scope: 'project:2', asOf: '2026-11-01', plannedAreaM2: '101800', startedAreaM2: '60000', isCorrection: '',
    sourceTitle: '高新区城中村改造进度周报(第47期)', note: `${PEOPLE.wang.zh}整理,${PEOPLE.emily.zh}复核`,
  }), 'report');
  ok(await submitForm(signed.emily.agent, '/admin/villages/1/edit', { note: VILLAGE_NOTE }), 'village note');
  ok(await submitForm(signed.zhang.agent, '/admin/batches/1/edit', { households: '321' }), 'batch edit');
  // officials and staff read their pages (sessions with CSRF tokens of their own)
  await signed.liu.agent.get('/dashboard');
  await signed.zhang.agent.get('/admin/reports/new');

  // personal data in the internal free text, as legacy data or a careless import might leave it
  const planted = Object.values(PLANTED).join(' / ');
  await sql`update milestones set note = ${`${PEOPLE.zhang.zh} 手机 ${planted}`}`.execute(s.db);
  await sql`update progress_reports set note = ${`${PEOPLE.wang.zh} 电话 ${planted}`}, correction_reason = ${`核对人 ${PEOPLE.emily.zh} ${planted}`}`.execute(s.db);
  await sql`update sources set excerpt = ${`联系 ${planted}`}, note = ${`${PEOPLE.liu.zh} ${planted}`}`.execute(s.db);
}, 120_000);
afterAll(async () => { await s.close(); });

interface Answer {
  url: string;
  status: number;
  type: string;
  text: string;
  setCookie: string[];
}

const ORIGIN = 'http://tracker.test';
/** Same-origin links of a page (anchors, stylesheets, scripts), as paths with their query. */
function linksOf(from: string, html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(?:a|link|script)\b[^>]*?\s(?:href|src)="([^"]*)"/gi)) {
    const u = new URL(decodeEntities(m[1]!), ORIGIN + from);
    if (u.origin === ORIGIN) out.push(u.pathname + u.search);
  }
  return out;
}

/** Public pages and API answers named by the ids in a JSON answer. */
function idsOf(json: unknown, followed: Set<string>): string[] {
  const out: string[] = [];
  const add = (...urls: string[]) => {
    for (const u of urls) {
      out.push(u);
      followed.add(u);
    }
  };
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, key));
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.id === 'number') {
      if (key === 'districts') add(`/?district=${o.id}`);
      if (key === 'villages') add(`/villages/${o.id}`);
      if (key === 'projects' || key === 'project') add(`/projects/${o.id}`, `/api/v1/projects/${o.id}`);
      if (key === 'batches') add(`/batches/${o.id}`);
    }
    if (typeof o.villageId === 'number') add(`/villages/${o.villageId}`);
    if (typeof o.districtId === 'number') add(`/?district=${o.districtId}`);
    if (typeof o.batchId === 'number') add(`/batches/${o.batchId}`);
    for (const [k, x] of Object.entries(o)) walk(x, k);
  };
  walk(json, '');
  return out;
}

/** Breadth-first over every public answer an anonymous reader can reach. */
async function crawl(starts: string[], limit = 5000): Promise<{ answers: Map<string, Answer>; followed: Set<string> }> {
  const answers = new Map<string, Answer>();
  const followed = new Set<string>();
  const queue = [...starts];
  while (queue.length && answers.size < limit) {
    const url = queue.shift()!;
    if (answers.has(url)) continue;
    const res = await request(s.app).get(url).buffer(true).parse((r, cb) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => { body += c; });
      r.on('end', () => cb(null, body));
    });
    const type = String(res.headers['content-type'] ?? '');
    const text = String(res.body ?? '');
    const cookies = res.headers['set-cookie'] as unknown as string[] | undefined;
    answers.set(url, { url, status: res.status, type, text, setCookie: cookies ?? [] });
    const next = type.startsWith('text/html') ? linksOf(url, text)
      : type.startsWith('application/json') && res.status === 200 ? idsOf(JSON.parse(text), followed)
        : [];
    for (const n of next) if (!answers.has(n)) queue.push(n);
  }
  return { answers, followed };
}

/** ISO 7064 MOD 11-2: the check character of a resident ID number. */
function residentIdValid(id: string): boolean {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...id.slice(0, 17)].reduce((acc, d, i) => acc + Number(d) * w[i]!, 0);
  return '10X98765432'[sum % 11] === id[17]!.toUpperCase();
}

/** Independent of the app's own detector (src/domain/personal-data.ts), on purpose. */
function personalDataIn(text: string, forbidden: readonly string[]): string[] {
  const found: string[] = [];
  for (const f of forbidden) if (text.includes(f)) found.push(`"${f}"`);
  // digits inside a decimal fraction (0.0123…) or inside a random token or id (a CSRF token is hex,
  // and may hold eleven digits in a row) are not numbers of their own
  for (const m of text.matchAll(/(?<![\dA-Za-z.])\d{17}[\dXx](?![\dA-Za-z])/g)) if (residentIdValid(m[0])) found.push(`resident id ${m[0]}`);
  for (const m of text.matchAll(/(?<![\dA-Za-z.])1[3-9]\d{9}(?![\dA-Za-z])/g)) found.push(`mobile ${m[0]}`);
  for (const m of text.matchAll(/(?<![\dA-Za-z.])(?:\(0\d{2,3}\)\s?|0\d{2,3}-)\d{7,8}(?![\dA-Za-z])/g)) found.push(`landline ${m[0]}`);
  for (const m of text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g)) found.push(`e-mail ${m[0]}`);
  return found;
}

describe('an anonymous reader crawling every public page and API answer', () => {
  let answers: Map<string, Answer>;
  let followed: Set<string>;
  let forbidden: string[];

  beforeAll(async () => {
    ({ answers, followed } = await crawl(['/', '/?lang=en', '/api/v1/summary', '/api/v1/villages', '/api/v1/projects', '/export/public.csv', '/export/public.csv?lang=en', '/healthz',
      '/no/such/page', '/projects/abc', '/api/v1/projects/999999', '/admin', '/dashboard']));
    // what the staff are and did: names, addresses, sessions, CSRF tokens, the audit log
    const sessions = await s.db.selectFrom('sessions').selectAll().where('user_id', 'is not', null).execute();
    const tokens = sessions.map((r) => (JSON.parse(r.data) as { csrfToken?: string }).csrfToken).filter((t): t is string => Boolean(t));
    const audit = await s.db.selectFrom('audit_log').selectAll().execute();
    forbidden = [...new Set([
      ...Object.values(PEOPLE).flatMap((p) => [p.username, p.zh, p.ip]),
      ...Object.values(PLANTED),
      ...sessions.map((r) => r.sid),
      ...tokens,
      ...audit.flatMap((r) => [r.username, r.ip, r.detail]).filter((x): x is string => typeof x === 'string' && x.length >= 6),
    ])];
    // not vacuous: the data the crawl must not show is really there
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    expect(audit.filter((r) => r.username === PEOPLE.admin.username && r.action === 'create' && r.object_type === 'user')).toHaveLength(4);
    expect(audit.filter((r) => r.ip === PEOPLE.zhang.ip).length).toBeGreaterThan(0);
    const notes = await sql<{ note: string }>`select note from milestones where note is not null`.execute(s.db);
    expect(notes.rows.length).toBeGreaterThan(0);
    expect(notes.rows[0]!.note).toContain(PLANTED.mobile);
  }, 300_000);

  test('visits many pages, follows every id of the API, in both languages', async () => {
    const ok = [...answers.values()].filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThan(150);
    expect(ok.filter((a) => /[?&]lang=en\b/.test(a.url)).length).toBeGreaterThan(50);
    const projects = (JSON.parse(answers.get('/api/v1/projects')!.text) as { projects: { id: number }[] }).projects;
    expect(projects.length).toBeGreaterThan(15);
    let batches = 0;
    for (const { id } of projects) {
      expect(answers.get(`/projects/${id}`)?.status).toBe(200);
      const detail = answers.get(`/api/v1/projects/${id}`);
      expect(detail?.status).toBe(200);
      for (const b of (JSON.parse(detail!.text) as { project: { batches: { id: number }[] } }).project.batches) {
        batches += 1;
        expect(answers.get(`/batches/${b.id}`)?.status).toBe(200);
      }
    }
    expect(batches).toBeGreaterThan(20);
    const villages = (JSON.parse(answers.get('/api/v1/villages')!.text) as { villages: { id: number }[] }).villages;
    for (const { id } of villages) expect(answers.get(`/villages/${id}`)?.status).toBe(200);
    expect([...followed].filter((u) => /^\/(?:batches|api\/v1\/projects)\/\d+$/.test(u)).length).toBeGreaterThan(40);
    expect(answers.get('/export/public.csv')?.status).toBe(200);
    // a public village note is shown, as designed: the crawl does read what staff typed
    expect(answers.get('/villages/1')?.text).toContain(VILLAGE_NOTE);
    // and the crawl met no failure
    expect([...answers.values()].filter((a) => a.status >= 500).map((a) => a.url)).toEqual([]);
  });

  test('no answer holds personal data, staff names or addresses, sessions, tokens or audit content', async () => {
    const leaks: { url: string; found: string[] }[] = [];
    for (const a of answers.values()) {
      if (/^\/assets\/chart\.umd\.min\.(?:[0-9a-f]{8}\.)?js$/.test(a.url)) continue; // the vendored library, compared byte for byte in security.test.ts and assets.test.ts
      const found = personalDataIn(a.text, forbidden);
      if (found.length) leaks.push({ url: a.url, found });
    }
    expect(leaks).toEqual([]);
  });

  test('no anonymous answer sets a session cookie, except a page with a form that needs one', async () => {
    const withSession = [...answers.values()].filter((a) => a.setCookie.some((c) => c.startsWith('tracker.sid=')));
    for (const a of withSession) expect({ url: a.url, form: /name="_csrf"/.test(a.text) }).toEqual({ url: a.url, form: true });
    // sign-in, and the residents' anonymous forms (a message, a rating), whose CSRF token and fill time live in the session
    const FORM_PAGES = ['/login', '/feedback/new', '/feedback/rate'];
    for (const a of withSession) expect({ url: a.url, formPage: FORM_PAGES.includes(a.url.split('?')[0]!) }).toEqual({ url: a.url, formPage: true });
    // the only other cookie is the remembered language of an explicit switch
    const others = [...answers.values()].flatMap((a) => a.setCookie.filter((c) => !c.startsWith('tracker.sid=')).map((c) => ({ url: a.url, name: c.split('=')[0] })));
    for (const o of others) expect(o).toEqual({ url: o.url, name: 'lang' });
    for (const a of answers.values()) {
      if (!/[?&]lang=/.test(a.url) && !FORM_PAGES.includes(a.url.split('?')[0]!)) expect({ url: a.url, cookies: a.setCookie }).toEqual({ url: a.url, cookies: [] });
    }
  });
});

describe('staff cannot type personal data into free text', () => {
  const cases: { name: string; page: string; changes: Record<string, string>; field: string; message: RegExp }[] = [
    { name: 'a mobile number in a village note', page: '/admin/villages/1/edit', changes: { note: `联系人${PEOPLE.wang.zh} 138 1234 5678` }, field: 'note', message: /请删去手机号码/ },
    { name: 'a landline in a batch note', page: '/admin/batches/1/edit', changes: { note: '咨询电话 (0371) 6789 1234' }, field: 'note', message: /请删去电话号码/ },
    { name: 'an ID number in a project note', page: '/admin/projects/1/edit', changes: { note: `户主身份证 ${PLANTED.resident}` }, field: 'note', message: /请删去身份证号码/ },
    { name: 'an e-mail address as the developer', page: '/admin/projects/2/edit', changes: { developer: `联系 ${PLANTED.email}` }, field: 'developer', message: /请删去电子邮箱地址/ },
    { name: 'a full-width mobile number in a source title', page: '/admin/reports/new', changes: { scope: 'project:2', asOf: '2026-11-02', startedAreaM2: '60000', isCorrection: '', sourceTitle: '周报 联系 １３９１２３４５６７８' }, field: 'sourceTitle', message: /请删去手机号码/ },
    { name: 'a mobile number in an internal milestone note', page: '/admin/milestones/new?batch=1', changes: { target: 'batch:1', stage: 'accepted', date: '2026-11-21', note: `通知住户 ${PLANTED.mobile}` }, field: 'note', message: /请删去手机号码/ },
  ];

  test.each(cases)('$name is refused with the reason, and nothing is saved', async ({ page, changes, field, message }) => {
    const before = await s.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await submitForm(signed.zhang.agent, page, changes);
    expect(res.status).toBe(400);
    expect(res.text).toMatch(message);
    expect(res.text).toContain(`id="f-${field}-error"`);
    const after = await s.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  test('in English for an English-speaking member of staff', async () => {
    const agent = signed.emily.agent;
    const res = await submitForm(agent, '/admin/villages/1/edit?lang=en', { note: `ask ${PLANTED.email}` });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Remove the e-mail address');
  });
});

describe('signed-in pages are never cached', () => {
  const allowed = (access: Access, role: Role) => access === 'public' || access === 'signed_in' || access.includes(role);
  // served before the session is read, the same for everyone
  const SHARED = /^\/(?:healthz|favicon\.ico|assets\/)/;

  test.each(['official', 'staff', 'admin'] as const)('every GET route a signed-in %s may use sends Cache-Control: no-store', async (role) => {
    const agent: Agent = { official: signed.liu, staff: signed.zhang, admin: signed.admin }[role].agent;
    const ids: Record<string, string> = {};
    const one = async (table: 'districts' | 'villages' | 'projects' | 'batches' | 'buildings') => String((await s.db.selectFrom(table).select('id').orderBy('id').executeTakeFirstOrThrow()).id);
    for (const t of ['districts', 'villages', 'projects', 'batches', 'buildings'] as const) ids[t] = await one(t);
    // a message of this role's own, for its page (/feedback/:code) and the staff's (/admin/feedback/:id)
    const code = await submitFeedback(s.db, { scope: 'project', scopeId: Number(ids.projects), kind: 'question', category: 'other', body: `问题（${role}）` }, new Date('2026-11-25T02:00:00Z'));
    const message = (await s.db.selectFrom('feedback').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    const fill = (_param: string, pattern: string) => {
      if (pattern === '/feedback/:code') return code;
      if (pattern === '/admin/feedback/:id') return String(message);
      // /projects/:id, and the feeds' /feeds/project/:id.atom
      const m = /\/(district|village|project|batch|building)(?:e?s)?\/:id/.exec(pattern);
      return m ? ids[{ district: 'districts', village: 'villages', project: 'projects', batch: 'batches', building: 'buildings' }[m[1] as 'district']]! : 'no-such-job';
    };
    const seen: string[] = [];
    for (const [method, pattern, access] of ACCESS_RULES) {
      if (method !== 'GET' || !allowed(access, role) || SHARED.test(pattern)) continue;
      const url = concretePath(pattern, fill);
      const res = await agent.get(url);
      seen.push(url);
      expect({ url, cacheControl: res.headers['cache-control'] }).toEqual({ url, cacheControl: 'no-store' });
      // a page of an import job that does not exist is a 404 page, signed in all the same
      expect({ url, status: res.status }).toEqual({ url, status: pattern.includes('/import/status/') ? 404 : 200 });
    }
    expect(seen.length).toBeGreaterThan(role === 'official' ? 8 : 25);
  });

  test('an anonymous reader of the same public pages gets a shareable answer (no no-store)', async () => {
    const res = await newAgent(s.app).get('/projects/1');
    expect(res.headers['cache-control']).not.toBe('no-store');
  });
});

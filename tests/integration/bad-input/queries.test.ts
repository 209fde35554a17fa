// Query strings and ids of every GET route (GET_ROUTES, checked against ACCESS_RULES): each hostile
// value in each parameter the route reads is either refused with a 400 that names the parameter, or
// harmlessly ignored, as the table says for that parameter; unknown and repeated parameters are
// ignored; never a 500, never a stack, never the value reflected raw, and no data written.
import { en } from '../../../src/i18n/en';
import { zh } from '../../../src/i18n/zh';
import request from 'supertest';
import { badInputApp, type BadInputApp } from '../../helpers/bad-input-app';
import { GET_ROUTES, isIdText, type GetRoute, type ParamRule } from '../../helpers/bad-input-routes';
import { HOSTILE, leaks, reflectsRaw, SCRIPT, type HostileValue } from '../../helpers/bad-input-values';
import { csrfOf } from '../../helpers/sign-in';
import { concretePath } from '../../helpers/routes';
import { snapshotData } from '../../helpers/staff-app';

let b: BadInputApp;
let jobId: string;
let before: Record<string, unknown[]>;

/** A finished import job of the staff user (an export of the projects, imported back unchanged). */
async function finishedJob(): Promise<string> {
  const staff = b.agents.staff;
  const file = await staff.get('/admin/export?format=csv&table=projects').buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
  const token = csrfOf((await staff.get('/admin/import')).text);
  const preview = await staff.post('/admin/import/preview').field('_csrf', token).attach('files', file.body as Buffer, 'projects.csv');
  expect(preview.status).toBe(200);
  const upload = /name="upload" value="([^"]+)"/.exec(preview.text)![1]!;
  const commit = await staff.post('/admin/import/commit').type('form').send({ _csrf: token, upload });
  const id = /\/admin\/import\/status\/([^/?]+)$/.exec(commit.headers.location as string)![1]!;
  for (let i = 0; i < 200; i++) {
    if ((await staff.get(`/admin/import/status/${id}?format=json`)).body.state !== 'running') break;
  }
  return id;
}

beforeAll(async () => {
  b = await badInputApp();
  jobId = await finishedJob();
  before = await snapshotData(b.s.db);
});
afterAll(async () => {
  await b.s.close();
});


const fill = (r: GetRoute) => (param: string, pattern: string) => (pattern === '/admin/import/status/:id' ? jobId : b.fill(param, pattern));
/** The route's address: `query` adds to (or, with null, removes from) the parameters it always gets. */
const urlOf = (r: GetRoute, query: Record<string, readonly string[] | null> = {}, pathValue?: [string, string]) => {
  const path = concretePath(r.path, (p, pattern) => (pathValue && pathValue[0] === p ? encodeURIComponent(pathValue[1]) : fill(r)(p, pattern)));
  const q = new URLSearchParams();
  const all = { ...Object.fromEntries(Object.entries(r.with ?? {}).map(([k, v]) => [k, [v]])), ...query };
  for (const [k, vs] of Object.entries(all)) for (const v of vs ?? []) q.append(k, v);
  return q.size ? `${path}?${q}` : path;
};
const get = (r: GetRoute, url: string) => b.agentFor(r.who).get(url).redirects(0).timeout(10_000);

/** Where a 400 says which parameter it refused: the API by its identifier, a page by its label in the reader's language. */
function namesParam(res: request.Response, param: string, json: boolean): boolean {
  if (json) return typeof res.body?.fields?.[param] === 'string';
  // public pages are read without a language (Chinese), staff pages in English
  const labels = [en, zh].map((d) => (d.field as Record<string, string | undefined>)[param]).filter((l): l is string => l !== undefined);
  return labels.some((label) => res.text.includes(`<strong>${label}</strong>`));
}

/** The statuses a value in this parameter may get, and whether a 400 must name it. */
function expected(rule: ParamRule, h: HostileValue, baseline: number): number[] {
  const first = Array.isArray(h.value) ? h.value[0] : h.value;
  switch (rule.kind) {
    case 'id': return typeof first === 'string' && isIdText(first) ? [200, 404] : [400];
    case 'opaque':
    case 'asset': return [404];
    case 'ignored': return [baseline];
    case 'validated': return rule.accepts(first as string | undefined) ? [200, 404] : [400];
  }
}

describe('baseline: every GET route answers its plain address', () => {
  test.each(GET_ROUTES.map((r) => [r.path, r] as const))('GET %s', async (_path, r) => {
    const res = await get(r, urlOf(r));
    expect(res.status).toBeLessThan(300);
  });
});

describe('unknown, repeated and odd parameters are ignored', () => {
  const junk: Record<string, string[]> = {
    zz: [SCRIPT, '2'], 'a[b]': ['1'], 'a[]': ['1'], __proto__: ['x'], constructor: ['1'], hasOwnProperty: ['1'],
    lang: ['fr', SCRIPT], _csrf: ['x'], '': ['empty-name'], [SCRIPT]: ['x'], 'nul\u0000': ['\u0000'],
  };
  test.each(GET_ROUTES.map((r) => [r.path, r] as const))('GET %s', async (_path, r) => {
    const plain = await get(r, urlOf(r));
    const res = await get(r, urlOf(r, junk));
    expect({ status: res.status, leaks: leaks(res.text), raw: reflectsRaw(res.text) }).toEqual({ status: plain.status, leaks: [], raw: false });
    if (r.json && r.path !== '/healthz') expect(res.body).toEqual(plain.body);
    // an unknown language is not remembered
    expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/\blang=/);
  });
});

describe('each parameter a route reads, with every hostile value', () => {
  const cases = GET_ROUTES.flatMap((r) => Object.entries(r.params).map(([param, rule]) => [r.path, param, rule.kind, r, rule] as const));

  test.each(cases)('GET %s: %s (%s)', async (_path, param, _kind, r, rule) => {
    const baseline = (await get(r, urlOf(r))).status;
    const inPath = new RegExp(`[:*]${param}\\b`).test(r.path);
    const problems: string[] = [];
    for (const h of HOSTILE) {
      let url: string;
      if (inPath) {
        // a path segment is always there and single; an empty one is another address (`/villages/`)
        if (typeof h.value !== 'string' || h.value === '') continue;
        url = urlOf(r, {}, [param, h.value]);
      } else {
        url = urlOf(r, { [param]: h.value === undefined ? null : typeof h.value === 'string' ? [h.value] : h.value });
      }
      const res = await get(r, url);
      const allowed = expected(rule, h, baseline);
      const label = `${h.name} → ${res.status}`;
      if (!allowed.includes(res.status)) problems.push(`${label}, expected ${allowed.join(' or ')}`);
      if (res.status === 400 && !namesParam(res, param, Boolean(r.json))) problems.push(`${label} does not name ${param}`);
      if (r.json && res.status >= 400 && !/^application\/json/.test(String(res.headers['content-type']))) problems.push(`${label} is not JSON`);
      for (const l of leaks(res.text)) problems.push(`${label} leaks ${l}`);
      if (reflectsRaw(res.text)) problems.push(`${label} reflects markup raw`);
    }
    expect(problems).toEqual([]);
  });
});

test('none of these requests wrote anything (but the audit entry of a download: exports are audited by design)', async () => {
  const after = await snapshotData(b.s.db);
  const added = (after.audit_log as { action: string }[]).slice(before.audit_log!.length);
  expect(added.filter((a) => a.action !== 'export')).toEqual([]);
  expect({ ...after, audit_log: after.audit_log!.slice(0, before.audit_log!.length) }).toEqual(before);
});

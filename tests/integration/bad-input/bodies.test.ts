// Wrong content types and bodies on every POST route (POST_ROUTES): JSON, plain text and multipart
// where a form is expected, bodies over the 64 kB limit or with too many parameters, malformed
// percent-encoding, compressed bodies and unsupported encodings or character sets. Each gets a clear
// 4xx, nothing crashes, and nothing is written.
import zlib from 'node:zlib';
import type request from 'supertest';
import { badInputApp, fingerprint, type BadInputApp } from '../../helpers/bad-input-app';
import { POST_ROUTES, type PostRoute } from '../../helpers/bad-input-routes';
import { HUGE, MESSAGE, leaks, reflectsRaw } from '../../helpers/bad-input-values';
import { controlValue, errorSummary, fieldError } from '../../helpers/forms';
import { csrfFrom, newAgent, signedInAgent, type Agent } from '../../helpers/sign-in';
import { formBody } from '../../helpers/staff-forms';
import { concretePath } from '../../helpers/routes';
import { htmlLang } from '../../helpers/html';

let b: BadInputApp;
let tokens: Record<'anonymous' | 'staff' | 'admin' | 'official', string>;
let anon: Agent;

beforeAll(async () => {
  b = await badInputApp();
  anon = newAgent(b.s.app, { lang: 'en' });
  tokens = {
    anonymous: await csrfFrom(anon, '/login'),
    staff: await csrfFrom(b.agents.staff, '/account/password'),
    admin: await csrfFrom(b.agents.admin, '/account/password'),
    official: await csrfFrom(b.agents.official, '/account/password'),
  };
});
afterAll(async () => {
  await b.s.close();
});

const agentOf = async (r: PostRoute): Promise<Agent> => {
  // signing out must not end the session the other tests use
  if (r.kind === 'logout') return (await signedInAgent(b.s.app, b.s.db, 'staff', { lang: 'en' })).agent;
  return r.who === 'anonymous' ? anon : b.agents[r.who];
};
const tokenOf = async (r: PostRoute, agent: Agent) => (r.kind === 'logout' ? csrfFrom(agent, '/account/password') : tokens[r.who]);
const urlOf = (r: PostRoute) => concretePath(r.path, b.fill);

/** Sends, and tells whether any table (audit log included) changed. */
async function unchanged(send: () => PromiseLike<request.Response>): Promise<{ res: request.Response; changed: boolean }> {
  const before = await fingerprint(b.s);
  const res = await send();
  return { res, changed: (await fingerprint(b.s)) !== before };
}

/** What each route answers when its body is not read at all but the token came in the header. */
function expectEmptyBody(r: PostRoute, res: request.Response) {
  switch (r.kind) {
    case 'logout':
      expect(res.status).toBe(303); // nothing to read: signing out needs only the token
      return;
    case 'form':
    case 'resident':
    case 'feedback-step':
    case 'user-create':
    case 'password': {
      expect(res.status).toBe(400);
      const required = Object.entries(r.fields).filter(([, f]) => f.required).map(([n]) => n);
      const named = errorSummary(res.text)?.fields ?? [];
      expect(named.length).toBeGreaterThan(0);
      for (const n of required) expect({ n, named: named.includes(n) }).toEqual({ n, named: true });
      return;
    }
    case 'delete':
      // nothing read, so no version: refused before anything is deleted
      expect(res.status).toBe(400);
      expect(errorSummary(res.text)?.fields).toEqual(['form']);
      return;
    case 'user-change':
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/<p class="error-message" role="alert">Action: Enter a value/);
      return;
    case 'login':
      expect(res.status).toBe(400);
      expect(errorSummary(res.text)?.text).toMatch(/username or password is wrong/);
      return;
    case 'upload':
      expect(res.status).toBe(400);
      expect(res.text).toContain('Choose a file to import.');
      return;
    case 'commit':
      expect(res.status).toBe(400);
      expect(res.text).toContain('This upload has expired or does not exist');
  }
}

const sample = (r: PostRoute) => Object.fromEntries(Object.keys(r.fields).map((k) => [k, '1']));

describe('a body that is not a form', () => {
  const variants: [string, string, (r: PostRoute) => string][] = [
    ['JSON', 'application/json', (r) => JSON.stringify(sample(r))],
    ['plain text', 'text/plain', (r) => formBody(sample(r))],
    ['XML', 'application/xml', () => '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'],
  ];
  const cases = POST_ROUTES.flatMap((r) => variants.map(([name, type, body]) => [r.path, name, type, body, r] as const));

  test.each(cases)('POST %s with %s and the token in the header: not read; a clear answer, nothing written', async (_path, _name, type, body, r) => {
    const agent = await agentOf(r);
    const token = await tokenOf(r, agent);
    const { res, changed } = await unchanged(() => agent.post(urlOf(r)).set('Content-Type', type).set('X-CSRF-Token', token).send(body(r)));
    expectEmptyBody(r, res);
    if (r.kind !== 'logout') expect(changed).toBe(false);
    expect({ leaks: leaks(res.text), raw: reflectsRaw(res.text) }).toEqual({ leaks: [], raw: false });
  });

  test.each(cases)('POST %s with %s and no token: 403, nothing written', async (_path, _name, type, body, r) => {
    const agent = await agentOf(r);
    const { res, changed } = await unchanged(() => agent.post(urlOf(r)).set('Content-Type', type).send(body(r)));
    expect({ status: res.status, changed, leaks: leaks(res.text) }).toEqual({ status: 403, changed: false, leaks: [] });
  });

  test.each(POST_ROUTES.filter((r) => r.kind !== 'upload').map((r) => [r.path, r] as const))(
    'POST %s as multipart (only the upload reads multipart) with the token in a field and the header: not read',
    async (_path, r) => {
      const agent = await agentOf(r);
      const token = await tokenOf(r, agent);
      let req = agent.post(urlOf(r)).set('X-CSRF-Token', token).field('_csrf', token);
      for (const [k, v] of Object.entries(sample(r))) req = req.field(k, v);
      const { res, changed } = await unchanged(() => req);
      expectEmptyBody(r, res);
      if (r.kind !== 'logout') expect(changed).toBe(false);
    },
  );
});

/** The body-parser refusals: status, and a request that would otherwise be carried out. */
const PARSER_REFUSALS: [string, number, (token: string) => { headers: Record<string, string>; body: Buffer }][] = [
  ['a body over 64 kB', 413, (t) => form(formBody({ _csrf: t, note: HUGE }))],
  ['more than 300 parameters', 413, (t) => form(formBody({ _csrf: t, ...Object.fromEntries(Array.from({ length: 400 }, (_v, i) => [`p${i}`, '1'])) }))],
  ['a gzip-encoded body that is not gzip', 400, (t) => ({ headers: { ...FORM, 'Content-Encoding': 'gzip' }, body: Buffer.from(formBody({ _csrf: t, nameZh: 'x' })) })],
  ['a gzip body inflating to 10 MB', 413, (t) => ({ headers: { ...FORM, 'Content-Encoding': 'gzip' }, body: zlib.gzipSync(Buffer.concat([Buffer.from(`${formBody({ _csrf: t })}&note=`), Buffer.alloc(10 * 1024 * 1024, 0x61)])) })],
  ['an unknown content encoding', 415, (t) => ({ headers: { ...FORM, 'Content-Encoding': 'compress' }, body: Buffer.from(formBody({ _csrf: t })) })],
  ['a UTF-16 form', 415, (t) => ({ headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-16' }, body: Buffer.from(formBody({ _csrf: t }), 'utf16le') })],
];
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
function form(body: string) {
  return { headers: FORM, body: Buffer.from(body) };
}

/** Sends raw bytes (superagent would re-encode a Buffer sent as a form). */
const raw = (agent: Agent, url: string, v: { headers: Record<string, string>; body: Buffer }) => {
  let req = agent.post(url);
  for (const [k, h] of Object.entries(v.headers)) req = req.set(k, h);
  return req.serialize((x: unknown) => x as string).send(v.body as unknown as string);
};

describe('bodies the parser refuses', () => {
  const cases = POST_ROUTES.flatMap((r) => PARSER_REFUSALS.map(([name, status, make]) => [r.path, name, status, make, r] as const));

  test.each(cases)('POST %s with %s → %i, nothing written', async (_path, _name, status, make, r) => {
    const agent = await agentOf(r);
    const token = await tokenOf(r, agent);
    const { res, changed } = await unchanged(() => raw(agent, urlOf(r), make(token)));
    expect({ status: res.status, changed }).toEqual({ status, changed: false });
    if (r.kind === 'logout') expect((await agent.get('/account/password')).status).toBe(200); // still signed in
  });

  // A body refused by the parser (express.urlencoded) still gets the app's own error page: the page
  // locals are set before the body is read.
  test.each(PARSER_REFUSALS.map(([name, status, make]) => [name, status, make] as const))(
    'POST /admin/villages/new with %s → %i answers with the app\'s own error page, without a stack',
    async (_name, status, make) => {
      const res = await raw(b.agents.staff, '/admin/villages/new', make(tokens.staff));
      expect(res.status).toBe(status);
      expect(leaks(res.text)).toEqual([]);
      expect(htmlLang(res.text)).toBe('en');
      expect(res.text).toContain('<main id="main"');
    },
  );
});

describe('encodings a form may arrive in', () => {
  test('malformed percent-encoding (a lone %, escapes that are not UTF-8) is kept as the literal text sent, and judged as such', async () => {
    const body = `_csrf=${tokens.staff}&districtName=%25%&nameZh=%E4%B8&nameEn=%FF%FE&householdsEntitled=%&note=100%`;
    const { res, changed } = await unchanged(() => raw(b.agents.staff, '/admin/villages/new', form(body)));
    expect({ status: res.status, changed }).toEqual({ status: 400, changed: false });
    expect(errorSummary(res.text)?.fields).toEqual(['householdsEntitled']);
    expect(fieldError(res.text, 'householdsEntitled')).toMatch(MESSAGE.integer);
    // a value that does not decode as a whole is kept as sent (qs), even its well-formed %25
    for (const [field, typed] of [['districtName', '%25%'], ['nameZh', '%E4%B8'], ['nameEn', '%FF%FE'], ['note', '100%']]) {
      expect({ field, shown: controlValue(res.text, `f-${field}`) }).toEqual({ field, shown: typed });
    }
  });

  test('raw bytes that are not UTF-8 (GBK sent unescaped) are refused by field, not stored as \uFFFD', async () => {
    const gbkZhaoCun = Buffer.from([0xd5, 0xd4, 0xb4, 0xe5]);
    const body = Buffer.concat([Buffer.from(`_csrf=${tokens.staff}&districtName=`), gbkZhaoCun, Buffer.from('&nameZh='), gbkZhaoCun, Buffer.from('&note='), gbkZhaoCun]);
    const { res, changed } = await unchanged(() => raw(b.agents.staff, '/admin/villages/new', { headers: FORM, body }));
    expect({ status: res.status, changed }).toEqual({ status: 400, changed: false });
    expect(errorSummary(res.text)?.fields.sort()).toEqual(['districtName', 'nameZh', 'note']);
    for (const f of ['districtName', 'nameZh', 'note']) expect({ f, message: fieldError(res.text, f) }).toEqual({ f, message: expect.stringMatching(MESSAGE.encoding) });
  });

  test('a Latin-1 form (body-parser reads ISO-8859-1 as well) is decoded correctly', async () => {
    const body = `_csrf=${tokens.staff}&districtName=D&nameZh=caf%E9&householdsEntitled=x`;
    const { res, changed } = await unchanged(() => raw(b.agents.staff, '/admin/villages/new', { headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=iso-8859-1' }, body: Buffer.from(body) }));
    expect({ status: res.status, changed }).toEqual({ status: 400, changed: false });
    expect(errorSummary(res.text)?.fields).toEqual(['householdsEntitled']);
    expect(controlValue(res.text, 'f-nameZh')).toBe('café');
  });

  test.each([
    ['gzip', (s: string) => zlib.gzipSync(s)],
    ['deflate', (s: string) => zlib.deflateSync(s)],
  ])('a %s-compressed form is read like any other (and refused by field when wrong)', async (encoding, compress) => {
    const body = formBody({ _csrf: tokens.staff, districtName: '高新区', nameZh: '压缩村', householdsEntitled: '1.2万' });
    const { res, changed } = await unchanged(() => raw(b.agents.staff, '/admin/villages/new', { headers: { ...FORM, 'Content-Encoding': encoding }, body: compress(body) }));
    expect({ status: res.status, changed }).toEqual({ status: 400, changed: false });
    expect(errorSummary(res.text)?.fields).toEqual(['householdsEntitled']);
    expect(controlValue(res.text, 'f-nameZh')).toBe('压缩村');
  });

  test('an explicit UTF-8 charset is fine', async () => {
    const body = formBody({ _csrf: tokens.staff, districtName: '高新区', nameZh: '字符集村', householdsEntitled: 'NaN' });
    const { res } = await unchanged(() => raw(b.agents.staff, '/admin/villages/new', { headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' }, body: Buffer.from(body) }));
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)?.fields).toEqual(['householdsEntitled']);
  });
});

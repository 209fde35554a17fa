// The bad-input tables cover every route, parameter and form field the application has: a route, a
// query parameter or a form field added without an entry in tests/helpers/bad-input-routes.ts (and
// so without hostile input thrown at it) fails here.
import fs from 'node:fs';
import path from 'node:path';
import { ACCESS_RULES } from '../../../src/web/access';
import { GET_ROUTES, POST_ROUTES, type PostField } from '../../helpers/bad-input-routes';
import { badInputApp, type BadInputApp } from '../../helpers/bad-input-app';
import { attrsOf, formHtml } from '../../helpers/forms';
import { appRoutes } from '../../helpers/routes';

let b: BadInputApp;
beforeAll(async () => {
  b = await badInputApp();
});
afterAll(async () => {
  await b.s.close();
});

const rulePaths = (method: 'GET' | 'POST') => ACCESS_RULES.filter(([m]) => m === method).map(([, p]) => p);
const paramsOf = (pattern: string) => [...pattern.matchAll(/[:*]([A-Za-z_]\w*)/g)].map((m) => m[1]!);

describe('the tables match ACCESS_RULES and the router', () => {
  test('every POST rule has exactly one entry in POST_ROUTES, and no entry is stale', () => {
    const table = POST_ROUTES.map((r) => r.path);
    expect([...table].sort()).toEqual([...rulePaths('POST')].sort());
    expect(new Set(table).size).toBe(table.length);
  });

  test('every GET rule has exactly one entry in GET_ROUTES, and no entry is stale', () => {
    const table = GET_ROUTES.map((r) => r.path);
    expect([...table].sort()).toEqual([...rulePaths('GET')].sort());
    expect(new Set(table).size).toBe(table.length);
  });

  test('the router answers exactly the routes of the tables', () => {
    const routes = appRoutes(b.s.app).map((r) => `${r.method} ${r.path}`).sort();
    const tables = [...GET_ROUTES.map((r) => `GET ${r.path}`), ...POST_ROUTES.map((r) => `POST ${r.path}`)].sort();
    expect(routes).toEqual(tables);
  });

  test('every path parameter of a GET route is declared with its rule', () => {
    const missing = GET_ROUTES.flatMap((r) => paramsOf(r.path).filter((p) => !(p in r.params)).map((p) => `${r.path} :${p}`));
    expect(missing).toEqual([]);
  });

  test('every query and path parameter the route code reads is declared on some GET route, and none is made up', () => {
    const dir = path.join(__dirname, '../../../src/web/routes');
    const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    const read = new Set<string>();
    for (const f of files) {
      for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/req\.(?:query|params)\.(\w+)/g)) read.add(m[1]!);
    }
    read.delete('lang'); // read on every page; each GET route is tested with it
    const declared = new Set(GET_ROUTES.flatMap((r) => Object.keys(r.params).filter((p) => p !== 'path')));
    expect([...read].filter((p) => !declared.has(p)).sort()).toEqual([]);
    expect([...declared].filter((p) => !read.has(p)).sort()).toEqual([]);
  });
});

/** What the page renders for a field, to check the table's kind of each field against the form. */
function controls(form: string): Map<string, { tag: string; type: string; inputmode: string; optional: boolean }> {
  const out = new Map<string, { tag: string; type: string; inputmode: string; optional: boolean }>();
  for (const m of form.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
    const a = attrsOf(m[2]!);
    if (!a.name || a.name === '_csrf' || a.name === 'version' && a.type === 'hidden') continue;
    const id = a.id ?? '';
    const label = new RegExp(`<label[^>]*for="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(form)?.[1] ?? '';
    out.set(a.name, { tag: m[1]!, type: a.type ?? (m[1] === 'input' ? 'text' : ''), inputmode: a.inputmode ?? '', optional: /class="muted small"/.test(label) });
  }
  return out;
}

/** The control a field of each kind is rendered as. */
function rendersAs(spec: PostField): { tag: string; type?: string; inputmode?: string } {
  switch (spec.kind) {
    case 'text':
    case 'escalation': return { tag: 'input', type: 'text', inputmode: '' };
    case 'note': return { tag: 'textarea' };
    case 'integer': return { tag: 'input', type: 'text', inputmode: 'numeric' };
    case 'decimal':
    case 'rate':
    case 'area': return { tag: 'input', type: 'text', inputmode: 'decimal' };
    case 'date': return { tag: 'input', type: 'text', inputmode: '' };
    case 'choice':
    case 'ref':
    case 'id': return { tag: 'select' };
    case 'checkbox': return { tag: 'input', type: 'checkbox' };
    case 'radio': return { tag: 'input', type: 'radio' };
    case 'password': return { tag: 'input', type: 'password' };
    case 'file': return { tag: 'input', type: 'file' };
    case 'opaque': return { tag: 'input', type: 'hidden' };
  }
}

describe('each form in POST_ROUTES has exactly the fields its page renders, of the declared kind', () => {
  const pages = POST_ROUTES.filter((r) => r.kind !== 'commit' && r.kind !== 'user-change');

  test.each(pages.map((r) => [r.path, r] as const))('%s', async (_path, route) => {
    const res = await b.agentFor(route.who).get(route.page);
    expect(res.status).toBe(200);
    const action = route.path === '/logout' ? '/logout' : new RegExp(`^${route.path.replace(/:id/, '\\d+').replace(/[?]/g, '\\?')}(\\?|$)`);
    const form = formHtml(res.text, action);
    expect(form).toBeDefined();
    const rendered = controls(form!);
    expect([...rendered.keys()].sort()).toEqual(Object.keys(route.fields).sort());
    for (const [name, spec] of Object.entries(route.fields)) {
      const c = rendered.get(name)!;
      const want = rendersAs(spec);
      expect({ name, tag: c.tag, ...(want.type !== undefined ? { type: c.type } : {}), ...(want.inputmode !== undefined ? { inputmode: c.inputmode } : {}) }).toEqual({ name, ...want });
      // staff forms mark what may be left empty; the table must agree (the kind decides what "empty" means)
      if (route.kind === 'form' && spec.kind !== 'checkbox') expect({ name, optional: c.optional }).toEqual({ name, optional: !spec.required });
    }
  });

  test('the users page\'s row forms together send exactly the fields of POST /admin/users/:id', async () => {
    const route = POST_ROUTES.find((r) => r.kind === 'user-change')!;
    const html = (await b.agents.admin.get(route.page)).text;
    const names = new Set<string>();
    for (const m of html.matchAll(new RegExp(`<form\\b[^>]*action="/admin/users/${b.targetUserId}"[\\s\\S]*?</form>`, 'g'))) {
      for (const i of m[0].matchAll(/<(?:input|select)\b([^>]*)>/g)) {
        const name = attrsOf(i[1]!).name;
        if (name && name !== '_csrf') names.add(name);
      }
    }
    expect([...names].sort()).toEqual(Object.keys(route.fields).sort());
  });
});

// Every staff form (POST_ROUTES of kind `form`) × every hostile value, the value put in every field
// at once: 400, the GOV.UK error summary links to exactly the fields that refuse it and each says
// why beside the field, what was typed comes back (escaped, never raw markup), nothing leaks, and no
// table (audit log included) changes. Then the rules behind single fields: dates in the future,
// ids in the path, and the record version of edit forms.
import { badInputApp, fingerprint, type BadInputApp } from '../../helpers/bad-input-app';
import { POST_ROUTES, type PostRoute } from '../../helpers/bad-input-routes';
import {
  BAD_IDS, FUTURE_DATES, HOSTILE, MESSAGE, expectedRefusal, leaks, reflectsRaw, type HostileValue, type Refusal,
} from '../../helpers/bad-input-values';
import { controlValue, errorSummary, fieldError, hasId } from '../../helpers/forms';
import { formBody, pageForm, VALID_CHANGES, type PageForm } from '../../helpers/staff-forms';
import { concretePath } from '../../helpers/routes';
import { mainText } from '../../helpers/html';

let b: BadInputApp;
const forms = POST_ROUTES.filter((r) => r.kind === 'form');
/** Forms and confirmation pages: both read an id in the path and, when versioned, the version. */
const confirmed = POST_ROUTES.filter((r) => r.kind === 'form' || r.kind === 'delete');
const pages = new Map<string, PageForm>();

beforeAll(async () => {
  b = await badInputApp();
  for (const r of confirmed) pages.set(r.path, await pageForm(b.agents[r.who as 'staff' | 'admin'], r.page));
});
afterAll(async () => {
  await b.s.close();
});

const agentOf = (r: PostRoute) => b.agents[r.who as 'staff' | 'admin'];
/** The hidden fields a browser sends with the form: the CSRF token and, on edit forms, the version. */
const hidden = (r: PostRoute) => {
  const f = pages.get(r.path)!;
  return { _csrf: f.values._csrf!, ...(r.versioned ? { version: f.values.version! } : {}) };
};
/** Fields whose control shows what was typed (selects show an option, checkboxes a tick). */
const echoes = (kind: string) => ['text', 'note', 'integer', 'decimal', 'rate', 'area', 'date'].includes(kind);

type Body = Record<string, string | readonly string[]>;

async function post(r: PostRoute, body: Body, action = pages.get(r.path)!.action) {
  const before = await fingerprint(b.s);
  const res = await agentOf(r).post(action).type('form').send(formBody(body)).timeout(5000);
  const changed = (await fingerprint(b.s)) !== before;
  return { status: res.status, html: res.text, changed };
}

/** The GOV.UK pattern for a refused form: each problem is in the summary and beside its field. */
function checkRefusal(html: string, expected: Record<string, Refusal | RegExp>): string[] {
  const problems: string[] = [];
  const summary = errorSummary(html);
  if (!summary) return ['no error summary'];
  const want = Object.keys(expected).sort();
  if (JSON.stringify([...summary.fields].sort()) !== JSON.stringify(want)) problems.push(`summary links to ${summary.fields.join(',')}, expected ${want.join(',')}`);
  for (const [name, refusal] of Object.entries(expected)) {
    const message = refusal instanceof RegExp ? refusal : MESSAGE[refusal];
    if (!hasId(html, `f-${name}`)) problems.push(`${name}: the summary link leads nowhere`);
    // a problem of the whole form (its version) has no field to sit beside: the summary links to the form
    if (name !== 'form' && !message.test(fieldError(html, name) ?? '')) problems.push(`${name}: beside the field "${fieldError(html, name)}", expected ${message}`);
    if (!message.test(summary.text)) problems.push(`${name}: the summary does not say ${message}`);
  }
  if (reflectsRaw(html)) problems.push('markup reflected raw');
  problems.push(...leaks(html).map((l) => `leak: ${l}`));
  return problems;
}

describe('every field of every staff form refuses what it must, names itself, and keeps what was typed', () => {
  const cases = forms.flatMap((r) => HOSTILE.map((h) => [r.path, h.name, r, h] as const));

  test.each(cases)('POST %s ← %s in every field', async (_path, _name, r, h: HostileValue) => {
    const body: Body = { ...hidden(r) };
    for (const name of Object.keys(r.fields)) if (h.value !== undefined) body[name] = h.value;
    const { status, html, changed } = await post(r, body);
    const expected = Object.fromEntries(
      Object.entries(r.fields).flatMap(([name, spec]) => {
        const refusal = expectedRefusal(spec, h);
        return refusal ? [[name, refusal]] : [];
      }),
    );
    expect(Object.keys(expected).length).toBeGreaterThan(0); // else the case would test nothing
    const problems = checkRefusal(html, expected);
    for (const [name, spec] of Object.entries(r.fields)) {
      if (!echoes(spec.kind)) continue;
      const shown = controlValue(html, `f-${name}`);
      const typed = typeof h.value === 'string' ? h.value : '';
      if (shown !== typed) problems.push(`${name}: shows ${JSON.stringify(shown?.slice(0, 40))}, typed ${JSON.stringify(typed.slice(0, 40))}`);
    }
    expect({ status, changed, problems }).toEqual({ status: 400, changed: false, problems: [] });
  });
});

/** A body each form would save, so that only the field under test is wrong. */
function validBody(r: PostRoute): Body {
  const f = pages.get(r.path)!;
  const changes: Record<string, Record<string, string>> = {
    '/admin/villages/new': VALID_CHANGES.villageNew('未来'),
    '/admin/projects/new': VALID_CHANGES.projectNew('未来'),
    '/admin/projects/:id/batches/new': VALID_CHANGES.batchNew('未来'),
    '/admin/batches/:id/buildings/new': { ...VALID_CHANGES.buildingNew('99'), stage: 'foundation', stageDate: '2026-01-01' },
    '/admin/milestones/new': VALID_CHANGES.milestone(),
    '/admin/reports/new': VALID_CHANGES.report(),
    '/admin/settings': VALID_CHANGES.settings(),
  };
  return { ...f.values, ...(changes[r.path] ?? {}) };
}

describe('dates after today where the rules forbid them', () => {
  const cases = forms.flatMap((r) => Object.entries(r.fields).filter(([, s]) => s.noFuture).flatMap(([name]) => FUTURE_DATES.map((d) => [r.path, name, d, r] as const)));

  test.each(cases)('POST %s: %s = %s is refused as in the future', async (_path, name, date, r) => {
    const { status, html, changed } = await post(r, { ...validBody(r), [name]: date });
    expect({ status, changed, problems: checkRefusal(html, { [name]: /Cannot be in the future/ }) }).toEqual({ status: 400, changed: false, problems: [] });
    expect(controlValue(html, `f-${name}`)).toBe(date);
  });
});

describe('the id in the path of a form', () => {
  const withId = confirmed.filter((r) => r.path.includes(':id'));
  const cases = withId.flatMap((r) => BAD_IDS.map(([name, id]) => [r.path, name, id, r] as const));

  test.each(cases)('POST %s with %s as the id: 400 naming the id, nothing written', async (_path, _name, id, r) => {
    const url = concretePath(r.path, () => encodeURIComponent(id));
    const { status, html, changed } = await post(r, validBody(r), url);
    expect({ status, changed, leaks: leaks(html), raw: reflectsRaw(html) }).toEqual({ status: 400, changed: false, leaks: [], raw: false });
    expect(html).toMatch(/<strong>Number<\/strong>/);
  });

  test.each(withId.map((r) => [r.path, r] as const))('POST %s with a well-formed id of nothing: 404, nothing written', async (_path, r) => {
    const { status, html, changed } = await post(r, validBody(r), concretePath(r.path, () => '2147483647'));
    expect({ status, changed, leaks: leaks(html) }).toEqual({ status: 404, changed: false, leaks: [] });
  });
});

describe('the version of an edit form (optimistic locking)', () => {
  const versioned = confirmed.filter((r) => r.versioned);
  const variants: [string, number, (v: number) => string | readonly string[] | undefined][] = [
    ['missing', 400, () => undefined],
    ['empty', 400, () => ''],
    ['negative', 400, () => '-1'],
    ['full-width', 400, (v) => String.fromCharCode(...String(v).split('').map((c) => 0xff10 + Number(c)))],
    ['NaN', 400, () => 'NaN'],
    ['exponent', 400, (v) => `${v}e0`],
    ['10 digits', 400, () => '1234567890'],
    ['repeated', 400, (v) => [String(v), String(v)]],
    ['script', 400, () => '<script>alert(1)</script>'],
    ['zero (never a real version)', 409, () => '0'],
    ['a later version (stale form)', 409, (v) => String(v + 1)],
  ];
  const cases = versioned.flatMap((r) => variants.map(([name, status, make]) => [r.path, name, status, make, r] as const));

  test.each(cases)('POST %s with the version %s → %i, nothing written', async (_path, _name, want, make, r) => {
    const body = validBody(r);
    const current = Number(body.version);
    const v = make(current);
    if (v === undefined) delete body.version;
    else body.version = v;
    const { status, html, changed } = await post(r, body);
    const message = want === 409 ? /Someone else changed this record/ : /lacks its version/;
    expect({ status, changed, problems: checkRefusal(html, { form: message }) }).toEqual({ status: want, changed: false, problems: [] });
    if (want === 409) expect(mainText(html)).toContain('open the record again');
  });
});

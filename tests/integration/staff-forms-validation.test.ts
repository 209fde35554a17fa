// Bad input on every staff form: each answers 400 with an error summary naming the field, the message
// beside the field, the typed values kept, and the database unchanged. Plus the password rules.
import { closeStuck, createStaffApp, snapshotData, type StaffApp } from '../helpers/staff-app';
import { createAccount, csrfFrom, csrfOf, newAgent, signedInAgent, strongPassword, type Agent, type SignedIn } from '../helpers/sign-in';
import { controlValue, errorSummary, fieldError, formHtml, formValues, hasId } from '../helpers/forms';
import { formBody, pageForm } from '../helpers/staff-forms';
import { decodeEntities } from '../helpers/html';

const MSG = {
  required: /Enter a value/,
  integer: /Enter a whole number in plain digits/,
  number: /Enter a number in plain digits/,
  tooLong: /characters or fewer/,
  control: /invisible control or direction characters/,
  single: /Enter one value only/,
  future: /Cannot be in the future/,
  date: /Enter a real date/,
  order: /Cannot be before the/,
  notAbove: /Cannot be more than the/,
  choice: /Choose from the list/,
  min: /Must be at least/,
  max: /Must be at most/,
};

let s: StaffApp;
let staff: SignedIn;
let admin: SignedIn;
beforeAll(async () => {
  s = await createStaffApp({ env: { LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: '1000' } });
  staff = await signedInAgent(s.app, s.db, 'staff', { lang: 'en' });
  admin = await signedInAgent(s.app, s.db, 'admin', { lang: 'en' });
});
afterAll(async () => {
  // a valid settings save would hang the database (see staff-forms-submit.test.ts); none should happen here
  await closeStuck(s);
});

type Values = Record<string, string | string[]>;

interface Refusal {
  status: number;
  html: string;
}

/** Posts the page's own form with `changes`; a request that hangs fails after 5 s instead of stalling. */
async function post(agent: Agent, page: string, changes: Values, action?: string): Promise<Refusal> {
  const f = await pageForm(agent, page, action);
  // An unticked box is sent empty: otherwise every report is refused on `isCorrection` first (the bug
  // documented in staff-forms-submit.test.ts) and the rule under test is never reached.
  if (page.startsWith('/admin/reports/new') && !('isCorrection' in changes)) f.values.isCorrection = '';
  const res = await agent.post(f.action).type('form').send(formBody({ ...f.values, ...changes })).timeout(5000);
  return { status: res.status, html: res.text };
}

const isSelect = (html: string, id: string) => new RegExp(`<select\\b[^>]*\\bid="${id}"`).test(html);

/**
 * The whole GOV.UK pattern: 400, the summary links to the field and says what is wrong, the message
 * sits beside the field, what was typed is still in the inputs, and nothing was written.
 */
async function expectRefused(agent: Agent, page: string, changes: Values, field: string, message: RegExp, opts: { action?: string; keepValues?: boolean } = {}) {
  const before = await snapshotData(s.db);
  const { status, html } = await post(agent, page, changes, opts.action);
  expect({ field, status }).toEqual({ field, status: 400 });
  const summary = errorSummary(html);
  expect({ field, summary: summary?.fields }).toEqual({ field, summary: expect.arrayContaining([field]) });
  expect(summary!.text).toMatch(message);
  expect({ field, target: hasId(html, `f-${field}`) }).toEqual({ field, target: true }); // the summary link leads somewhere
  expect({ field, beside: fieldError(html, field) }).toEqual({ field, beside: expect.stringMatching(message) });
  if (opts.keepValues !== false) {
    for (const [k, v] of Object.entries(changes)) {
      if (typeof v !== 'string' || isSelect(html, `f-${k}`) || !hasId(html, `f-${k}`)) continue;
      expect({ k, kept: controlValue(html, `f-${k}`) }).toEqual({ k, kept: v });
    }
  }
  expect(await snapshotData(s.db)).toEqual(before);
  return html;
}

// Each with what the form says: the mistake when the shared rule can name it (as the importer does),
// otherwise "not a plain number". `null`: the kind's own message.
const NEGATIVE = /Cannot be negative/;
const FULL_WIDTH = /half-width\) digits/;
const THOUSANDS = /Do not use thousands separators/;
const WAN = /without 万 or 亿/;
const BAD_INTEGERS: [string, RegExp | null][] = [
  ['-5', NEGATIVE], ['NaN', null], ['Infinity', null], ['-Infinity', null], ['1e400', null], ['1e3', null], ['１２３', FULL_WIDTH], ['1,234', THOUSANDS],
  ['1.2万', WAN], ['0x10', null], ['12 3', null], ['12abc', null], ['1.5', null], ['1234567890123456', /Must be at most/],
];
const BAD_DECIMALS: [string, RegExp | null][] = [
  ['-5', NEGATIVE], ['-0.5', NEGATIVE], ['NaN', null], ['Infinity', null], ['1e400', null], ['2E5', null], ['１２３', FULL_WIDTH], ['１.５', FULL_WIDTH],
  ['1,234', THOUSANDS], ['1,234.5', THOUSANDS], ['1.2万', WAN], ['12 kg', null], ['.5', null], ['1.12345678901234567', null],
];
const BAD_TEXT: [string, string][] = [
  ['a NUL byte', 'ab\u0000c'],
  ['a right-to-left override (U+202E)', 'abc\u202Edef'],
  ['a zero-width space', 'ab\u200Bc'],
  ['a zero-width joiner', 'ab\u200Dc'],
  ['a byte-order mark (zero-width no-break space) inside the text', 'ab\uFEFFc'],
  ['a left-to-right isolate (U+2066)', 'ab\u2066c'],
  ['a bell (U+0007)', 'ab\u0007c'],
  ['a line break in a one-line field', 'ab\ncd'],
];

describe('numbers: plain ASCII digits only', () => {
  const fields: [string, string, string, 'integer' | 'decimal', () => Agent][] = [
    ['village', '/admin/villages/new', 'householdsEntitled', 'integer', () => staff.agent],
    ['project', '/admin/projects/new', 'landAreaM2', 'decimal', () => staff.agent],
    ['batch', '/admin/batches/1/edit', 'households', 'integer', () => staff.agent],
    ['building', '/admin/batches/1/buildings/new', 'floorAreaM2', 'decimal', () => staff.agent],
    ['report', '/admin/reports/new?scope=project:2', 'peopleReturned', 'integer', () => staff.agent],
    ['report', '/admin/reports/new?scope=project:2', 'startedAreaM2', 'decimal', () => staff.agent],
    ['settings', '/admin/settings', 'weight_structure', 'decimal', () => admin.agent],
    ['settings', '/admin/settings', 'staleAfterDays', 'integer', () => admin.agent],
  ];
  test.each(fields)('%s form, %s %s: every malformed number is refused, saying why', async (_form, page, field, kind, agent) => {
    for (const [v, message] of kind === 'integer' ? BAD_INTEGERS : BAD_DECIMALS) {
      const extra: Values = page.includes('villages/new') ? { nameZh: '数字村' } : {};
      await expectRefused(agent(), page, { ...extra, [field]: v }, field, message ?? (kind === 'integer' ? MSG.integer : MSG.number));
    }
  });

  test.each([
    ['/admin/batches/1/buildings/new', 'floors', '0', MSG.min],
    ['/admin/batches/1/buildings/new', 'floors', '201', MSG.max],
    ['/admin/reports/new?scope=project:2', 'publishedStartRate', '100.5%', /a percentage \(96%\)/],
    ['/admin/reports/new?scope=project:2', 'publishedStartRate', '96', /a percentage \(96%\)/],
    ['/admin/projects/new', 'landAreaM2', '1500001', MSG.max],
    ['/admin/settings', 'staleAfterDays', '0', MSG.min],
    ['/admin/settings', 'weight_finishing', '100.01', MSG.max],
  ])('%s %s = %s is out of range', async (page, field, value, message) => {
    await expectRefused(page === '/admin/settings' ? admin.agent : staff.agent, page, { [field]: value }, field, message);
  });
});

describe('text: required, length, invisible characters, repeated parameters', () => {
  const textFields: [string, string, number, Values][] = [
    ['/admin/villages/new', 'nameZh', 100, {}],
    ['/admin/projects/new', 'developer', 200, { nameZh: '文本项目', status: 'planned' }],
    ['/admin/projects/1/batches/new', 'nameZh', 100, {}],
    ['/admin/batches/1/buildings/new', 'code', 20, {}],
    ['/admin/reports/new?scope=project:2', 'sourceTitle', 300, { startedAreaM2: '1' }],
  ];

  test.each(textFields)('%s %s: invisible and control characters are refused', async (page, field, _max, extra) => {
    for (const [, v] of BAD_TEXT) await expectRefused(staff.agent, page, { ...extra, [field]: v }, field, MSG.control);
  });

  test.each(['ab\u061Ccd', 'a\u2060b', 'a\u180Eb', 'ab\u2028cd', 'ab\u2029cd'])('the invisible character in %j is refused too', async (v) => {
    await expectRefused(staff.agent, '/admin/villages/new', { nameZh: v }, 'nameZh', MSG.control);
  });

  test('a leading byte-order mark is trimmed like white space, not stored', async () => {
    const f = await pageForm(staff.agent, '/admin/villages/new');
    const res = await staff.agent.post(f.action).type('form').send(formBody({ ...f.values, nameZh: '\uFEFF修剪村 ' }));
    expect(res.status).toBe(303);
    const id = Number(/\/villages\/(\d+)/.exec(res.headers.location as string)![1]);
    expect((await s.db.selectFrom('villages').select('name_zh').where('id', '=', id).executeTakeFirstOrThrow()).name_zh).toBe('修剪村');
  });

  test.each(textFields)('%s %s: one character over %i is refused, counted in characters not bytes', async (page, field, max, extra) => {
    await expectRefused(staff.agent, page, { ...extra, [field]: '村'.repeat(max + 1) }, field, MSG.tooLong);
    await expectRefused(staff.agent, page, { ...extra, [field]: 'x'.repeat(max + 1) }, field, MSG.tooLong);
  });

  test.each(textFields)('%s %s: a repeated parameter is refused', async (page, field, _max, extra) => {
    await expectRefused(staff.agent, page, { ...extra, [field]: ['甲', '乙'] }, field, MSG.single);
  });

  test.each([
    ['/admin/villages/new', 'nameZh'],
    ['/admin/villages/new', 'districtName'],
    ['/admin/projects/1/batches/new', 'nameZh'],
    ['/admin/milestones/new', 'date'],
    ['/admin/milestones/new', 'target'],
    ['/admin/milestones/new', 'stage'],
    ['/admin/reports/new', 'scope'],
    ['/admin/reports/new?scope=project:2', 'asOf'],
    ['/admin/settings', 'weight_planned'],
    ['/admin/settings', 'staleAfterDays'],
  ])('%s: an empty %s is refused as required', async (page, field) => {
    await expectRefused(page === '/admin/settings' ? admin.agent : staff.agent, page, { [field]: '   ' }, field, MSG.required, { keepValues: false });
  });

  test('notes may span lines, but not carry control characters or run over 2000 characters', async () => {
    await expectRefused(staff.agent, '/admin/villages/new', { nameZh: '备注村', note: 'line 1\r\nline 2\u0000' }, 'note', MSG.control);
    await expectRefused(staff.agent, '/admin/villages/new', { nameZh: '备注村', note: '字'.repeat(2001) }, 'note', MSG.tooLong);
    await expectRefused(staff.agent, '/admin/milestones/new?batch=1', { stage: 'accepted', note: 'n'.repeat(501) }, 'note', MSG.tooLong);
  });

  test('a choice outside the list is refused', async () => {
    await expectRefused(staff.agent, '/admin/projects/new', { nameZh: '选择项目', kind: 'villa' }, 'kind', MSG.choice);
    await expectRefused(staff.agent, '/admin/projects/1/batches/new', { nameZh: '第十批', targetPrecision: 'week' }, 'targetPrecision', MSG.choice);
    await expectRefused(staff.agent, '/admin/batches/1/buildings/new', { stage: 'demolished' }, 'stage', MSG.choice);
    await expectRefused(staff.agent, '/admin/milestones/new', { target: 'village:1', stage: 'accepted' }, 'target', MSG.choice);
    await expectRefused(staff.agent, '/admin/milestones/new', { target: "batch:1' OR '1'='1", stage: 'accepted' }, 'target', MSG.choice);
    await expectRefused(staff.agent, '/admin/reports/new', { scope: 'batch:1', startedAreaM2: '1' }, 'scope', MSG.choice);
  });
});

describe('markup is accepted as text and escaped on output', () => {
  test('a <script> payload in a village name is stored as typed and never rendered as markup', async () => {
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;村';
    const agent = staff.agent;
    const f = await pageForm(agent, '/admin/villages/new');
    const res = await agent.post(f.action).type('form').send(formBody({ ...f.values, nameZh: payload, note: `</textarea>${payload}` }));
    expect(res.status).toBe(303);
    const id = Number(/\/villages\/(\d+)/.exec(res.headers.location as string)![1]);
    expect((await s.db.selectFrom('villages').select(['name_zh', 'note']).where('id', '=', id).executeTakeFirstOrThrow()).name_zh).toBe(payload);
    for (const url of [`/villages/${id}`, '/', '/admin', `/admin/villages/${id}/edit`, '/admin/projects/new', '/admin/reports/new', `/admin/audit?objectType=village&objectId=${id}`]) {
      const html = (await agent.get(url)).text;
      expect({ url, raw: html.includes('<script>alert') || html.includes('<img src=x') || html.includes('</textarea><script') }).toEqual({ url, raw: false });
      expect({ url, escaped: html.includes('&lt;script&gt;alert') }).toEqual({ url, escaped: true });
    }
    const edit = (await agent.get(`/admin/villages/${id}/edit`)).text;
    expect(controlValue(edit, 'f-nameZh')).toBe(payload);
    expect(controlValue(edit, 'f-note')).toBe(`</textarea>${payload}`);
  });

  test('a refused form keeps a <script> payload escaped in the input', async () => {
    const payload = '"><script>alert(1)</script>';
    const html = await expectRefused(staff.agent, '/admin/villages/new', { nameZh: payload, householdsEntitled: 'abc' }, 'householdsEntitled', MSG.integer);
    expect(html).not.toContain('<script>alert(1)');
    expect(decodeEntities(/id="f-nameZh"[^>]*/.exec(html.replace(/<input id="f-nameZh" name="nameZh" value="([^"]*)"/, 'id="f-nameZh" v="$1"'))![0])).toContain(payload);
  });
});

describe('dates', () => {
  // 2026/11/01 and 2026-1-1 are real days, read as the importer reads them (staff-forms-submit.test.ts)
  const BAD_DATES = ['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-11-01', '2026/11/31', '2026年2月30日', 'yesterday', '2026-11-01T00:00', '1900-01-01'];
  test.each([
    ['/admin/villages/new', 'demolitionDate', { nameZh: '日期村' }],
    ['/admin/projects/new', 'plannedStart', { nameZh: '日期项目', status: 'planned' }],
    ['/admin/projects/1/batches/new', 'targetDeliveryDate', { nameZh: '第十一批' }],
    ['/admin/milestones/new?batch=1', 'date', { stage: 'accepted' }],
    ['/admin/reports/new?scope=project:2', 'asOf', { startedAreaM2: '1' }],
  ])('%s %s: impossible or badly written dates are refused', async (page, field, extra) => {
    for (const d of BAD_DATES) await expectRefused(staff.agent, page, { ...extra, [field]: d }, field, d === '1900-01-01' ? /between 1950 and 2100/ : MSG.date);
    await expectRefused(staff.agent, page, { ...extra, [field]: '２０２６-１１-０１' }, field, /half-width\) digits/);
  });

  test.each([
    ['/admin/villages/new', 'demolitionDate', { nameZh: '未来村' }],
    ['/admin/projects/new', 'actualStart', { nameZh: '未来项目' }],
    ['/admin/batches/1/edit', 'actualDeliveryDate', {}],
    ['/admin/batches/1/buildings/new', 'stageDate', { stage: 'foundation' }],
    ['/admin/milestones/new?batch=1', 'date', { stage: 'accepted' }],
    ['/admin/reports/new?scope=project:2', 'asOf', { startedAreaM2: '1' }],
  ])('%s %s: a date after today (2026-11-26) is refused', async (page, field, extra) => {
    await expectRefused(staff.agent, page, { ...extra, [field]: '2026-11-27' }, field, MSG.future);
    await expectRefused(staff.agent, page, { ...extra, [field]: '2099-01-01' }, field, MSG.future);
  });

  test('planned completion before planned start, and actual completion before actual start, are refused', async () => {
    await expectRefused(staff.agent, '/admin/projects/new', { nameZh: '顺序项目', status: 'planned', plannedStart: '2026-06-01', plannedCompletion: '2026-05-31' }, 'plannedCompletion', MSG.order);
    await expectRefused(staff.agent, '/admin/projects/new', { nameZh: '顺序项目', status: 'completed', actualStart: '2024-06-01', actualCompletion: '2024-01-01' }, 'actualCompletion', MSG.order);
  });

  test('a building past "not started" needs the date it got there', async () => {
    await expectRefused(staff.agent, '/admin/batches/1/buildings/new', { stage: 'structure', stageDate: '' }, 'stageDate', /needs a date/);
  });

  test('an actual start in the future is refused (a project under construction may lack the date: sources often omit it)', async () => {
    await expectRefused(staff.agent, '/admin/projects/new', { nameZh: '开工项目', status: 'under_construction', actualStart: '2099-01-01' }, 'actualStart', /future/);
  });

  test('people fewer than households in a village are refused', async () => {
    await expectRefused(staff.agent, '/admin/villages/new', { nameZh: '人口村', householdsEntitled: '100', peopleEntitled: '99' }, 'peopleEntitled', /People cannot be fewer than households/);
  });
});

describe('reports: the figures must hang together', () => {
  const page = '/admin/reports/new?scope=project:2';
  test('delivered above started, started above planned, returned above entitled are refused', async () => {
    await expectRefused(staff.agent, page, { plannedAreaM2: '1000', startedAreaM2: '800', deliveredAreaM2: '900' }, 'deliveredAreaM2', MSG.notAbove);
    await expectRefused(staff.agent, page, { plannedAreaM2: '1000', startedAreaM2: '1000.5' }, 'startedAreaM2', MSG.notAbove);
    await expectRefused(staff.agent, page, { plannedAreaM2: '1000', deliveredAreaM2: '1001' }, 'deliveredAreaM2', MSG.notAbove);
    await expectRefused(staff.agent, page, { householdsEntitled: '10', householdsReturned: '11' }, 'householdsReturned', MSG.notAbove);
    await expectRefused(staff.agent, page, { peopleEntitled: '10', peopleReturned: '11' }, 'peopleReturned', MSG.notAbove);
  });

  test('a report with no figure at all is refused', async () => {
    await expectRefused(staff.agent, page, { sourceTitle: '空报告' }, 'startedAreaM2', /at least one figure/);
  });

  test('a cumulative figure below the previous report is refused without the correction box', async () => {
    // the district's 2023-11-08 report has 14,740,000 m² started
    await expectRefused(staff.agent, '/admin/reports/new?scope=district:1', { asOf: '2026-11-01', startedAreaM2: '1000' }, 'startedAreaM2', /Lower than the previous report/);
    await expectRefused(staff.agent, '/admin/reports/new?scope=district:1', { asOf: '2026-11-01', peopleReturned: '100000' }, 'peopleReturned', /Lower than the previous report/);
  });

  test('a back-dated figure above the next report is refused without the correction box', async () => {
    // the district's 2023-11-08 report has 14,740,000 m² started: a 2023-01-01 report cannot have more
    await expectRefused(staff.agent, '/admin/reports/new?scope=district:1', { asOf: '2023-01-01', startedAreaM2: '14740001' }, 'startedAreaM2', /Higher than a later report/);
  });

  test('a correction without a reason is refused', async () => {
    await expectRefused(staff.agent, '/admin/reports/new?scope=district:1', { asOf: '2026-11-01', startedAreaM2: '1000', isCorrection: 'on', correctionReason: '' }, 'correctionReason', /needs a reason/);
  });

  test('the same lower figure is accepted as a correction with a reason, and kept as history', async () => {
    const before = await s.db.selectFrom('progress_reports').selectAll().execute();
    const f = await pageForm(staff.agent, '/admin/reports/new?scope=district:1');
    const res = await staff.agent.post(f.action).type('form').send(formBody({ ...f.values, asOf: '2026-11-01', startedAreaM2: '14000000', isCorrection: 'on', correctionReason: '原数据含配套商业面积' }));
    expect(res.status).toBe(303);
    const after = await s.db.selectFrom('progress_reports').selectAll().execute();
    expect(after.slice(0, before.length)).toEqual(before); // never overwritten
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({ scope_type: 'district', district_id: 1, started_area_m2: 14000000, is_correction: 1, correction_reason: '原数据含配套商业面积' });
  });
});

describe('settings: stage weights must rise from 0 to 100', () => {
  test('a weight below the one before is named beside its field', async () => {
    await expectRefused(admin.agent, '/admin/settings', { weight_structure: '5' }, 'weight_structure', /rise from 0/);
  });

  test.each([
    ['a weight below the one before', { weight_structure: '5' }],
    ['"not started" above 0', { weight_planned: '1' }],
    ['"delivered" below 100', { weight_delivered: '99' }],
    ['weights falling near the end', { weight_accepted: '80' }],
  ])('%s is refused (400), the summary says so, and nothing is saved', async (_name, changes) => {
    const before = await snapshotData(s.db);
    const { status, html } = await post(admin.agent, '/admin/settings', changes);
    expect(status).toBe(400);
    expect(errorSummary(html)?.text).toMatch(/Stage weights|rise from 0/);
    for (const [k, v] of Object.entries(changes)) expect(controlValue(html, `f-${k}`)).toBe(v);
    expect(await snapshotData(s.db)).toEqual(before);
  });
});

describe('users: the create form', () => {
  test.each([
    ['username', { username: 'ab' }, /A username is 3–64 letters/],
    ['username', { username: 'has space' }, /A username is 3–64 letters/],
    ['username', { username: 'nul\u0000name' }, MSG.control],
    ['username', { username: 'x'.repeat(65) }, MSG.tooLong],
    ['username', { username: ['one_name', 'two_name'] }, MSG.single],
    ['role', { username: 'role_test', role: 'root' }, MSG.choice],
    ['password', { username: 'pw_short', password: 'Ab1!short' }, /at least 12 characters/],
    ['password', { username: 'pw_common1', password: 'password1234' }, /common password/],
    ['password', { username: 'pw_common2', password: 'qwerty123456' }, /common password/],
    ['password', { username: 'pw_common3', password: 'woaini1314520' }, /common password/],
    ['password', { username: 'pw_repeat', password: 'aaaaaaaaaaaaaaaa' }, /common password/],
    ['password', { username: 'zhangwei', password: 'Zhangwei-2024-home' }, /cannot contain the username/],
    ['password', { username: 'pw_long', password: 'L0ng!'.repeat(30) }, /at most 128 characters/],
  ] as const)('%s: %j is refused', async (field, changes, message) => {
    const values = { role: 'staff', password: strongPassword(), ...changes } as Values;
    const html = await expectRefused(admin.agent, '/admin/users', values, field, message, { action: '/admin/users', keepValues: false });
    if (typeof values.username === 'string' && field !== 'username') expect(controlValue(html, 'f-username')).toBe(values.username);
    // a password is never written back into the page
    expect(controlValue(html, 'f-password')).toBe('');
    if (typeof values.password === 'string') expect(html).not.toContain(values.password);
  });
});

describe('changing one\'s own password', () => {
  let me: SignedIn;
  beforeAll(async () => {
    me = await signedInAgent(s.app, s.db, 'staff', { lang: 'en', username: 'li_ming' });
  });
  const change = async (body: Record<string, string>) => {
    const page = await me.agent.get('/account/password');
    const before = await snapshotData(s.db, ['users']);
    const res = await me.agent.post('/account/password').type('form').send({ _csrf: csrfOf(page.text), ...body });
    expect(await snapshotData(s.db, ['users'])).toEqual(before);
    return res;
  };

  test.each([
    ['currentPassword', () => ({ currentPassword: '', newPassword: 'Good-New-Password-1', confirmPassword: 'Good-New-Password-1' }), MSG.required],
    ['newPassword', () => ({ currentPassword: me.password, newPassword: '', confirmPassword: '' }), MSG.required],
    ['confirmPassword', () => ({ currentPassword: me.password, newPassword: 'Good-New-Password-1', confirmPassword: 'Good-New-Password-2' }), /two new passwords differ/],
    ['newPassword', () => ({ currentPassword: me.password, newPassword: 'Short-1!', confirmPassword: 'Short-1!' }), /at least 12 characters/],
    ['newPassword', () => ({ currentPassword: me.password, newPassword: 'password1234', confirmPassword: 'password1234' }), /common password/],
    ['newPassword', () => ({ currentPassword: me.password, newPassword: 'qwerty123456', confirmPassword: 'qwerty123456' }), /common password/],
    ['newPassword', () => ({ currentPassword: me.password, newPassword: 'Li_Ming-Password-9', confirmPassword: 'Li_Ming-Password-9' }), /cannot contain the username/],
    ['newPassword', () => ({ currentPassword: me.password, newPassword: me.password, confirmPassword: me.password }), /must differ from the current one/],
    ['currentPassword', () => ({ currentPassword: 'Not-My-Password-1', newPassword: 'Good-New-Password-1', confirmPassword: 'Good-New-Password-1' }), /current password is wrong/],
  ] as const)('%s: refused (400) with the message beside it', async (field, body, message) => {
    const b = body();
    const res = await change(b);
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)?.fields).toContain(field);
    expect(hasId(res.text, `f-${field}`)).toBe(true);
    expect(fieldError(res.text, field)).toMatch(message);
    for (const v of Object.values(b)) if (v) expect(res.text).not.toContain(`value="${v}"`);
  });
});

describe('等保 mode (PASSWORD_POLICY=dengbao)', () => {
  let d: StaffApp;
  let dAdmin: SignedIn;
  beforeAll(async () => {
    d = await createStaffApp({ env: { PASSWORD_POLICY: 'dengbao', LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: '1000' } });
    dAdmin = await signedInAgent(d.app, d.db, 'admin', { lang: 'en' });
  });
  afterAll(async () => {
    await d.close();
  });

  const createUser = async (username: string, password: string) => {
    const page = await dAdmin.agent.get('/admin/users');
    return dAdmin.agent.post('/admin/users').type('form').send({ _csrf: csrfOf(page.text), username, role: 'staff', password });
  };

  test.each([
    ['one class', 'onlylowercaseletters'],
    ['two classes (small letters, digits)', 'lowercase123456'],
    ['two classes (capitals, symbols)', 'UPPERCASE-!-ONLY'],
    ['two classes (digits, symbols)', '1234-5678-9012-!'],
  ])('a password with %s is refused', async (_n, password) => {
    const res = await createUser(`dengbao_${password.length}_${password.charCodeAt(0)}`, password);
    expect(res.status).toBe(400);
    expect(fieldError(res.text, 'password')).toMatch(/at least three of/);
  });

  test('three classes are enough (and the same password passes ASVS mode too)', async () => {
    expect((await createUser('dengbao_ok', 'Lowercase123456')).status).toBe(303);
  });

  test('a password changed 91 days ago must be changed: sign-in and every signed-in page lead to /account/password', async () => {
    const password = strongPassword();
    const id = await createAccount(d.db, { username: 'expired_pw', password, role: 'staff' });
    await d.db.updateTable('users').set({ password_changed_at: new Date(Date.now() - 91 * 86400_000).toISOString() }).where('id', '=', id).execute();
    const agent = newAgent(d.app, { lang: 'en' });
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: 'expired_pw', password });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account/password');
    for (const url of ['/admin', '/admin/milestones/new', '/admin/audit', '/admin/villages/1/edit']) {
      const r = await agent.get(url);
      expect({ url, status: r.status, location: r.headers.location }).toEqual({ url, status: 303, location: '/account/password' });
    }
    // a write is not carried out either
    const before = await snapshotData(d.db);
    const post = await agent.post('/admin/milestones/new').type('form').send({ _csrf: token, target: 'batch:1', stage: 'accepted', date: '2026-11-20' });
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe('/account/password');
    expect(await snapshotData(d.db)).toEqual(before);
    // public pages stay open
    expect((await agent.get('/')).status).toBe(200);
    const page = await agent.get('/account/password');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Set a new password before you continue.');
    // changing it lets the user in
    const next = strongPassword();
    const changed = await agent.post('/account/password').type('form').send({ _csrf: csrfOf(page.text), currentPassword: password, newPassword: next, confirmPassword: next });
    expect(changed.status).toBe(200);
    expect((await agent.get('/admin')).status).toBe(200);
  });

  test('a password changed 89 days ago has not expired', async () => {
    const password = strongPassword();
    const id = await createAccount(d.db, { username: 'fresh_pw', password, role: 'staff' });
    await d.db.updateTable('users').set({ password_changed_at: new Date(Date.now() - 89 * 86400_000).toISOString() }).where('id', '=', id).execute();
    const agent = newAgent(d.app);
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: 'fresh_pw', password });
    expect(res.headers.location).toBe('/admin');
  });

  test('under ASVS mode the same 91-day-old password has not expired', async () => {
    const password = strongPassword();
    const id = await createAccount(s.db, { username: 'asvs_old_pw', password, role: 'staff' });
    await s.db.updateTable('users').set({ password_changed_at: new Date(Date.now() - 400 * 86400_000).toISOString() }).where('id', '=', id).execute();
    const agent = newAgent(s.app);
    const token = await csrfFrom(agent, '/login');
    expect((await agent.post('/login').type('form').send({ _csrf: token, username: 'asvs_old_pw', password })).headers.location).toBe('/admin');
  });

  test('a password reset by an administrator must be changed at the next sign-in', async () => {
    const password = strongPassword();
    const id = await createAccount(d.db, { username: 'was_reset', password: strongPassword(), role: 'staff' });
    const page = await dAdmin.agent.get('/admin/users');
    const version = String((await d.db.selectFrom('users').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
    // role: '' works around the users-page bug (see staff-forms-submit.test.ts)
    const r = await dAdmin.agent.post(`/admin/users/${id}`).type('form').send({ _csrf: csrfOf(page.text), version, action: 'reset_password', role: '', password });
    expect(r.status).toBe(303);
    const agent = newAgent(d.app);
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: 'was_reset', password });
    expect(res.headers.location).toBe('/account/password');
    expect((await agent.get('/admin')).headers.location).toBe('/account/password');
  });
});

test('the users page forms are found (sanity check of the helpers)', async () => {
  const html = (await admin.agent.get('/admin/users')).text;
  expect(Object.keys(formValues(formHtml(html, '/admin/users')!))).toEqual(expect.arrayContaining(['_csrf', 'username', 'role', 'password']));
});

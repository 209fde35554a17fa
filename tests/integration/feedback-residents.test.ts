// A resident is heard without an account: the message form, its refusals (personal data, the
// honeypot, too fast, repeated, oversized, too many from one address), the tracking page, and
// satisfaction once keys are handed over. Runs on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
import { createStaffApp, memoryLogger, tableCounts, type StaffApp } from '../helpers/staff-app';
import { csrfOf, newAgent, type Agent } from '../helpers/sign-in';
import { controlValue, errorSummary, fieldError } from '../helpers/forms';
import { mainText } from '../helpers/html';
import { recordHouseholds } from '../../src/services/household.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';

let s: StaffApp;
/** The app's clock (received times, the minimum fill time); AS_OF, the site's today, is 2026-11-26. */
let clock = new Date('2026-11-26T02:00:00Z');
const tick = (ms: number) => { clock = new Date(clock.getTime() + ms); };

beforeAll(async () => {
  s = await createStaffApp({ now: () => clock, env: { FEEDBACK_MIN_FILL_SECONDS: '4', FEEDBACK_PER_HOUR: '0' } });
});
afterAll(async () => {
  await s.close();
});

const counts = () => tableCounts(s.db, ['feedback', 'satisfaction_ratings', 'audit_log']);

/** A resident's browser on the form page of `scope` (`batch=1`), its token read from the form. */
async function openForm(scope = 'batch=1', agent: Agent = newAgent(s.app)): Promise<{ agent: Agent; token: string; html: string }> {
  const res = await agent.get(`/feedback/new?${scope}`);
  expect(res.status).toBe(200);
  return { agent, token: csrfOf(res.text), html: res.text };
}

const send = (f: { agent: Agent; token: string }, body: Record<string, string>, scope = 'batch=1') =>
  f.agent.post(`/feedback/new?${scope}`).type('form').send({ _csrf: f.token, messageKind: 'complaint', category: 'delay', website: '', ...body });

describe('leaving a message', () => {
  test('the form names where the message goes, asks for no personal data, and is not cached', async () => {
    const { html, agent } = await openForm();
    const res = await agent.get('/feedback/new?batch=1');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(mainText(html)).toMatch(/关于：.*赵村.*›\s*第一批/);
    expect(mainText(html)).toContain('不要写姓名、电话、身份证号或房号');
    // the honeypot is there for scripts, out of sight and out of the tab order for people
    expect(html).toMatch(/<div class="hp" aria-hidden="true">[\s\S]*name="website"[^>]*tabindex="-1"/);
  });

  test('sent too soon after the form was shown: refused, the text kept; a few seconds later it is received', async () => {
    const form = await openForm();
    const before = await counts();
    tick(1000);
    const early = await send(form, { body: '第一批原定2023年底交房，现在还没有消息' });
    expect(early.status).toBe(400);
    expect(errorSummary(early.text)?.text).toContain('提交得太快了');
    expect(controlValue(early.text, 'f-body')).toBe('第一批原定2023年底交房，现在还没有消息');
    expect(await counts()).toEqual(before);

    tick(4000);
    // kept to the minute only: a finer time could be matched with a proxy's log of addresses
    const sentAt = new Date(Math.floor(clock.getTime() / 60_000) * 60_000).toISOString();
    const ok = await send(form, { body: '第一批原定2023年底交房，现在还没有消息' });
    expect(ok.status).toBe(303);
    const code = /^\/feedback\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$/.exec(String(ok.headers.location))![1]!;
    const page = await form.agent.get(String(ok.headers.location));
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain(`data-code="${code}"`); // said once, on the page after sending
    expect(mainText(page.text)).toMatch(/处理状态\s*已收到/);
    // received Thursday 26 Nov; 10 working days (the default) later is Thursday 10 Dec
    expect(mainText(page.text)).toContain('按规定应在 2026年12月10日 前答复');
    // stored as sent, with only a hash of the code, and nothing about the sender; no audit row (it would hold an address)
    const row = await s.db.selectFrom('feedback').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ scope_type: 'batch', scope_id: 1, kind: 'complaint', category: 'delay', status: 'received', body: '第一批原定2023年底交房，现在还没有消息', received_at: sentAt });
    expect(JSON.stringify(row)).not.toContain(code.replaceAll('-', ''));
    expect(Object.keys(row).filter((k) => /ip|address|name|phone|user/.test(k))).toEqual([]);
    expect((await counts()).audit_log).toBe(before.audit_log);
    // the page again: no longer "received just now", the code still shown
    const again = await form.agent.get(String(ok.headers.location));
    expect(again.text).not.toContain('data-code=');
    expect(again.text).toContain(code);
  });

  test.each([
    ['a mobile number', '电话 139 1234 5678，交房拖了两年', '请删去手机号码'],
    ['a name', '我叫王小明，想问交房时间', '请删去姓名'],
    ['a flat number', '8栋1203室墙面开裂', '请删去房号'],
    ['an ID number', '身份证 11010519491231002X', '请删去身份证号码'],
  ])('a message holding %s is refused with the reason beside it, the text kept, nothing stored', async (_what, body, reason) => {
    const form = await openForm();
    tick(5000);
    const before = await counts();
    const res = await send(form, { body });
    expect(res.status).toBe(400);
    expect(fieldError(res.text, 'body')).toContain(reason);
    expect(errorSummary(res.text)?.fields).toEqual(['body']);
    expect(controlValue(res.text, 'f-body')).toBe(body);
    expect(await counts()).toEqual(before);
  });

  test('sent from a form this session was never shown (it expired, or a script posts straight away): asked to send again, then received', async () => {
    const agent = newAgent(s.app);
    // a token of this session, from another page's form: the feedback form's clock never started
    const token = csrfOf((await agent.get('/login')).text);
    const before = await counts();
    const res = await send({ agent, token }, { body: '电梯井积水' });
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)?.text).toContain('已经过期');
    expect(controlValue(res.text, 'f-body')).toBe('电梯井积水');
    expect(await counts()).toEqual(before);
    // the refusal started the clock: a few seconds later the same form goes through
    tick(5000);
    expect((await send({ agent, token }, { body: '电梯井积水' })).status).toBe(303);
  });

  test('a form left open past the session\'s life (its session gone): shown again with the text and a new token, nothing stored; then it goes through', async () => {
    const form = await openForm();
    await s.db.deleteFrom('sessions').execute(); // as if 30 idle minutes had passed
    tick(5000);
    const before = await counts();
    const res = await send(form, { body: '地下车库积水' });
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)?.text).toContain('已经过期');
    expect(controlValue(res.text, 'f-body')).toBe('地下车库积水');
    expect(await counts()).toEqual(before);
    tick(5000);
    expect((await send({ agent: form.agent, token: csrfOf(res.text) }, { body: '地下车库积水' })).status).toBe(303);
    // a made-up token with a live session is still a plain 403
    const live = await openForm();
    expect((await send({ agent: live.agent, token: 'forged' }, { body: '伪造' })).status).toBe(403);
  });

  test('the tracking code never reaches the log, nor the session', async () => {
    const logged = memoryLogger('info');
    const own = await createStaffApp({ now: () => clock, logger: logged.logger, env: { FEEDBACK_MIN_FILL_SECONDS: '0', LOG_LEVEL: 'info' } });
    try {
      const agent = newAgent(own.app);
      const token = csrfOf((await agent.get('/feedback/new?batch=1')).text);
      const sent = await agent.post('/feedback/new?batch=1').type('form').send({ _csrf: token, messageKind: 'question', category: 'other', body: '问一下', website: '' });
      const code = String(sent.headers.location).split('/').pop()!;
      expect((await agent.get(`/feedback/${code}`)).status).toBe(200);
      expect((await agent.get(`/feedback?tracking=${code.toLowerCase()}`)).status).toBe(200);
      const text = logged.text();
      expect(text).toContain('/feedback/[redacted]');
      expect(text).toContain('tracking=%5Bredacted%5D');
      for (const form of [code, code.replaceAll('-', ''), code.toLowerCase()]) expect(text).not.toContain(form);
      const sessions = JSON.stringify(await own.db.selectFrom('sessions').selectAll().execute());
      expect(sessions).not.toContain(code.replaceAll('-', ''));
      expect(sessions).not.toContain(code);
    } finally {
      await own.close();
    }
  });

  test('a filled honeypot is refused, the text kept, nothing stored', async () => {
    const form = await openForm();
    tick(5000);
    const before = await counts();
    const res = await send(form, { body: '楼道灯坏了', website: 'http://spam.example' });
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)?.text).toContain('浏览器自动填写了表单里一个隐藏的栏目');
    expect(controlValue(res.text, 'f-body')).toBe('楼道灯坏了');
    expect(await counts()).toEqual(before);
  });

  test('the same text about the same place again is refused as a repeat, also when ten residents send it at once', async () => {
    const forms = await Promise.all(Array.from({ length: 10 }, () => openForm('project=1')));
    tick(5000);
    const before = await counts();
    const body = `小区南门的路灯不亮 ${clock.getTime()}`;
    const results = await Promise.all(forms.map((form) => send(form, { body }, 'project=1')));
    expect(results.map((r) => r.status).sort()).toEqual([303, ...Array<number>(9).fill(400)]);
    expect(results.filter((r) => r.status === 400).every((r) => fieldError(r.text, 'body')?.includes('最近已经提交过'))).toBe(true);
    expect((await counts()).feedback).toBe(before.feedback! + 1);
    // the same words about another place are another message
    const elsewhere = await openForm('batch=1');
    tick(5000);
    expect((await send(elsewhere, { body }, 'batch=1')).status).toBe(303);
  });

  test('oversized: 2,001 characters are refused by field; a body over 64 kB by the parser; nothing stored either way', async () => {
    const form = await openForm();
    tick(5000);
    const before = await counts();
    const long = await send(form, { body: '长'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(fieldError(long.text, 'body')).toContain('不能超过 2000 个字符');
    expect(controlValue(long.text, 'f-body')).toBe('长'.repeat(2001));
    const huge = await send(form, { body: 'x'.repeat(70_000) });
    expect(huge.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  test('where a message goes: unknown → 404, malformed → 400 naming it, two places → 400; without one the page says where to start', async () => {
    const agent = newAgent(s.app);
    expect((await agent.get('/feedback/new?building=2147483647')).status).toBe(404);
    const bad = await agent.get('/feedback/new?batch=abc');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<strong>批次</strong>');
    const two = await agent.get('/feedback/new?batch=1&project=1');
    expect(two.status).toBe(400);
    const none = await agent.get('/feedback/new');
    expect(none.status).toBe(200);
    expect(mainText(none.text)).toContain('请先打开您要留言的项目、批次或楼栋的页面');
    expect(none.text).not.toContain('name="body"');
    // and posting without a place keeps the text, naming the problem
    const form = await openForm();
    tick(5000);
    const res = await form.agent.post('/feedback/new').type('form').send({ _csrf: form.token, messageKind: 'question', category: 'other', body: '想问一下', website: '' });
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)?.text).toContain('请从项目、批次或楼栋的页面打开留言表单');
  });

  test('no token: 403, nothing stored (the refusal itself is audited, without the text)', async () => {
    // a minute of its own on the refusal log's clock, so that its row is written now, not counted with others
    tick(60_000);
    const before = await counts();
    const res = await newAgent(s.app).post('/feedback/new?batch=1').type('form').send({ messageKind: 'question', category: 'other', body: '想问一下' });
    expect(res.status).toBe(403);
    const after = await counts();
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 });
    expect(after.audit_log).toBeGreaterThan(before.audit_log!);
    const last = await s.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last).toMatchObject({ action: 'csrf_failed', detail: 'POST /feedback/new' });
    expect(JSON.stringify(await s.db.selectFrom('audit_log').selectAll().execute())).not.toContain('想问一下');
  });

  test('every project, batch and building page links to the form for itself', async () => {
    for (const [page, href] of [['/projects/1', '/feedback/new?project=1'], ['/batches/1', '/feedback/new?batch=1'], ['/buildings/1', '/feedback/new?building=1']] as const) {
      const html = (await newAgent(s.app).get(page)).text;
      expect({ page, link: new RegExp(`href="${href.replace('?', '\\?')}"[^>]*data-feedback-link`).test(html) }).toEqual({ page, link: true });
    }
  });
});

describe('following a message by its code', () => {
  test('typed in any case, with spaces or full-width: the same message; a wrong code is the same 404 as an unknown one', async () => {
    const form = await openForm();
    tick(5000);
    const code = String((await send(form, { body: `电梯什么时候装 ${clock.getTime()}` })).headers.location).split('/').pop()!;
    const other = newAgent(s.app);
    const loose = code.toLowerCase().replaceAll('-', ' ');
    const looked = await other.get(`/feedback?tracking=${encodeURIComponent(loose)}`);
    expect(looked.status).toBe(200);
    expect(looked.text).toContain(code);
    expect((await other.get(`/feedback/${encodeURIComponent(loose)}`)).status).toBe(200);
    const wide = code.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect((await other.get(`/feedback/${encodeURIComponent(wide)}`)).status).toBe(200);
    expect((await other.get('/feedback/ZZZZ-ZZZZ-ZZZZ')).status).toBe(404);
    expect((await other.get('/feedback/nonsense')).status).toBe(404);
    const malformed = await other.get('/feedback?tracking=12345');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain('<strong>跟踪码</strong>');
  });

  test('a flood of made-up codes finds nothing and writes nothing', async () => {
    const before = await counts();
    const agent = newAgent(s.app);
    const res = await Promise.all(Array.from({ length: 200 }, (_v, i) => agent.get(`/feedback/${String(i).padStart(12, 'A')}`)));
    expect(new Set(res.map((r) => r.status))).toEqual(new Set([404]));
    expect(await counts()).toEqual(before);
  });
});

describe('satisfaction after keys are handed over', () => {
  let handed = false;
  /** Batch 2: 6 of its 20 households have their keys (once, whichever test comes first). */
  const keysHandedOver = async () => {
    if (handed) return;
    handed = true;
    await recordHouseholds(s.db, SYSTEM_ACTOR, '2026-11-26', { batchId: 2, asOf: '2026-11-20', households: 20, allocated: 20, notices: 20, handedOver: 6, movedIn: 0, certificates: 0, correctionReason: null });
  };
  const rate = async (agent: Agent, score: string) => {
    const page = await agent.get('/feedback/rate?batch=2');
    tick(5000);
    return agent.post('/feedback/rate?batch=2').type('form').send({ _csrf: csrfOf(page.text), score, website: '' });
  };

  test('not before (batch 1 has no household record): the page says why, a rating is refused, the batch page offers none', async () => {
    const agent = newAgent(s.app);
    const page = await agent.get('/feedback/rate?batch=1');
    expect(mainText(page.text)).toContain('本批次还没有交房记录');
    expect(page.text).not.toContain('name="score"');
    const token = csrfOf((await agent.get('/feedback/new?batch=1')).text);
    tick(5000);
    const before = await counts();
    const res = await agent.post('/feedback/rate?batch=1').type('form').send({ _csrf: token, score: '5', website: '' });
    expect(res.status).toBe(400);
    expect(mainText(res.text)).toContain('本批次还没有交房记录');
    expect(await counts()).toEqual(before);
    expect((await newAgent(s.app).get('/batches/1')).text).not.toContain('/feedback/rate?batch=1');
  });

  test('once keys are handed over: two residents rate 5 and 4; the batch page shows 2 ratings, mean 4.5; a second rating on one visit is refused', async () => {
    await keysHandedOver();
    expect((await newAgent(s.app).get('/batches/2')).text).toContain('href="/feedback/rate?batch=2"');
    const a = newAgent(s.app);
    const b = newAgent(s.app);
    expect((await rate(a, '5')).status).toBe(303);
    expect((await rate(b, '4')).status).toBe(303);
    const thanks = await a.get('/feedback/rate?batch=2');
    expect(mainText(thanks.text)).toContain('谢谢您的评价');
    const stored = await counts();
    const again = await a.post('/feedback/rate?batch=2').type('form').send({ _csrf: csrfOf((await a.get('/feedback/new?batch=2')).text), score: '1', website: '' });
    expect(again.status).toBe(400);
    expect(errorSummary(again.text)?.text).toContain('您这次访问已经评价过本批次');
    expect(await counts()).toEqual(stored);
    const batch = await newAgent(s.app).get('/batches/2');
    expect(mainText(batch.text)).toContain('2 人评价，平均 4.5 分');
    expect(batch.text).toMatch(/data-score="5">[\s\S]*?<progress class="bar" max="2" value="1">/);
    expect(batch.text).toMatch(/data-score="3">[\s\S]*?<progress class="bar" max="2" value="0">/);
  });

  test('a score outside 1–5 is refused by field, nothing stored', async () => {
    await keysHandedOver();
    const before = await counts();
    for (const score of ['0', '6', '4.5', '', 'five']) {
      const res = await rate(newAgent(s.app), score);
      expect({ score, status: res.status, named: errorSummary(res.text)?.fields }).toEqual({ score, status: 400, named: ['score'] });
    }
    expect(await counts()).toEqual(before);
  });
});

describe('in English', () => {
  test('the form and its refusal', async () => {
    const agent = newAgent(s.app, { lang: 'en' });
    const page = await agent.get('/feedback/new?project=1');
    expect(mainText(page.text)).toContain('Messages are anonymous');
    tick(5000);
    const res = await agent.post('/feedback/new?project=1').type('form').send({ _csrf: csrfOf(page.text), messageKind: 'question', category: 'other', body: 'my name is Li, when are keys due?', website: '' });
    expect(fieldError(res.text, 'body')).toContain('Please remove the name');
  });
});

test('FEEDBACK_PER_HOUR (here 3) messages per address and hour; the next is refused with the text kept, another address is not', async () => {
  const limited = await createStaffApp({ now: () => clock, env: { FEEDBACK_MIN_FILL_SECONDS: '0', FEEDBACK_PER_HOUR: '3' } });
  try {
    const agent = newAgent(limited.app, { ip: '203.0.113.9' });
    const token = csrfOf((await agent.get('/feedback/new?batch=1')).text);
    const statuses: number[] = [];
    // each message from a form shown for it (a form page allows one message)
    for (let i = 0; i < 4; i++) {
      const t = csrfOf((await agent.get('/feedback/new?batch=1')).text);
      statuses.push((await agent.post('/feedback/new?batch=1').type('form').send({ _csrf: t, messageKind: 'question', category: 'other', body: `问题 ${i}`, website: '' })).status);
    }
    expect(statuses).toEqual([303, 303, 303, 429]);
    const refused = await agent.post('/feedback/new?batch=1').type('form').send({ _csrf: token, messageKind: 'question', category: 'other', body: '还想问', website: '' });
    expect(refused.status).toBe(429);
    expect(controlValue(refused.text, 'f-body')).toBe('还想问');
    expect(errorSummary(refused.text)?.text).toContain('一小时内提交的次数已达上限');
    // another address is not held back
    const other = newAgent(limited.app, { ip: '198.51.100.7' });
    const t2 = csrfOf((await other.get('/feedback/new?batch=1')).text);
    expect((await other.post('/feedback/new?batch=1').type('form').send({ _csrf: t2, messageKind: 'question', category: 'other', body: '另一个问题', website: '' })).status).toBe(303);
    expect((await tableCounts(limited.db, ['feedback'])).feedback).toBe(4);
  } finally {
    await limited.close();
  }
});

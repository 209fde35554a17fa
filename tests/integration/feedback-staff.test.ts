// Staff work residents' messages: the queue with working-day deadlines an administrator sets, the
// steps (each audited, each only from the status it was read in), public Q&A, the statistics the
// public sees (worked out by hand) and the officials' dashboard. SQLite, or PostgreSQL with TEST_DATABASE_URL.
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { csrfOf, newAgent, signedInAgent, type Agent } from '../helpers/sign-in';
import { errorSummary, fieldError } from '../helpers/forms';
import { mainText } from '../helpers/html';
import { submitFeedback } from '../../src/services/feedback.service';
import { AUDIT_ACTIONS } from '../../src/web/routes/admin/audit.routes';
import { addBatch } from '../helpers/fixtures';

let s: StaffApp;
let staff: Agent;
let admin: Agent;
let official: Agent;
const clock = new Date('2026-11-26T02:00:00Z'); // AS_OF (the site's today) is Thursday 2026-11-26

beforeAll(async () => {
  s = await createStaffApp({ now: () => clock });
  staff = (await signedInAgent(s.app, s.db, 'staff')).agent;
  admin = (await signedInAgent(s.app, s.db, 'admin')).agent;
  official = (await signedInAgent(s.app, s.db, 'official')).agent;
});
afterAll(async () => {
  await s.close();
});

let n = 0;
/** A message received at `at` (10:00 China time that day) about project 2 (or `scope`), through the service as the form does. */
async function message(at: string, o: { kind?: 'question' | 'suggestion' | 'complaint'; category?: 'delay' | 'quality' | 'other'; scope?: 'project' | 'batch' | 'building'; id?: number } = {}) {
  n += 1;
  const when = at.includes('T') ? new Date(at) : new Date(`${at}T02:00:00Z`);
  const code = await submitFeedback(s.db, { scope: o.scope ?? 'project', scopeId: o.id ?? 2, kind: o.kind ?? 'question', category: o.category ?? 'delay', body: `第 ${n} 条留言` }, when);
  const id = Number((await s.db.selectFrom('feedback').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id);
  return { code, id };
}

async function step(id: number, body: Record<string, string>, agent = staff) {
  const page = await agent.get(`/admin/feedback/${id}`);
  const readIn = /name="readIn" value="([a-z]+)"/.exec(page.text)?.[1] ?? '';
  return agent.post(`/admin/feedback/${id}`).type('form').send({ _csrf: csrfOf(page.text), readIn, ...body });
}

/** The text of a fragment of HTML. */
const plain = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const auditOf = async (id: number) => (await s.db.selectFrom('audit_log').select(['action', 'username', 'before_json', 'after_json']).where('object_type', '=', 'feedback').where('object_id', '=', id).orderBy('id').execute());

describe('the queue', () => {
  test('oldest first, overdue flagged by the working-day deadlines; only staff and administrators open it', async () => {
    // Monday 2 Nov: acknowledge by Wednesday 4 Nov (2 working days), answer by Monday 16 Nov (10): both late on the 26th
    const late = await message('2026-11-02');
    // Wednesday 25 Nov: acknowledge by Friday 27 Nov: nothing late yet
    const fresh = await message('2026-11-25');
    const res = await staff.get('/admin/feedback');
    expect(res.status).toBe(200);
    const order = [...res.text.matchAll(/data-feedback="(\d+)"/g)].map((m) => Number(m[1]));
    expect(order.indexOf(late.id)).toBeLessThan(order.indexOf(fresh.id));
    const row = (id: number) => new RegExp(`<tr data-feedback="${id}"[^>]*>[\\s\\S]*?</tr>`).exec(res.text)![0];
    expect(row(late.id)).toContain('data-overdue="1"');
    expect(plain(row(late.id))).toMatch(/2026年11月4日\s*逾期[\s\S]*2026年11月16日\s*逾期/);
    expect(row(fresh.id)).not.toContain('data-overdue');
    expect(plain(row(fresh.id))).toContain('2026年11月27日');
    const overdueOnly = await staff.get('/admin/feedback?overdue=1');
    expect(overdueOnly.text).toContain(`data-feedback="${late.id}"`);
    expect(overdueOnly.text).not.toContain(`data-feedback="${fresh.id}"`);
    // the staff workspace says how many wait and how many are late
    const home = mainText((await staff.get('/admin')).text);
    expect(home).toMatch(/居民留言：\d+ 条待处理 · 其中 \d+ 条已超过时限/);
    expect((await official.get('/admin/feedback')).status).toBe(403);
    expect((await newAgent(s.app).get('/admin/feedback')).status).toBe(303);
  });

  test('days are China days: received 16:30 UTC on Wednesday 25 Nov is Thursday 26 Nov, due to be acknowledged Monday 30 Nov', async () => {
    const m = await message('2026-11-25T16:30:00Z');
    const item = mainText((await staff.get(`/admin/feedback/${m.id}`)).text);
    expect(item).toContain('2026年11月26日 00:30');
    expect(item).toMatch(/受理时限\s*2026年11月30日/);
  });

  test('a message about a building: the queue names project, batch and building; its district\'s cached pages are renewed', async () => {
    const { batchId, buildingIds } = await addBatch(s.db, { projectId: 2, sequence: 1, nameZh: '甲批', buildings: 1, stage: 'structure', stageDate: '2026-10-01', code: () => '9号楼' });
    const before = (await newAgent(s.app).get('/projects/2')).text; // now in the page cache
    const m = await message('2026-11-24', { scope: 'building', id: buildingIds[0]! });
    const row = new RegExp(`<tr data-feedback="${m.id}"[^>]*>[\\s\\S]*?</tr>`).exec((await staff.get('/admin/feedback?status=all')).text)![0];
    expect(plain(row)).toMatch(/集体经济适用房项目|安置/); // the project's name
    expect(row).toContain(`href="/batches/${batchId}">甲批</a>`);
    expect(row).toContain(`href="/buildings/${buildingIds[0]}">9号楼</a>`);
    const after = (await newAgent(s.app).get('/projects/2')).text;
    expect(plain(after)).not.toEqual(plain(before)); // the count of messages moved
  });

  test('a message renews only its district\'s feedback counter: not the data version or the district counters (the search index and the site\'s figures stay)', async () => {
    const versions = async () => ({
      data: Number((await s.db.selectFrom('data_version').select('version').executeTakeFirstOrThrow()).version),
      districts: (await s.db.selectFrom('district_versions').select(['district_id', 'version']).orderBy('district_id').execute()).map((r) => `${r.district_id}:${r.version}`),
      feedback: (await s.db.selectFrom('feedback_versions').select(['district_id', 'version']).orderBy('district_id').execute()).map((r) => [Number(r.district_id), Number(r.version)] as const),
    });
    const before = await versions();
    await message('2026-11-24');
    const after = await versions();
    expect({ data: after.data, districts: after.districts }).toEqual({ data: before.data, districts: before.districts });
    // project 2's district (the seed's one district, id 1) counted one more
    const of = (v: typeof before, d: number) => v.feedback.find(([id]) => id === d)?.[1] ?? 0;
    expect(of(after, 1)).toBe(of(before, 1) + 1);
  });

  test('an administrator sets the deadlines; the answer deadline may not be shorter than the acknowledgement\'s', async () => {
    const m = await message('2026-11-23'); // Monday
    const settings = await admin.get('/admin/settings');
    const form = Object.fromEntries([...settings.text.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    const bad = await admin.post('/admin/settings').type('form').send({ ...form, feedbackAcknowledgeDays: '5', feedbackAnswerDays: '3' });
    expect(bad.status).toBe(400);
    expect(fieldError(bad.text, 'feedbackAnswerDays')).toContain('答复时限不能短于确认收到的时限');
    const ok = await admin.post('/admin/settings').type('form').send({ ...form, feedbackAcknowledgeDays: '1', feedbackAnswerDays: '3' });
    expect(ok.status).toBe(303);
    try {
      // Monday 23 Nov + 1 working day = Tuesday 24; + 3 = Thursday 26 (not yet late on the 26th)
      const item = mainText((await staff.get(`/admin/feedback/${m.id}`)).text);
      expect(item).toMatch(/受理时限\s*2026年11月24日\s*逾期/);
      expect(item).toMatch(/答复时限\s*2026年11月26日(?!\s*逾期)/);
    } finally {
      await admin.post('/admin/settings').type('form').send({ ...form, _csrf: csrfOf((await admin.get('/admin/settings')).text) });
    }
  });
});

describe('the steps of a message', () => {
  test('acknowledge, answer, publish: each audited with who and what changed; the resident sees the answer, the public the Q&A', async () => {
    const m = await message('2026-11-24', { kind: 'question', category: 'other' });
    expect(mainText((await newAgent(s.app).get('/projects/2')).text)).not.toContain('第二批计划2027年6月交付。'); // cached now
    expect((await step(m.id, { action: 'acknowledge', category: 'delay' })).status).toBe(303);
    expect((await step(m.id, { action: 'answer', answer: '' })).status).toBe(400);
    const withPhone = await step(m.id, { action: 'answer', answer: '请致电 13912345678' });
    expect(withPhone.status).toBe(400);
    expect(fieldError(withPhone.text, 'answer')).toContain('请删去手机号码');
    expect((await step(m.id, { action: 'answer', answer: '第二批计划2027年6月交付。' })).status).toBe(303);
    expect((await step(m.id, { action: 'publish' })).status).toBe(303);

    const audit = await auditOf(m.id);
    expect(audit.map((a) => a.action)).toEqual(['acknowledge_feedback', 'answer_feedback', 'publish_feedback']);
    expect(new Set(audit.map((a) => a.username)).size).toBe(1);
    expect(JSON.parse(audit[0]!.before_json!)).toMatchObject({ status: 'received', category: 'other' });
    expect(JSON.parse(audit[0]!.after_json!)).toMatchObject({ status: 'acknowledged', category: 'delay' });
    for (const a of audit) expect(AUDIT_ACTIONS).toContain(a.action);

    const resident = await newAgent(s.app).get(`/feedback/${m.code}`);
    expect(mainText(resident.text)).toMatch(/处理状态\s*已答复/);
    expect(mainText(resident.text)).toContain('第二批计划2027年6月交付。');
    const qa = mainText((await newAgent(s.app).get('/feedback')).text);
    expect(qa).toContain(`第 ${n} 条留言`);
    expect(qa).toContain('第二批计划2027年6月交付。');
    // the project page (cached for anonymous readers) shows it at once: the write bumped its version
    expect(mainText((await newAgent(s.app).get('/projects/2')).text)).toContain('第二批计划2027年6月交付。');
  });

  test('a complaint is never published; closing without an answer needs a reason the resident sees', async () => {
    const m = await message('2026-11-24', { kind: 'complaint' });
    const publish = await step(m.id, { action: 'publish' });
    expect(publish.status).toBe(400);
    expect(errorSummary(publish.text)?.text).toContain('现在不能进行这一步');
    const noReason = await step(m.id, { action: 'close', closeReason: '' });
    expect(noReason.status).toBe(400);
    expect(fieldError(noReason.text, 'closeReason')).toContain('请写明原因');
    expect((await step(m.id, { action: 'close', closeReason: '与第 3 条重复' })).status).toBe(303);
    const page = mainText((await newAgent(s.app).get(`/feedback/${m.code}`)).text);
    expect(page).toMatch(/处理状态\s*已关闭/);
    expect(page).toContain('关闭原因：与第 3 条重复');
    expect((await auditOf(m.id)).map((a) => a.action)).toEqual(['close_feedback']);
  });

  test('two staff members answering at the same moment: one answer is stored, the other is told (409) with what they typed', async () => {
    const m = await message('2026-11-24');
    const other = (await signedInAgent(s.app, s.db, 'staff')).agent;
    const [a, b] = await Promise.all([step(m.id, { action: 'answer', answer: '答复丙' }), step(m.id, { action: 'answer', answer: '答复丁' }, other)]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const refused = a.status === 409 ? a : b;
    expect(refused.text).toContain(a.status === 409 ? '答复丙' : '答复丁');
    expect((await auditOf(m.id)).map((x) => x.action)).toEqual(['answer_feedback']);
  });

  test('two staff members on one message: the second, who read an older status, is told and nothing is written twice', async () => {
    const m = await message('2026-11-24');
    const page = await staff.get(`/admin/feedback/${m.id}`);
    const token = csrfOf(page.text);
    const other = (await signedInAgent(s.app, s.db, 'staff')).agent;
    expect((await step(m.id, { action: 'answer', answer: '答复甲' }, other)).status).toBe(303);
    const stale = await staff.post(`/admin/feedback/${m.id}`).type('form').send({ _csrf: token, readIn: 'received', action: 'answer', answer: '答复乙' });
    expect(stale.status).toBe(409);
    expect(mainText((await newAgent(s.app).get(`/feedback/${m.code}`)).text)).toContain('答复甲');
    expect((await auditOf(m.id)).map((a) => a.action)).toEqual(['answer_feedback']);
  });

  test('hostile input: an unknown step, a made-up status, an unknown id', async () => {
    const m = await message('2026-11-24');
    const page = await staff.get(`/admin/feedback/${m.id}`);
    const token = csrfOf(page.text);
    for (const body of [{ action: 'delete', readIn: 'received' }, { action: 'answer', readIn: 'lost', answer: 'x' }, { action: ['answer', 'close'], readIn: 'received', answer: 'x' }]) {
      const res = await staff.post(`/admin/feedback/${m.id}`).type('form').send({ _csrf: token, ...body });
      expect(res.status).toBe(400);
    }
    expect((await staff.post('/admin/feedback/2147483647').type('form').send({ _csrf: token, action: 'acknowledge', readIn: 'received' })).status).toBe(404);
    expect(await auditOf(m.id)).toEqual([]);
  });
});

describe('what the public and the officials see', () => {
  test('project 1\'s statistics, by hand: 3 received, 2 answered (2 and 4 days: median 3), 1 open past its deadline', async () => {
    const a = await message('2026-11-02', { id: 1, category: 'quality' });
    const b = await message('2026-11-10', { id: 1, scope: 'batch', category: 'delay' }); // batch 1 is in project 1
    await message('2026-11-09', { id: 1, category: 'delay' }); // answer by Mon 23 Nov: past it on the 26th
    await s.db.updateTable('feedback').set({ status: 'answered', answer: '甲', acknowledged_at: '2026-11-03T02:00:00Z', answered_at: '2026-11-04T02:00:00Z' }).where('id', '=', a.id).execute();
    await s.db.updateTable('feedback').set({ status: 'answered', answer: '乙', acknowledged_at: '2026-11-11T02:00:00Z', answered_at: '2026-11-14T02:00:00Z' }).where('id', '=', b.id).execute();
    // (2 days from 2 to 4 Nov, 4 days from 10 to 14 Nov)
    const page = mainText((await newAgent(s.app).get('/projects/1')).text);
    expect(page).toContain('收到留言 3 条，已答复 2 条，答复用时中位数 3 天，逾期未答复 1 条。');
    expect(page).toMatch(/按类别：工期延误 2 · 工程质量 1/);
  });

  test('the dashboard lists where complaints cluster and satisfaction per batch', async () => {
    // project 2 (project 1's messages are the statistics test's): three about quality, one older than 90 days
    for (const day of ['2026-11-16', '2026-11-17', '2026-11-18']) await message(day, { kind: 'complaint', category: 'quality' });
    await message('2026-06-01', { kind: 'complaint', category: 'other' });
    const res = await official.get('/dashboard');
    expect(res.status).toBe(200);
    const clusters = [...res.text.matchAll(/data-cluster="([^"]+)"/g)].map((m) => m[1]);
    expect(clusters[0]).toBe('2-quality');
    expect(clusters).not.toContain('2-other');
    expect(mainText(res.text)).toContain('3 条投诉');
    // officials are not sent to the staff queue
    expect(res.text).not.toContain('href="/admin/feedback');
  });
});

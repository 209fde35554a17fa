// Staff record a batch's household counts through the form, as a browser submits it: saved with its
// rules, refused with the field named in the reader's language and nothing written.
import request from 'supertest';
import { createStaffApp, snapshotData, type StaffApp } from '../helpers/staff-app';
import { signedInAgent, type Agent } from '../helpers/sign-in';
import { errorSummary, fieldError } from '../helpers/forms';
import { pageForm, submitForm } from '../helpers/staff-forms';
import { createBatch } from '../../src/services/batch-building.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';

let s: StaffApp;
let staff: Agent;
let staffEn: Agent;
beforeAll(async () => {
  s = await createStaffApp();
  staff = (await signedInAgent(s.app, s.db, 'staff', { lang: 'zh' })).agent;
  staffEn = (await signedInAgent(s.app, s.db, 'staff', { lang: 'en' })).agent;
});
afterAll(() => s.close());

/** Each test its own batch: the records of one test bound another's (no count may fall or exceed a later one). */
let made = 0;
const freshBatch = () => createBatch(s.db, SYSTEM_ACTOR, '2026-11-26', 1, { nameZh: `户数测试批${++made}`, nameEn: null, targetDeliveryDate: null, targetPrecision: 'day', actualDeliveryDate: null, households: null, note: null });
const rows = (batch: number) => s.db.selectFrom('household_counts').selectAll().where('batch_id', '=', batch).orderBy('as_of').execute();

test('opened from a batch, it offers that batch; a valid save leads back to the batch and says what was saved', async () => {
  const b = await freshBatch();
  const f = await pageForm(staff, `/admin/households/new?batch=${b}`, `/admin/households/new?batch=${b}`);
  expect(f.values.batchId).toBe(String(b));
  const res = await staff.post(f.action).type('form').send({ ...f.values, asOf: '2026-10-01', households: '180', allocated: '150', notices: '120', handedOver: '100', movedIn: '80', certificates: '0' });
  expect([res.status, res.headers.location]).toEqual([303, `/batches/${b}`]);
  const page = await staff.get(`/batches/${b}`);
  expect(page.text).toContain('已保存截至 2026年10月1日 的回迁户数');
  expect((await rows(b)).map((r) => [r.as_of, Number(r.households), Number(r.allocated), Number(r.handed_over), Number(r.moved_in)])).toEqual([['2026-10-01', 180, 150, 100, 80]]);
});

test('a count above the step before it is refused, named in Chinese; nothing is written', async () => {
  const b = await freshBatch();
  const before = await snapshotData(s.db);
  const res = await submitForm(staff, `/admin/households/new?batch=${b}`, { asOf: '2026-10-01', households: '50', allocated: '20', notices: '30' }, `/admin/households/new?batch=${b}`);
  expect(res.status).toBe(400);
  expect(errorSummary(res.text)!.fields).toEqual(['notices']);
  expect(fieldError(res.text, 'notices')).toBe('错误： 不能多于“累计已选房户数”。');
  expect(await snapshotData(s.db)).toEqual(before);
});

test('in English the same refusal speaks English', async () => {
  const b = await freshBatch();
  const res = await submitForm(staffEn, `/admin/households/new?batch=${b}`, { asOf: '2026-10-01', households: '50', allocated: '20', notices: '30' }, `/admin/households/new?batch=${b}`);
  expect(fieldError(res.text, 'notices')).toBe('Error: Cannot be more than “Households with a flat allocated, to date”.');
});

test('a falling count needs a reason; with one it is kept as a correction', async () => {
  const b = await freshBatch();
  const action = `/admin/households/new?batch=${b}`;
  expect((await submitForm(staff, action, { asOf: '2026-09-01', households: '40', allocated: '40', notices: '40', handedOver: '30' }, action)).status).toBe(303);
  const refused = await submitForm(staff, action, { asOf: '2026-09-15', handedOver: '25' }, action);
  expect(refused.status).toBe(400);
  expect(fieldError(refused.text, 'handedOver')).toBe('错误： 小于 2026年9月1日 的记录；如确是更正，请在“更正原因”中写明原因。');
  const saved = await submitForm(staff, action, { asOf: '2026-09-15', handedOver: '25', correctionReason: '9月1日多计5户' }, action);
  expect(saved.status).toBe(303);
  const r = await rows(b);
  // the empty counts kept the 2026-09-01 record's values
  expect(r.map((x) => [x.as_of, Number(x.households), Number(x.allocated), Number(x.handed_over), Number(x.is_correction), x.correction_reason])).toEqual([
    ['2026-09-01', 40, 40, 30, 0, null], ['2026-09-15', 40, 40, 25, 1, '9月1日多计5户'],
  ]);
});

describe('hostile and broken input', () => {
  const action = '/admin/households/new?batch=1';
  test.each([
    ['a negative count', { allocated: '-1' }, 'allocated'],
    ['a fraction', { allocated: '2.5' }, 'allocated'],
    ['a huge number', { households: '1'.repeat(40) }, 'households'],
    ['words for a number', { allocated: '很多' }, 'allocated'],
    ['a date in the future', { asOf: '2099-01-01' }, 'asOf'],
    ['an impossible date', { asOf: '2026-02-30' }, 'asOf'],
    ['a phone number in the reason', { correctionReason: '联系13812345678' }, 'correctionReason'],
    ['a batch that is not a number', { batchId: '1 or 1=1' }, 'batchId'],
  ])('%s is refused, naming the field, and writes nothing', async (_what, changes, name) => {
    const before = await snapshotData(s.db);
    const res = await submitForm(staff, action, { asOf: '2026-10-02', households: '180', ...changes }, action);
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)!.fields).toContain(name);
    expect(await snapshotData(s.db)).toEqual(before);
  });

  test('a repeated field is refused, not read as a list', async () => {
    const f = await pageForm(staff, action, action);
    const body = new URLSearchParams({ ...f.values, asOf: '2026-10-03' });
    body.append('allocated', '1');
    body.append('allocated', '2');
    const res = await staff.post(f.action).type('form').send(body.toString());
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)!.fields).toContain('allocated');
  });

  test('a batch that does not exist is not found, and nothing is written', async () => {
    const before = await snapshotData(s.db);
    const res = await submitForm(staff, action, { batchId: '999999', asOf: '2026-10-03', households: '10' }, action);
    expect(res.status).toBe(404);
    expect(await snapshotData(s.db)).toEqual(before);
  });

  test('saves in parallel for one batch and day leave one record, whole: a later save below an earlier one is a fall, refused', async () => {
    const b = await freshBatch();
    const f = await pageForm(staff, `/admin/households/new?batch=${b}`, `/admin/households/new?batch=${b}`);
    const values = Array.from({ length: 6 }, (_v, i) => 160 + i);
    const answers = await Promise.all(values.map((n) => staff.post(f.action).type('form').send({ ...f.values, asOf: '2026-11-01', households: '180', allocated: String(n) })));
    expect(answers.every((a) => a.status === 303 || a.status === 400)).toBe(true);
    const accepted = values.filter((_n, i) => answers[i]!.status === 303);
    expect(accepted.length).toBeGreaterThan(0);
    const day = await rows(b);
    expect(day).toHaveLength(1);
    // each accepted save was at least the one before it, so the record holds the largest accepted
    expect(Number(day[0]!.allocated)).toBe(Math.max(...accepted));
  });
});

test('only staff open it: a resident is sent to sign in, an official is refused', async () => {
  const anon = await request(s.app).get('/admin/households/new');
  expect(anon.status).toBe(303);
  expect(anon.headers.location).toMatch(/^\/login/);
  const official = (await signedInAgent(s.app, s.db, 'official')).agent;
  expect((await official.get('/admin/households/new')).status).toBe(403);
});

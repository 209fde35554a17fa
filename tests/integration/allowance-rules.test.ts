// Administrators keep each district's allowance rules on a page of their own; the batch pages then
// work the cost of delay out by them.
import request from 'supertest';
import { createStaffApp, snapshotData, type StaffApp } from '../helpers/staff-app';
import { signedInAgent, type Agent } from '../helpers/sign-in';
import { errorSummary, fieldError } from '../helpers/forms';
import { submitForm } from '../helpers/staff-forms';

let s: StaffApp;
let admin: Agent;
beforeAll(async () => {
  s = await createStaffApp();
  admin = (await signedInAgent(s.app, s.db, 'admin', { lang: 'zh' })).agent;
});
afterAll(() => s.close());

const rules = () => s.db.selectFrom('allowance_rules').select(['district_id', 'effective_from', 'basis', 'amount_yuan', 'min_area_m2', 'after_months', 'multiplier', 'paid_until'])
  .orderBy('effective_from').orderBy('after_months').execute();

test('a rule with its escalation is saved as one row per step, listed in words, and audited', async () => {
  const res = await submitForm(admin, '/admin/allowance', { districtId: '1', effectiveFrom: '2023-01-01', basis: 'household', amountYuan: '1200', escalation: '18×1.5, 24×2' });
  expect([res.status, res.headers.location]).toEqual([303, '/admin/allowance']);
  expect((await rules()).filter((r) => r.effective_from === '2023-01-01').map((r) => [Number(r.after_months), Number(r.multiplier), Number(r.amount_yuan), r.paid_until])).toEqual([
    [0, 1, 1200, 'handover_month'], [18, 1.5, 1200, 'handover_month'], [24, 2, 1200, 'handover_month'],
  ]);
  const page = (await admin.get('/admin/allowance')).text;
  expect(page).toContain('已保存 2023年1月1日 起施行的标准');
  expect(page).toContain('逾期 18 个月后 ×1.5');
  // the other tests save rules of other dates: this one's record is the one of 2023-01-01
  const audit = await s.db.selectFrom('audit_log').select(['action', 'object_type', 'object_id']).where('action', '=', 'save_allowance_rule').where('after_json', 'like', '%2023-01-01%').execute();
  expect(audit.map((a) => [a.object_type, Number(a.object_id)])).toEqual([['district', 1]]);
});

test('saving the same district and date again replaces the rule; removing takes it away', async () => {
  await submitForm(admin, '/admin/allowance', { districtId: '1', effectiveFrom: '2024-07-01', basis: 'm2', amountYuan: '20', minAreaM2: '60', escalation: '12×2' });
  await submitForm(admin, '/admin/allowance', { districtId: '1', effectiveFrom: '2024-07-01', basis: 'm2', amountYuan: '25', minAreaM2: '60', escalation: '' });
  expect((await rules()).filter((r) => r.effective_from === '2024-07-01').map((r) => [Number(r.after_months), Number(r.amount_yuan), Number(r.min_area_m2)])).toEqual([[0, 25, 60]]);
  await submitForm(admin, '/admin/allowance', { districtId: '1', effectiveFrom: '2024-07-01', basis: 'm2', amountYuan: '25', remove: 'on' });
  expect((await rules()).filter((r) => r.effective_from === '2024-07-01')).toEqual([]);
});

test.each([
  ['escalation in words', { escalation: '一年半后加倍' }, 'escalation'],
  ['a month named twice', { escalation: '18×1.5, 18×2' }, 'escalation'],
  ['a negative amount', { amountYuan: '-5' }, 'amountYuan'],
  ['a basis that does not exist', { basis: 'person' }, 'basis'],
  ['no date', { effectiveFrom: '' }, 'effectiveFrom'],
])('%s is refused, naming the field, and nothing is written', async (_what, changes, name) => {
  const before = await snapshotData(s.db);
  const res = await submitForm(admin, '/admin/allowance', { districtId: '1', effectiveFrom: '2022-01-01', basis: 'household', amountYuan: '1000', ...changes });
  expect(res.status).toBe(400);
  expect(errorSummary(res.text)!.fields).toEqual([name]);
  expect(await snapshotData(s.db)).toEqual(before);
});

test('the escalation\'s message says how to write it, in the page\'s language', async () => {
  const res = await submitForm(admin, '/admin/allowance', { districtId: '1', effectiveFrom: '2022-01-01', basis: 'household', amountYuan: '1000', escalation: 'x' });
  expect(fieldError(res.text, 'escalation')).toContain('18×1.5, 24×2');
});

test('only administrators: staff are refused, residents sent to sign in', async () => {
  const staff = (await signedInAgent(s.app, s.db, 'staff')).agent;
  expect((await staff.get('/admin/allowance')).status).toBe(403);
  expect((await request(s.app).get('/admin/allowance')).status).toBe(303);
});

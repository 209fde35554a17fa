// What officials reach for (issue 12 §7): the district's rates among the headline cards, an export of
// what they may see, the public CSV linked, the dashboard called by its name, and the "+" explained.
import request from 'supertest';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { mainText } from '../helpers/html';
import { signedInAgent, type SignedIn } from '../helpers/sign-in';
import { submitForm } from '../helpers/staff-forms';

let s: StaffApp;
let official: SignedIn;
let staff: SignedIn;

beforeAll(async () => {
  s = await createStaffApp(); // AS_OF 2026-11-26; batches 1 and 2 and project 2 are overdue in the seed
  official = await signedInAgent(s.app, s.db, 'official');
  staff = await signedInAgent(s.app, s.db, 'staff');
  const admin = await signedInAgent(s.app, s.db, 'admin');
  expect((await submitForm(admin.agent, '/admin/settings', { monthlyAllowanceYuanPerHousehold: '1000' })).status).toBe(303);
  // batch 1 gets its households; batch 2's stay unknown, so the total is batch 1's alone, with a "+"
  expect((await submitForm(staff.agent, '/admin/batches/1/edit', { households: '100' })).status).toBe(303);
});
afterAll(async () => {
  await s.close();
});

const dash = async (lang: 'zh' | 'en') => (await official.agent.get('/dashboard').set('Accept-Language', lang)).text;

describe("the district's rates among the dashboard's headline cards", () => {
  test('start, delivery and return rates as published on 2023-11-08, each marked as old, beside the itemised ones (zh)', async () => {
    const text = mainText(await dash('zh'));
    expect(text).toMatch(/开工率 96% 公布数 · 2023年11月8日 久未更新 按登记的楼栋算：? 无法计算/);
    expect(text).toMatch(/竣工交付率 76% 公布数 · 2023年11月8日 久未更新/);
    expect(text).toMatch(/回迁率 96% 公布数 · 2023年11月8日 久未更新/);
  });

  test('the same in English', async () => {
    const text = mainText(await dash('en'));
    expect(text).toMatch(/Start rate 96% published · 8 Nov 2023/);
    expect(text).toMatch(/Delivery rate 76% published · 8 Nov 2023/);
  });
});

describe('the "+" of the cost of delay is explained', () => {
  test('one overdue batch without households is left out of the total, and the card says so', async () => {
    const zh = mainText(await dash('zh'));
    expect(zh).toContain('另有 1 个逾期批次不知道回迁户数，没有计入，实际金额更多。');
    const en = mainText(await dash('en'));
    expect(en).toContain('Not included: overdue batches with no household count (1). The real amount is higher.');
  });
});

describe('exports an official may use', () => {
  test("the dashboard's late list as CSV, in the reader's language, audited", async () => {
    const res = await official.agent.get('/dashboard/export.csv?district=1').set('Accept-Language', 'zh');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('dashboard-1-2026-11-26.csv');
    const lines = res.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toContain('村,项目,批次,状态,目标交付,逾期天数');
    // batches 1 and 2 and project 2 (no batches): three rows; batch 1 costs 100 households × 1000 yuan × its months late
    expect(lines).toHaveLength(4);
    expect(lines.some((l) => l.includes('（整个项目）'))).toBe(true);
    const audit = await s.db.selectFrom('audit_log').selectAll().where('user_id', '=', official.userId).where('action', '=', 'export').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ table: 'dashboard', district: 1, rows: 3 });
    const en = await official.agent.get('/dashboard/export.csv?district=1').set('Accept-Language', 'en');
    expect(en.text).toContain('Village,Project,Batch,Status,Target delivery,Days late');
  });

  test('staff and anonymous readers cannot download it (deny by default)', async () => {
    expect((await staff.agent.get('/dashboard/export.csv')).status).toBe(403);
    expect([302, 303, 401]).toContain((await request(s.app).get('/dashboard/export.csv')).status);
  });

  test('the overview and the dashboard link to the public CSV', async () => {
    expect((await request(s.app).get('/')).text).toContain('href="/export/public.csv"');
    const html = await dash('zh');
    expect(html).toContain('href="/export/public.csv"');
    expect(html).toContain('href="/dashboard/export.csv?district=1"');
  });
});

describe('the dashboard is called by its name', () => {
  test("an official's header link reads 领导看板 / Officials' dashboard, not 工作台", async () => {
    const zh = await official.agent.get('/').set('Accept-Language', 'zh');
    expect(zh.text).toContain('<a href="/dashboard">领导看板</a>');
    expect(zh.text).not.toContain('工作台');
    const en = await official.agent.get('/').set('Accept-Language', 'en');
    expect(en.text).toContain("<a href=\"/dashboard\">Officials&#39; dashboard</a>");
  });

  test("staff keep 工作台 for their own pages", async () => {
    expect((await staff.agent.get('/').set('Accept-Language', 'zh')).text).toContain('<a href="/admin">工作台</a>');
  });
});

// What staff enter is shown, and the planned area the rates use is named (issue 12 §2): a project
// with a planned floor area whose buildings are only partly registered, its planned start, a batch's
// households and its buildings' dwelling units (counts only).
import request from 'supertest';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { mainText } from '../helpers/html';
import { signedInAgent, type SignedIn } from '../helpers/sign-in';
import { submitForm } from '../helpers/staff-forms';

let s: StaffApp;
let staff: SignedIn;
let batchId: number;

beforeAll(async () => {
  s = await createStaffApp();
  staff = await signedInAgent(s.app, s.db, 'staff');
  const ok = async (p: Promise<{ status: number; headers: Record<string, string> }>) => {
    const res = await p;
    expect(res.status).toBe(303);
    return res;
  };
  // project 2 (the seed: 101,800 m² planned, no buildings) gets a planned start and one batch of two 24,000 m² buildings
  await ok(submitForm(staff.agent, '/admin/projects/2/edit', { plannedStart: '2023-10-15' }));
  await ok(submitForm(staff.agent, '/admin/projects/2/batches/new', { nameZh: '一期', nameEn: 'Phase 1', targetDeliveryDate: '2027-06-30', targetPrecision: 'month', households: '320' }));
  batchId = Number((await s.db.selectFrom('batches').select('id').where('project_id', '=', 2).executeTakeFirstOrThrow()).id);
  for (const code of ['1#', '2#']) {
    await ok(submitForm(staff.agent, `/admin/batches/${batchId}/buildings/new`, { code, floors: '18', floorAreaM2: '24000', dwellingUnits: '200' }));
  }
  await ok(submitForm(staff.agent, '/admin/milestones/new', { target: `batch:${batchId}`, stage: 'structure', date: '2026-10-01' }));
});
afterAll(async () => {
  await s.close();
});

const text = async (url: string, lang: 'zh' | 'en') => mainText((await request(s.app).get(url).set('Accept-Language', lang)).text);

describe('the planned area the rates use, and the partial sum labelled as such', () => {
  test('project 2: rates on the 10.18万㎡ planned, the 4.8万㎡ of registered buildings called partial (zh)', async () => {
    const t = await text('/projects/2', 'zh');
    expect(t).toContain('规划面积 10.18万㎡ 开工率、交付率按此计算（项目规划建筑面积）。');
    expect(t).toContain('已登记楼栋面积合计 4.8万㎡ 只含已登记的楼栋，是部分数字');
    // 48,000 / 101,800 = 47.15…%
    expect(t).toContain('开工面积 4.8万㎡ (47.2%)');
  });

  test('the same in English', async () => {
    const t = await text('/projects/2', 'en');
    expect(t).toContain("The start and delivery rates use this (the project's planned floor area).");
    expect(t).toContain('Registered buildings, added up 48,000 m² Only the buildings registered so far');
  });

  test('project 1, whose buildings have no known area, says nothing of a partial sum', async () => {
    expect(await text('/projects/1', 'zh')).not.toContain('已登记楼栋面积合计');
  });
});

describe('entered facts are shown', () => {
  test('planned start on the project page, in both languages', async () => {
    expect(await text('/projects/2', 'zh')).toContain('计划开工 2023年10月15日');
    expect(await text('/projects/2', 'en')).toContain('Planned start 15 Oct 2023');
  });

  test("a batch's households and its buildings' flats, as counts", async () => {
    const zh = await text(`/batches/${batchId}`, 'zh');
    expect(zh).toContain('本批回迁户数 320户');
    expect(zh).toContain('套数 共 400 套');
    expect(zh).toMatch(/1# 主体施工 2026年10月1日 2.4万㎡ 18 200/);
    const en = await text(`/batches/${batchId}`, 'en');
    expect(en).toContain('Households to return in this batch 320 households');
    expect(en).toContain('Flats 400 flats');
  });

  test("a village's households entitled, where known, and unknown said so", async () => {
    expect((await submitForm(staff.agent, '/admin/villages/1/edit', { householdsEntitled: '1200' })).status).toBe(303);
    expect(await text('/villages/1', 'zh')).toContain('应回迁户数 1,200户');
    expect(await text('/villages/1', 'en')).toContain('Households entitled to return 1,200 households');
  });
});

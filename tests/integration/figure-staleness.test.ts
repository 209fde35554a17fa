// Staleness belongs to each figure (issue 12 §2): the district's headline figures are those of its
// report of 2023-11-08, so a milestone recorded since in one project does not make them new.
import request from 'supertest';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { mainText } from '../helpers/html';
import { signedInAgent, type SignedIn } from '../helpers/sign-in';
import { submitForm } from '../helpers/staff-forms';

let s: StaffApp;
let staff: SignedIn;
let official: SignedIn;

beforeAll(async () => {
  s = await createStaffApp(); // AS_OF 2026-11-26
  staff = await signedInAgent(s.app, s.db, 'staff');
  official = await signedInAgent(s.app, s.db, 'official');
  // one building of project 1 reaches a stage five days before the page's date
  expect((await submitForm(staff.agent, '/admin/milestones/new', { target: 'building:1', stage: 'accepted', date: '2026-11-21' })).status).toBe(303);
});
afterAll(async () => {
  await s.close();
});

// 2023-11-08 → 2026-11-08 is 366 + 365 + 365 = 1,096 days (29 Feb 2024 between), and 18 more to 26 Nov.
const DAYS = '1,114';

describe('after one milestone, the district is still as old as its report', () => {
  test('the overview keeps the banner and says the milestone updated only the itemised figures (zh)', async () => {
    const text = mainText((await request(s.app).get('/').set('Accept-Language', 'zh')).text);
    expect(text).toContain('主要指标是 2023年11月8日 报送的数字。');
    expect(text).toContain(`已有 ${DAYS} 天没有新的报送`);
    expect(text).toContain('此后记录过施工节点（最近一次：2026年11月21日）');
    // each reported card carries its own age
    expect(text.match(/公布数 [^·]+· 2023年11月8日 久未更新/g)?.length).toBe(3);
  });

  test('the same in English', async () => {
    const text = mainText((await request(s.app).get('/').set('Accept-Language', 'en')).text);
    expect(text).toContain('The headline figures are those reported on 8 Nov 2023.');
    expect(text).toContain(`${DAYS} days`);
    expect(text).toContain('the latest on 21 Nov 2026');
  });

  test("the officials' dashboard says the same", async () => {
    const text = mainText((await official.agent.get('/dashboard').set('Accept-Language', 'zh')).text);
    expect(text).toContain(`已有 ${DAYS} 天没有新的报送`);
  });

  test('the project, whose figures are its buildings, is as new as its milestone', async () => {
    const text = mainText((await request(s.app).get('/projects/1').set('Accept-Language', 'zh')).text);
    expect(text).toContain('最近一次报送或节点：2026年11月21日。');
    expect(text).not.toContain('没有新的报送');
  });
});

describe('a new report of the district makes its figures new', () => {
  test('reported six days before the page date: no warning, and no word of later milestones', async () => {
    const own = await createStaffApp();
    try {
      const u = await signedInAgent(own.app, own.db, 'staff');
      const res = await submitForm(u.agent, '/admin/reports/new', { scope: 'district:1', asOf: '2026-11-20', startedAreaM2: '14800000', isCorrection: '' });
      expect(res.status).toBe(303);
      const text = mainText((await request(own.app).get('/').set('Accept-Language', 'zh')).text);
      expect(text).toContain('主要指标是 2026年11月20日 报送的数字。');
      expect(text).not.toContain('没有新的报送');
      expect(text).not.toContain('此后记录过施工节点');
    } finally {
      await own.close();
    }
  });
});

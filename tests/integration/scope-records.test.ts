// A village's and a district's record is what happened inside it (issue 12 §2): its projects'
// milestones (one line per project, day and stage) and the reports of it and of the scopes inside it,
// newest first, a page at a time.
import request from 'supertest';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { mainText } from '../helpers/html';
import { signedInAgent, type SignedIn } from '../helpers/sign-in';
import { submitForm } from '../helpers/staff-forms';

let s: StaffApp;
let staff: SignedIn;

beforeAll(async () => {
  s = await createStaffApp();
  staff = await signedInAgent(s.app, s.db, 'staff');
  // one report of project 1 and one of village 1, both after the seed's 2023-11-08
  const ok = async (p: Promise<{ status: number }>) => expect((await p).status).toBe(303);
  await ok(submitForm(staff.agent, '/admin/reports/new', { scope: 'project:1', asOf: '2024-03-01', startedAreaM2: '5000', isCorrection: '' }));
  await ok(submitForm(staff.agent, '/admin/reports/new', { scope: 'village:1', asOf: '2024-04-01', peopleReturned: '10', isCorrection: '' }));
});
afterAll(async () => {
  await s.close();
});

const get = (url: string, lang: 'zh' | 'en' = 'zh') => request(s.app).get(url).set('Accept-Language', lang);

describe("a village's page lists what happened in its projects", () => {
  test('the milestones of its project and the reports, newest first, each saying where (zh)', async () => {
    const res = await get('/villages/1');
    expect(res.status).toBe(200);
    const text = mainText(res.text);
    expect(text).not.toContain('还没有节点或报送记录');
    const history = text.slice(text.lastIndexOf('记录'));
    // newest first: the village's report (2024-04-01), the project's (2024-03-01), then the seed's milestones
    const order = ['2024年4月1日', '2024年3月1日', '2023年11月8日'].map((d) => history.indexOf(d));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(history).toMatch(/赵村城中村改造安置住宅 ?：8栋楼达到“园建配套”/);
    expect(history).toMatch(/赵村城中村改造安置住宅 ?：7栋楼达到“主体施工”/);
    expect(res.text).toContain('class="record-place" href="/projects/1"');
    expect(res.text).toContain('class="record-place" href="/villages/1"');
  });

  test('the same in English', async () => {
    const text = mainText((await get('/villages/1', 'en')).text);
    expect(text).toContain('8 buildings reached “Landscaping');
    expect(text).toContain('Zhao village resettlement housing');
    expect(text).not.toContain('No milestones or reports yet.');
  });
});

describe('the records pages of a village and a district', () => {
  test("the village's: four records, with what it includes, and back to the village", async () => {
    const res = await get('/villages/1/records');
    expect(res.status).toBe(200);
    const text = mainText(res.text);
    expect(text).toContain('共 4 条记录');
    expect(text).toContain('包括本村各项目的施工节点和报送');
    expect(res.text).toContain('href="/villages/1">返回本村');
  });

  test("the district's: also the district's own report of 2023-11-08, and a link from the overview", async () => {
    const text = mainText((await get('/districts/1/records')).text);
    expect(text).toContain('共 5 条记录');
    expect(text).toMatch(/郑州高新技术产业开发区 报送的累计数/);
    expect((await get('/')).text).toContain('href="/districts/1/records"');
    const en = mainText((await get('/districts/1/records', 'en')).text);
    expect(en).toContain('Records in all: 5');
    expect(en).toContain('Back to the district overview');
  });

  test('a page past the end says so; an unknown village or district is a 404, a malformed id a 400', async () => {
    expect(mainText((await get('/villages/1/records?page=3')).text)).toContain('第 3 页没有记录');
    expect((await get('/villages/999999/records')).status).toBe(404);
    expect((await get('/districts/999999/records')).status).toBe(404);
    expect((await get('/districts/abc/records')).status).toBe(400);
  });
});

describe("a village's return rate is as old as the report it comes from", () => {
  test('the rate names the report of 2024-04-01 and is marked old (zh, en)', async () => {
    // village 1 has no people entitled in the seed: give it some so that the rate exists
    expect((await submitForm(staff.agent, '/admin/villages/1/edit', { peopleEntitled: '100' })).status).toBe(303);
    const zh = mainText((await get('/villages/1')).text);
    // 10 returned of 100 entitled
    expect(zh).toContain('回迁率 10% 按 2024年4月1日 报送的回迁人数计算。 久未更新');
    const en = mainText((await get('/villages/1', 'en')).text);
    expect(en).toContain('From the people returned as reported on 1 Apr 2024.');
  });
});

// The audit log a reviewer can read (issue 12 §5) and a project's record of changes that includes
// what is inside it (§2): China time, plain addresses, objects by name with a link, field labels with
// before → after, sign-ins hidden unless asked for.
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { mainText } from '../helpers/html';
import { signedInAgent, type SignedIn } from '../helpers/sign-in';
import { submitForm } from '../helpers/staff-forms';
import { insertAudit } from '../../src/repositories/audit.repository';

let s: StaffApp;
let staff: SignedIn;

beforeAll(async () => {
  s = await createStaffApp();
  staff = await signedInAgent(s.app, s.db, 'staff');
});
afterAll(async () => {
  await s.close();
});

const page = async (url: string, lang: 'zh' | 'en' = 'zh') => {
  const res = await staff.agent.get(url).set('Accept-Language', lang);
  expect(res.status).toBe(200);
  return res.text;
};
const entry = (over: Partial<Parameters<typeof insertAudit>[1]>) => insertAudit(s.db, {
  at: '2026-11-30T18:30:00.000Z', userId: null, username: 'reviewer_fixture', ip: null, action: 'update', objectType: null, objectId: null,
  before: null, after: null, result: 'ok', detail: null, ...over,
});

describe('the audit page in China time, with plain addresses', () => {
  test('a row stored at 18:30 UTC on 30 Nov reads 02:30 on 1 Dec, China time, in both languages', async () => {
    await entry({ username: 'tz_fixture', ip: '::ffff:127.0.0.1', action: 'export', objectType: 'export' });
    const zh = mainText(await page('/admin/audit?username=tz_fixture'));
    expect(zh).toContain('时间（北京时间）');
    expect(zh).toContain('2026年12月1日 02:30');
    expect(zh).not.toContain('UTC');
    const en = mainText(await page('/admin/audit?username=tz_fixture', 'en'));
    expect(en).toContain('Time (China time)');
    expect(en).toContain('1 Dec 2026 02:30');
  });

  test('::ffff:127.0.0.1 is shown as 127.0.0.1', async () => {
    await entry({ username: 'ip_fixture', ip: '::ffff:127.0.0.1', action: 'export', objectType: 'export' });
    const html = await page('/admin/audit?username=ip_fixture');
    expect(mainText(html)).toContain('127.0.0.1');
    expect(html).not.toContain('::ffff:');
  });
});

describe('objects by name, changes by field', () => {
  test('a batch edit names the batch and its project with a link, and the field with before → after', async () => {
    const before = await s.db.selectFrom('batches').select('households').where('id', '=', 2).executeTakeFirstOrThrow();
    expect((await submitForm(staff.agent, '/admin/batches/2/edit', { households: '321' })).status).toBe(303);
    const html = await page(`/admin/audit?objectType=batch&objectId=2&username=${staff.username}`);
    expect(html).toContain('href="/batches/2"');
    const text = mainText(html);
    expect(text).toContain('赵村城中村改造安置住宅 · 第二批');
    expect(text).not.toContain('批次 #2');
    // the seed leaves batch 2's households unknown: "—" before, 321 after
    expect(before.households).toBeNull();
    expect(text).toMatch(/本批回迁户数 ?： ?— → 321/);
    expect(text).not.toContain('"households"');
    const en = mainText(await page(`/admin/audit?objectType=batch&objectId=2&username=${staff.username}`, 'en'));
    expect(en).toContain('Zhao village resettlement housing · Batch 2');
    expect(en).toMatch(/Households[^:]* ?: ?— → 321/);
  });

  test('a milestone lists the stage recorded and the stages before, in words', async () => {
    const u = await signedInAgent(s.app, s.db, 'staff');
    expect((await submitForm(u.agent, '/admin/milestones/new', { target: 'batch:1', stage: 'accepted', date: '2026-11-20' })).status).toBe(303);
    const text = mainText(await page(`/admin/audit?username=${u.username}&action=record_milestone`));
    expect(text).toMatch(/施工阶段 ?： ?— → 竣工验收/);
    // batch 1's eight buildings were in landscaping (the seed)
    expect(text).toMatch(/此前的施工阶段 ?： ?园建配套 ×8 → —/);
    const en = mainText(await page(`/admin/audit?username=${u.username}&action=record_milestone`, 'en'));
    expect(en).toMatch(/Stages before ?: ?[^→]+ ×8 → —/);
  });
});

describe("a project's record of changes includes what is inside it", () => {
  test('the project, its batch, a building, a milestone and a report, and nothing of the other project', async () => {
    const u = await signedInAgent(s.app, s.db, 'staff');
    const ok = async (p: Promise<{ status: number }>) => expect((await p).status).toBe(303);
    await ok(submitForm(u.agent, '/admin/projects/1/edit', { developer: '审计开发单位' }));
    await ok(submitForm(u.agent, '/admin/batches/1/edit', { note: '审计批次备注' }));
    await ok(submitForm(u.agent, '/admin/buildings/3/edit', { floors: '21' }));
    await ok(submitForm(u.agent, '/admin/milestones/new', { target: 'building:12', stage: 'accepted', date: '2026-11-21' }));
    await ok(submitForm(u.agent, '/admin/reports/new', { scope: 'project:1', asOf: '2026-11-01', startedAreaM2: '5000', isCorrection: '' }));
    await ok(submitForm(u.agent, '/admin/projects/2/edit', { developer: '另一个项目' }));
    const html = await page(`/admin/audit?objectType=project&objectId=1&username=${u.username}`);
    const text = mainText(html);
    expect(text).toContain('共 5 条');
    expect(text).toContain('包括本项目自身');
    for (const href of ['/projects/1', '/batches/1']) expect(html).toContain(`href="${href}"`);
    expect(text).toContain('审计开发单位');
    expect(text).toContain('审计批次备注');
    expect(text).toContain('层数');
    expect(text).toContain('记录节点');
    expect(text).toContain('累计开工面积');
    expect(text).not.toContain('另一个项目');
    const en = mainText(await page(`/admin/audit?objectType=project&objectId=1&username=${u.username}`, 'en'));
    expect(en).toContain('5 entries');
    expect(en).toContain('Includes the project itself');
  });

  test('a building deleted since stays in its project\'s and its village\'s record, with its earlier edit; not in another project\'s', async () => {
    const u = await signedInAgent(s.app, s.db, 'staff');
    const last = await s.db.selectFrom('buildings').select(['id', 'batch_id']).where('batch_id', '=', 2).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((await submitForm(u.agent, `/admin/buildings/${last.id}/edit`, { floors: '17' })).status).toBe(303);
    expect((await submitForm(u.agent, `/admin/buildings/${last.id}/delete`, {})).status).toBe(303);
    expect(await s.db.selectFrom('buildings').select('id').where('id', '=', last.id).executeTakeFirst()).toBeUndefined();
    // batch 2 is the seed's second batch of project 1 in village 1: an edit and a deletion, 2 entries
    const project = mainText(await page(`/admin/audit?objectType=project&objectId=1&username=${u.username}`));
    expect(project).toContain('共 2 条');
    expect(project).toContain('删除');
    const village = mainText(await page(`/admin/audit?objectType=village&objectId=1&username=${u.username}`));
    expect(village).toContain('共 2 条');
    const other = mainText(await page(`/admin/audit?objectType=project&objectId=2&username=${u.username}`));
    expect(other).toContain('共 0 条');
  });

  test('one entry is "1 entry" in English, not "1 entries"', async () => {
    const u = await signedInAgent(s.app, s.db, 'staff');
    expect((await submitForm(u.agent, '/admin/projects/2/edit', { developer: '单条审计' })).status).toBe(303);
    const en = mainText(await page(`/admin/audit?objectType=project&objectId=2&username=${u.username}`, 'en'));
    expect(en).toContain('1 entry');
    expect(en).not.toContain('1 entries');
  });

  test("a village's record includes its projects' changes", async () => {
    const u = await signedInAgent(s.app, s.db, 'staff');
    expect((await submitForm(u.agent, '/admin/projects/2/edit', { developer: '村级审计' })).status).toBe(303);
    const text = mainText(await page(`/admin/audit?objectType=village&objectId=1&username=${u.username}`));
    expect(text).toContain('共 1 条');
    expect(text).toContain('村级审计');
  });
});

describe('sign-ins are hidden unless asked for', () => {
  test('by default the log leaves out sign-ins; the box and the action filter show them', async () => {
    const u = await signedInAgent(s.app, s.db, 'staff');
    const mine = `/admin/audit?username=${u.username}`;
    const hidden = mainText(await page(mine));
    expect(hidden).toContain('共 0 条');
    expect(hidden).toContain('未显示登录、退出记录');
    const shown = mainText(await page(`${mine}&signIns=1`));
    expect(shown).toContain('共 1 条');
    expect(shown).toContain('登录');
    expect(mainText(await page(`${mine}&action=sign_in`))).toContain('共 1 条');
    expect(mainText(await page(mine, 'en'))).toContain('sign-ins and sign-outs not shown');
  });

  test('an action that is not one the log records is refused in the reader\'s language', async () => {
    const res = await staff.agent.get('/admin/audit?action=drop_table').set('Accept-Language', 'zh');
    expect(res.status).toBe(400);
  });
});

test('a change made on the command line (no account) says so in words, not as "cli"; an account named cli stays itself', async () => {
  await entry({ username: 'cli', userId: null, action: 'import', objectType: 'import', at: '2026-11-29T01:00:00.000Z' });
  const zh = mainText(await page('/admin/audit?username=cli'));
  expect(zh).toContain('命令行（在服务器上）');
  expect(mainText(await page('/admin/audit?username=cli', 'en'))).toContain('command line (on the server)');
  const [user] = await s.db.selectFrom('users').select('id').limit(1).execute();
  await entry({ username: 'cli', userId: Number(user!.id), action: 'export', objectType: 'export', at: '2026-11-29T02:00:00.000Z' });
  const both = await page('/admin/audit?username=cli');
  expect(both).toMatch(/data-label="用户名">cli</);
});

test('staff pages keep the page date in the footer but not the public pages\' sources line and open-data link', async () => {
  const admin = await page('/admin/audit');
  const footer = /<footer class="site">[\s\S]*?<\/footer>/.exec(admin)![0];
  expect(footer).toContain('页面日期');
  expect(footer).not.toContain('/api/v1/summary');
  const pub = /<footer class="site">[\s\S]*?<\/footer>/.exec((await staff.agent.get('/projects/1')).text)![0];
  expect(pub).toContain('/api/v1/summary');
});

// After a save, the page it leads to says so (已保存 …) with a link to the change history of what was
// saved, once, in the reader's language; a refused save says nothing of the kind.
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { signedInAgent, type Agent } from '../helpers/sign-in';
import { formBody, pageForm, VALID_CHANGES } from '../helpers/staff-forms';
import { decodeEntities } from '../helpers/html';

let s: StaffApp;
let zh: Agent;
let en: Agent;
let admin: Agent;
beforeAll(async () => {
  s = await createStaffApp();
  zh = (await signedInAgent(s.app, s.db, 'staff')).agent;
  en = (await signedInAgent(s.app, s.db, 'staff', { lang: 'en' })).agent;
  admin = (await signedInAgent(s.app, s.db, 'admin', { lang: 'en' })).agent;
});
afterAll(() => s.close());

const notice = (html: string) => {
  const m = /<p class="notice" role="status" id="flash">([\s\S]*?)<\/p>/.exec(html);
  return m ? { text: decodeEntities(m[1]!.replace(/<[^>]+>/g, '')).trim(), links: [...m[1]!.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((x) => [decodeEntities(x[1]!), x[2]!]) } : null;
};

async function save(agent: Agent, page: string, changes: Record<string, string>) {
  const f = await pageForm(agent, page);
  const res = await agent.post(f.action).type('form').send(formBody({ ...f.values, ...changes }));
  return res;
}

test('an edited village: the village page says it was saved, links to its change history and back to the form, once', async () => {
  const res = await save(zh, '/admin/villages/1/edit', VALID_CHANGES.villageEdit('一'));
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/villages/1');
  const page = await zh.get('/villages/1');
  expect(notice(page.text)).toEqual({
    text: '已保存“赵村”。 查看修改记录 继续编辑',
    links: [['/admin/audit?objectType=village&objectId=1', '查看修改记录'], ['/admin/villages/1/edit', '继续编辑']],
  });
  expect(notice((await zh.get('/villages/1')).text)).toBeNull();
});

test('a new project, in English: "Saved" with the new project\'s history', async () => {
  const res = await save(en, '/admin/projects/new?village=1', { ...VALID_CHANGES.projectNew('二'), nameEn: 'Test project two' });
  expect(res.status).toBe(303);
  const id = /^\/projects\/(\d+)$/.exec(res.headers.location!)![1];
  const n = notice((await en.get(res.headers.location!)).text)!;
  expect(n.text).toMatch(/^Saved “Test project two”\./);
  expect(n.links).toEqual([[`/admin/audit?objectType=project&objectId=${id}`, 'See the change history']]);
});

test('a milestone names the stage and the date it was recorded for', async () => {
  const res = await save(zh, '/admin/milestones/new?batch=1', { ...VALID_CHANGES.milestone(), date: '2026年11月20日' });
  expect(res.status).toBe(303);
  expect(notice((await zh.get(res.headers.location!)).text)!.text).toMatch(/^已保存施工节点：2026年11月20日 达到“竣工验收”。/);
});

test('the settings page, once saved, says so (it said nothing before)', async () => {
  const res = await save(admin, '/admin/settings', VALID_CHANGES.settings());
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/admin/settings');
  const n = notice((await admin.get('/admin/settings')).text)!;
  expect(n.text).toMatch(/^Settings saved/);
  expect(n.links).toEqual([['/admin/audit?objectType=settings', 'See the change history']]);
});

test('a refused save leaves no notice behind', async () => {
  const res = await save(zh, '/admin/villages/1/edit', { householdsEntitled: '1,200' });
  expect(res.status).toBe(400);
  expect(notice(res.text)).toBeNull();
  expect(notice((await zh.get('/villages/1')).text)).toBeNull();
});

test('a notice waits past a refused post: the form shown again with its errors does not take it, the next page does', async () => {
  const own = (await signedInAgent(s.app, s.db, 'staff')).agent; // a session of its own: its notice is its own
  const f = await pageForm(own, '/admin/villages/1/edit');
  expect((await own.post(f.action).type('form').send(formBody({ ...f.values, ...VALID_CHANGES.villageEdit('三') }))).status).toBe(303);
  // the same form sent again at once, with a bad number: refused, and shown again with its error
  const refused = await own.post(f.action).type('form').send(formBody({ ...f.values, householdsEntitled: '1,200' }));
  expect(refused.status).toBe(400);
  expect(notice(refused.text)).toBeNull();
  expect(notice((await own.get('/villages/1')).text)?.text).toMatch(/^已保存“赵村”。/);
});

// Previews waiting for their confirmation, through the app: one user's many previews push out only
// their own oldest, and when the memory for previews is full a new one is refused with a message
// while everybody else's previews stay confirmable.
import { createStaffContext, csrfOf, signedIn, type StaffContext } from '../helpers/staff-agent';
import { csv } from '../helpers/import-files';
import { mainText } from '../helpers/html';
import { readUpload } from '../../src/services/import/read-upload';
import { approximateBytes } from '../../src/services/import/job-store';
import { MB } from '../../src/services/import/limits';

type Agent = Awaited<ReturnType<typeof signedIn>>;

const contexts: StaffContext[] = [];
afterAll(async () => { for (const c of contexts) await c.close(); });

const projects = (rows: number) => csv([
  ['village', 'project', 'kind', 'developer'],
  ...Array.from({ length: rows }, (_r, i) => ['王村', `王村安置房${i}`, 'resettlement', '某某置业有限公司']),
]);

async function preview(agent: Agent, file: string) {
  const page = await agent.get('/admin/import');
  return agent.post('/admin/import/preview').field('_csrf', csrfOf(page.text)).attach('files', Buffer.from(file), 'projects.csv');
}

/** Confirms a preview; when it was still there, waits for the commit job to end (before the database is closed). */
async function confirm(agent: Agent, res: Awaited<ReturnType<typeof preview>>) {
  const upload = /name="upload" value="([^"]+)"/.exec(res.text)?.[1];
  expect(upload).toBeDefined();
  const commit = await agent.post('/admin/import/commit').type('form').send({ _csrf: csrfOf(res.text), upload });
  if (commit.status !== 303) return commit;
  for (let i = 0; i < 200; i++) {
    const job = await agent.get(`${commit.headers.location}?format=json`);
    if (job.body.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return commit;
}

test("eleven previews by one user leave another user's preview confirmable", async () => {
  const ctx = await createStaffContext();
  contexts.push(ctx);
  const a = await signedIn(ctx, 'staff', 'preview-a');
  const b = await signedIn(ctx, 'staff', 'preview-b');
  const mine = await preview(a, projects(1));
  expect(mine.status).toBe(200);
  const theirs = [];
  for (let i = 0; i < 11; i++) theirs.push(await preview(b, projects(1)));
  expect(theirs.map((r) => r.status)).toEqual(Array(11).fill(200));
  const commit = await confirm(a, mine);
  expect(commit.status).toBe(303);
  expect(commit.headers.location).toMatch(/^\/admin\/import\/status\//);
  // B's own oldest made room for B's eleventh
  expect(mainText((await confirm(b, theirs[0]!)).text)).toContain('这次上传已过期或不存在');
  expect((await confirm(b, theirs[10]!)).status).toBe(303);
});

test('when the memory for previews is full a new preview is refused with a message, and the others stay confirmable', async () => {
  // a file whose preview takes between a fifth and a quarter of 1 MB: four users fit, a fifth does not
  const perRow = approximateBytes((await readUpload([{ name: 'p.csv', bytes: Buffer.from(projects(1000)) }])).upload) / 1000;
  const file = projects(Math.floor((0.23 * MB) / perRow));
  const ctx = await createStaffContext({ env: { IMPORT_PREVIEW_MEMORY_MB: '1' } });
  contexts.push(ctx);
  const users = [];
  for (const name of ['full-a', 'full-b', 'full-c', 'full-d', 'full-e']) users.push(await signedIn(ctx, 'staff', name));
  const held = [];
  for (const u of users.slice(0, 4)) held.push(await preview(u, file));
  expect(held.map((r) => r.status)).toEqual([200, 200, 200, 200]);

  const refused = await preview(users[4]!, file);
  expect(refused.status).toBe(503);
  expect(mainText(refused.text)).toContain('服务器上等待确认的导入预览太多，请几分钟后再试。');
  const english = await users[4]!.get('/admin/import?lang=en');
  expect(mainText((await users[4]!.post('/admin/import/preview').field('_csrf', csrfOf(english.text)).attach('files', Buffer.from(file), 'projects.csv')).text))
    .toContain('The server is holding too many import previews waiting for confirmation; try again in a few minutes.');

  expect((await confirm(users[0]!, held[0]!)).status).toBe(303);
  expect((await preview(users[4]!, file)).status).toBe(200); // the confirmed preview's room is free again
  for (const [i, res] of held.slice(1).entries()) expect((await confirm(users[i + 1]!, res)).status).toBe(303);
});

import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { signedInAgent, type SignedIn } from '../helpers/sign-in';

let ctx: StaffApp;
let staff: SignedIn;
beforeAll(async () => {
  ctx = await createStaffApp();
  staff = await signedInAgent(ctx.app, ctx.db, 'staff');
});
afterAll(() => ctx.close());

const options = (html: string) => [...html.matchAll(/<option value="((?:batch|building):\d+)"/g)].map((m) => m[1]);

test('opened for a batch, the milestone form offers that batch and its buildings only', async () => {
  const res = await staff.agent.get('/admin/milestones/new?batch=1');
  expect(res.status).toBe(200);
  const values = options(res.text);
  expect(values[0]).toBe('batch:1');
  expect(values.filter((v) => v!.startsWith('building:'))).toHaveLength(8);
  expect(values).not.toContain('batch:2');
  expect(res.text).toMatch(/<option value="batch:1" selected>/);
});

test('opened on its own, it offers every batch and no single building (a city has tens of thousands)', async () => {
  const values = options((await staff.agent.get('/admin/milestones/new')).text);
  expect(values).toEqual(['batch:1', 'batch:2']);
});

test('a building outside the list is still recorded and leads back to its batch', async () => {
  const page = await staff.agent.get('/admin/milestones/new?batch=1');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  const res = await staff.agent.post('/admin/milestones/new?batch=1').type('form').send({ _csrf: csrf, target: 'building:12', stage: 'topped_out', date: '2024-03-01' });
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/batches/2');
});

test('a signed-in page answers while a long write transaction holds the database (an import committing)', async () => {
  // Its own session: a flash left by another test's save is cleared by the next page, which is a
  // session write and rightly waits behind the held transaction.
  const reader = await signedInAgent(ctx.app, ctx.db, 'staff');
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  let entered!: () => void;
  const inside = new Promise<void>((r) => { entered = r; });
  let released = false;
  const writing = ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('villages').set({ note: 'held' }).where('id', '=', 1).execute();
    entered();
    await held;
  });
  await inside;
  // The write is released only after the page has answered (or, as a safety net, after 10 s): a
  // page that waited for the write would be answered after the release, and the check below fails.
  const safety = setTimeout(() => { released = true; release(); }, 10_000);
  const page = await reader.agent.get('/admin/import');
  const answeredWhileHeld = !released;
  clearTimeout(safety);
  release();
  await writing;
  expect(page.status).toBe(200);
  expect(answeredWhileHeld).toBe(true);
});

test('a milestone for all buildings of a batch moves every one of them, not only the first', async () => {
  const page = await staff.agent.get('/admin/milestones/new?batch=2');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  const before = await ctx.db.selectFrom('buildings').select(['id', 'stage']).where('batch_id', '=', 2).orderBy('id').execute();
  expect(before.length).toBe(7);
  const res = await staff.agent.post('/admin/milestones/new').type('form').send({ _csrf: csrf, target: 'batch:2', stage: 'finishing', date: '2024-06-01' });
  expect(res.status).toBe(303);
  const after = await ctx.db.selectFrom('buildings').select(['id', 'stage', 'stage_date']).where('batch_id', '=', 2).orderBy('id').execute();
  expect(after.map((b) => [b.stage, b.stage_date])).toEqual(before.map(() => ['finishing', '2024-06-01']));
  const events = await ctx.db.selectFrom('milestones').select('building_id').where('stage', '=', 'finishing').where('date', '=', '2024-06-01').execute();
  expect(events.map((e) => Number(e.building_id)).sort((a, b) => a - b)).toEqual(before.map((b) => Number(b.id)));
  // and the public page counts all seven in the new stage
  const api = (await staff.agent.get('/api/v1/projects/1')).body.project.batches.find((b: { id: number }) => b.id === 2);
  expect(api.figures.stageDistribution.finishing.buildings).toBe(7);
});

test('a form shown again after an input error keeps the version the user started from, so a later save still meets the conflict', async () => {
  const other = await signedInAgent(ctx.app, ctx.db, 'staff');
  const field = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!;
  const mine = (await staff.agent.get('/admin/villages/1/edit')).text;
  const theirs = (await other.agent.get('/admin/villages/1/edit')).text;
  const base = { districtName: '郑州高新技术产业开发区', nameZh: '赵村' };
  expect((await other.agent.post('/admin/villages/1/edit').type('form').send({ ...base, note: 'theirs', _csrf: field(theirs, '_csrf'), version: field(theirs, 'version') })).status).toBe(303);
  const invalid = await staff.agent.post('/admin/villages/1/edit').type('form').send({ ...base, householdsEntitled: '1,234', _csrf: field(mine, '_csrf'), version: field(mine, 'version') });
  expect(invalid.status).toBe(400);
  expect(field(invalid.text, 'version')).toBe(field(mine, 'version'));
  const retry = await staff.agent.post('/admin/villages/1/edit').type('form').send({ ...base, householdsEntitled: '1234', _csrf: field(invalid.text, '_csrf'), version: field(invalid.text, 'version') });
  expect(retry.status).toBe(409);
  const note = await ctx.db.selectFrom('villages').select('note').where('id', '=', 1).executeTakeFirstOrThrow();
  expect(note.note).toBe('theirs');
});

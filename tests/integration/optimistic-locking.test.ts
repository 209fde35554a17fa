// Optimistic locking: two people open the same record; the first save wins, the second gets 409 with
// the conflict message and its entries kept, and the database keeps the first's values.
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { createAccount, csrfOf, signedInAgent, strongPassword, type Agent } from '../helpers/sign-in';
import { controlValue, errorSummary } from '../helpers/forms';
import { pageForm } from '../helpers/staff-forms';

let s: StaffApp;
let alice: Agent;
let bob: Agent;
beforeAll(async () => {
  s = await createStaffApp();
  alice = (await signedInAgent(s.app, s.db, 'staff', { lang: 'en' })).agent;
  bob = (await signedInAgent(s.app, s.db, 'staff', { lang: 'en' })).agent;
});
afterAll(async () => {
  await s.close();
});

test('two editors of /admin/projects/1/edit: the second save answers 409 and changes nothing', async () => {
  const a = await pageForm(alice, '/admin/projects/1/edit');
  const b = await pageForm(bob, '/admin/projects/1/edit');
  expect(a.values.version).toBe('1');
  expect(b.values.version).toBe(a.values.version);

  // project 1 has no actual start in the seed, and the form requires one (see staff-forms-submit.test.ts)
  const first = await alice.post(a.action).type('form').send({ ...a.values, developer: '甲开发公司', actualStart: '2023-11-08' });
  expect(first.status).toBe(303);
  expect(first.headers.location).toBe('/projects/1');

  const second = await bob.post(b.action).type('form').send({ ...b.values, developer: '乙开发公司', nameEn: 'Bob was here', actualStart: '2023-11-09' });
  expect(second.status).toBe(409);
  expect(errorSummary(second.text)?.text).toContain('Someone else changed this record.');
  expect(second.text).toContain('Someone else saved this record while you were editing it');
  // Bob's entries are kept for him to compare
  expect(controlValue(second.text, 'f-developer')).toBe('乙开发公司');
  expect(controlValue(second.text, 'f-nameEn')).toBe('Bob was here');

  const row = await s.db.selectFrom('projects').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  expect(row.developer).toBe('甲开发公司');
  expect(row.actual_start).toBe('2023-11-08');
  expect(row.name_en).toBe('Zhao village resettlement housing');
  expect(row.version).toBe(2);
  const audits = await s.db.selectFrom('audit_log').selectAll().where('object_type', '=', 'project').where('object_id', '=', 1).execute();
  expect(audits).toHaveLength(1);

  // opening the record again gives the new version, and then Bob's save goes through
  const again = await pageForm(bob, '/admin/projects/1/edit');
  expect(again.values.version).toBe('2');
  expect(again.values.developer).toBe('甲开发公司');
  const third = await bob.post(again.action).type('form').send({ ...again.values, developer: '乙开发公司' });
  expect(third.status).toBe(303);
  expect((await s.db.selectFrom('projects').select('developer').where('id', '=', 1).executeTakeFirstOrThrow()).developer).toBe('乙开发公司');
});

test.each([
  ['/admin/villages/1/edit', 'villages', { note: 'A' }, { note: 'B' }, 'note'],
  ['/admin/batches/1/edit', 'batches', { households: '11' }, { households: '22' }, 'households'],
  ['/admin/buildings/1/edit', 'buildings', { floors: '11' }, { floors: '22' }, 'floors'],
] as const)('%s: the same for every versioned form', async (page, table, mine, theirs, column) => {
  const a = await pageForm(alice, page);
  const b = await pageForm(bob, page);
  expect((await alice.post(a.action).type('form').send({ ...a.values, ...mine })).status).toBe(303);
  const res = await bob.post(b.action).type('form').send({ ...b.values, ...theirs });
  expect(res.status).toBe(409);
  expect(errorSummary(res.text)?.text).toContain('Someone else changed this record.');
  const row = (await s.db.selectFrom(table).selectAll().where('id', '=', 1).executeTakeFirstOrThrow()) as unknown as Record<string, unknown>;
  expect(String(row[column])).toBe(Object.values(mine)[0]);
});

test('a form without its version answers 400 and saves nothing', async () => {
  const a = await pageForm(alice, '/admin/batches/2/edit');
  const { version: _v, ...rest } = a.values;
  void _v;
  const before = await s.db.selectFrom('batches').selectAll().where('id', '=', 2).executeTakeFirstOrThrow();
  for (const version of [undefined, '', 'abc', '-1', '1.5']) {
    const res = await alice.post(a.action).type('form').send({ ...rest, nameZh: '改名', ...(version === undefined ? {} : { version }) });
    expect({ version, status: res.status }).toEqual({ version, status: 400 });
  }
  expect(await s.db.selectFrom('batches').selectAll().where('id', '=', 2).executeTakeFirstOrThrow()).toEqual(before);
});

test('an administrator\'s change to a user with a stale version answers 409', async () => {
  const admin = (await signedInAgent(s.app, s.db, 'admin', { lang: 'en' })).agent;
  const id = await createAccount(s.db, { username: 'locked_target', password: strongPassword(), role: 'staff' });
  const page = await admin.get('/admin/users');
  const token = csrfOf(page.text);
  const v = String((await s.db.selectFrom('users').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
  expect((await admin.post(`/admin/users/${id}`).type('form').send({ _csrf: token, version: v, action: 'role', role: 'official' })).status).toBe(303);
  const res = await admin.post(`/admin/users/${id}`).type('form').send({ _csrf: token, version: v, action: 'role', role: 'admin' });
  expect(res.status).toBe(409);
  expect(res.text).toContain('Someone else changed this record.');
  expect((await s.db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirstOrThrow()).role).toBe('official');
});

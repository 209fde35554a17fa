// Deleting a building entered by mistake (issue 11): a confirmation page that says what goes with it,
// staff only, CSRF, the version read (409 when someone saved the building since), then the building
// and its stage events are gone, the deletion is audited with what was deleted, the batch page says
// so once, and the rollups are what a computation from scratch gives.
import request from 'supertest';
import { recordMilestone } from '../../src/services/milestone-report.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { verifyRollups } from '../../src/services/rollup.service';
import { createStaffApp, snapshotData, type StaffApp } from '../helpers/staff-app';
import { csrfFrom, signedInAgent, type Agent } from '../helpers/sign-in';
import { errorSummary } from '../helpers/forms';
import { pageForm } from '../helpers/staff-forms';
import { mainText } from '../helpers/html';

let s: StaffApp;
let staff: Agent;
let official: Agent;
beforeAll(async () => {
  s = await createStaffApp();
  staff = (await signedInAgent(s.app, s.db, 'staff', { lang: 'en' })).agent;
  official = (await signedInAgent(s.app, s.db, 'official', { lang: 'en' })).agent;
});
afterAll(async () => {
  await s.close();
});

// Jest runs these tests in a random order: each deletes (or tries to) a building of its own.
const page = (id: number) => `/admin/buildings/${id}/delete`;
const unchanged = async (send: () => PromiseLike<request.Response>) => {
  const before = JSON.stringify(await snapshotData(s.db));
  const res = await send();
  return { res, changed: JSON.stringify(await snapshotData(s.db)) !== before };
};
const exists = async (id: number) => (await s.db.selectFrom('buildings').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
const eventsOf = async (id: number) => (await s.db.selectFrom('milestones').select('id').where('building_id', '=', id).execute()).length;
const verify = () => s.db.transaction().execute((trx) => verifyRollups(trx));

test('the building edit page links to the confirmation, which says what will be deleted', async () => {
  const edit = (await staff.get('/admin/buildings/9/edit')).text;
  expect(edit).toContain(`href="${page(9)}"`);
  await recordMilestone(s.db, SYSTEM_ACTOR, '2026-11-26', { target: { kind: 'building', id: 9 }, stage: 'topped_out', date: '2026-10-01', note: null });
  const res = await staff.get(page(9));
  expect(res.status).toBe(200);
  const text = mainText(res.text);
  expect(text).toContain('Delete building #1');
  expect(text).toContain('the stage events recorded for it (2)');
  expect(text).toMatch(/Batch\s+Batch 2/);
  expect(text).toMatch(/Stage events recorded\s+2/);
  expect(text).toContain('Building number Building 1 (number not published)'); // the seed gives no numbers
  expect(res.text).toContain(`href="/admin/buildings/9/edit" class="cancel"`); // cancel goes back to the building
  expect(res.text).toMatch(/<button type="submit" class="button button-danger">Delete the building and its stage events<\/button>/);
});

test('anonymous: the page asks to sign in, and a POST is refused; nothing deleted', async () => {
  const get = await request(s.app).get(page(10));
  expect({ status: get.status, location: get.headers.location }).toEqual({ status: 303, location: `/login?next=${encodeURIComponent(page(10))}` });
  const { res, changed } = await unchanged(() => request(s.app).post(page(10)).type('form').send({ version: '1' }));
  expect([401, 403]).toContain(res.status);
  expect({ changed, exists: await exists(10) }).toEqual({ changed: false, exists: true });
});

test('an official (read-only) may neither open the page nor delete, even with a valid token', async () => {
  expect((await official.get(page(10))).status).toBe(403);
  const token = await csrfFrom(official, '/account/password');
  const version = String((await s.db.selectFrom('buildings').select('version').where('id', '=', 10).executeTakeFirstOrThrow()).version);
  const { res, changed } = await unchanged(() => official.post(page(10)).type('form').send({ _csrf: token, version }));
  expect({ status: res.status, changed, exists: await exists(10) }).toEqual({ status: 403, changed: false, exists: true });
});

test('staff without the CSRF token, or with a wrong one: 403, nothing deleted', async () => {
  const f = await pageForm(staff, page(11));
  for (const body of [{ version: f.values.version! }, { version: f.values.version!, _csrf: 'f'.repeat(64) }]) {
    const { res, changed } = await unchanged(() => staff.post(f.action).type('form').send(body));
    expect({ status: res.status, changed }).toEqual({ status: 403, changed: false });
  }
  expect(await exists(11)).toBe(true);
});

test('a stale version (someone saved the building since the page was opened): 409, nothing deleted', async () => {
  const f = await pageForm(staff, page(12));
  const edit = await pageForm(staff, '/admin/buildings/12/edit');
  expect((await staff.post(edit.action).type('form').send({ ...edit.values, floors: '30' })).status).toBe(303);
  const { res, changed } = await unchanged(() => staff.post(f.action).type('form').send(f.values));
  expect({ status: res.status, changed }).toEqual({ status: 409, changed: false });
  expect(errorSummary(res.text)?.text).toMatch(/Someone else changed this record/);
  expect(mainText(res.text)).toContain('open the record again');
  expect(await exists(12)).toBe(true);
});

test('confirmed: the building and its stage events are gone, audited, the batch page says so once, the rollups verify', async () => {
  await recordMilestone(s.db, SYSTEM_ACTOR, '2026-11-26', { target: { kind: 'building', id: 13 }, stage: 'topped_out', date: '2026-09-01', note: null });
  const events = await eventsOf(13);
  expect(events).toBe(2);
  const before = (await request(s.app).get('/api/v1/projects/1')).body.project.batches.find((b: { id: number }) => b.id === 2);
  const f = await pageForm(staff, page(13));
  const res = await staff.post(f.action).type('form').send(f.values);
  expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: '/batches/2' });
  expect({ exists: await exists(13), events: await eventsOf(13) }).toEqual({ exists: false, events: 0 });

  const audit = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'delete').where('object_type', '=', 'building').where('object_id', '=', 13).executeTakeFirstOrThrow();
  expect(audit.result).toBe('ok');
  expect(audit.after_json).toBeNull();
  expect(JSON.parse(audit.before_json!)).toMatchObject({ id: 13, batchId: 2, events: [expect.objectContaining({ stage: 'structure' }), expect.objectContaining({ stage: 'topped_out' })] });

  const batch = await staff.get('/batches/2');
  expect(batch.text).toMatch(/<p class="notice" role="status" id="flash">Building #5 and its stage events \(2\) were deleted\.<\/p>/);
  expect((await staff.get('/batches/2')).text).not.toContain('id="flash"'); // once
  expect((await request(s.app).get('/batches/2')).text).not.toContain('id="flash"'); // and never to anyone else

  const after = (await request(s.app).get('/api/v1/projects/1')).body.project.batches.find((b: { id: number }) => b.id === 2);
  const total = (b: { figures: { stageDistribution: Record<string, { buildings: number }> } }) => Object.values(b.figures.stageDistribution).reduce((n, x) => n + x.buildings, 0);
  expect(total(after)).toBe(total(before) - 1);
  expect((await verify()).differences).toEqual([]);

  // the page of a deleted building is gone too, and a second POST finds nothing to delete
  expect((await staff.get(page(13))).status).toBe(404);
  const again = await unchanged(() => staff.post(f.action).type('form').send(f.values));
  expect({ status: again.res.status, changed: again.changed }).toEqual({ status: 404, changed: false });
});

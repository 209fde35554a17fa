// Follow without an account: an iCalendar file (RFC 5545) of the delivery targets per project and
// batch, read here with a real calendar parser (Mozilla's ical.js), not by matching strings. Events
// keep their UID when a target is revised and raise SEQUENCE; the day is 2026-11-26 (the test
// configuration) and the public address is configured.
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { createBatch, updateBatch, type BatchInput } from '../../src/services/batch-building.service';
import { addBatch, addProject } from '../helpers/fixtures';
import { createTestContext, type TestContext } from '../helpers/test-app';
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };

// ical.js ships one set of types, written for its ES module; Jest loads its CommonJS build, the same object
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL: typeof ICALModule = require('ical.js');

// ical.js reads the calendar's name (X-WR-CALNAME, an extension) as raw text unless told it is TEXT
ICAL.design.icalendar.property['x-wr-calname'] = { defaultType: 'text' };

const AS_OF = '2026-11-26';
const BASE = 'https://tracker.example.gov.cn';
let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext({ publicBaseUrl: BASE }); });
afterAll(() => ctx.close());

let n = 0;
/** A project of its own for each test, in the seed's Zhao village. */
async function newProject(o: { plannedCompletion?: string } = {}): Promise<{ id: number; name: string; nameEn: string }> {
  n += 1;
  const name = `日历测试${n}号安置房`;
  const nameEn = `Calendar test ${n}`;
  return { id: await addProject(ctx.db, { villageId: 1, nameZh: name, nameEn, plannedCompletion: o.plannedCompletion ?? null }), name, nameEn };
}

const batchInput = (b: Partial<BatchInput>): BatchInput => ({
  nameZh: '第一批', nameEn: 'Batch 1', targetDeliveryDate: null, targetPrecision: 'day', actualDeliveryDate: null, households: null, note: null, ...b,
});

async function fetchCalendar(url: string) {
  const res = await request(ctx.app).get(url);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
  const calendar = new ICAL.Component(ICAL.parse(res.text));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  return { calendar, events, res };
}

test('a batch\'s file is a VCALENDAR with its target as an all-day event, linked to the batch\'s page', async () => {
  const p = await newProject();
  const batch = await createBatch(ctx.db, SYSTEM_ACTOR, AS_OF, p.id, batchInput({ targetDeliveryDate: '2027-06-30' }));
  const { calendar, events, res } = await fetchCalendar(`/calendar/batch/${batch}.ics`);
  expect(res.headers['content-disposition']).toBe(`inline; filename="batch-${batch}.ics"`);
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`${p.name} 第一批 · 交付目标`);
  expect(events).toHaveLength(1);
  const e = events[0]!;
  // all day on 30 June 2027; the (exclusive) end is the next day, 1 July
  expect(e.startDate.isDate).toBe(true);
  expect(e.startDate.toString()).toBe('2027-06-30');
  expect(e.endDate.toString()).toBe('2027-07-01');
  expect(e.uid).toBe(`batch-${batch}@tracker.example.gov.cn`);
  expect(e.sequence).toBe(0);
  expect(e.summary).toBe(`${p.name} 第一批：目标交付`);
  expect(e.description).toBe(`目标交付：2027年6月30日\n原定目标：2027年6月30日\n详情：${BASE}/batches/${batch}`);
  expect(e.component.getFirstPropertyValue('url')).toBe(`${BASE}/batches/${batch}`);
  expect(e.component.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
});

test('a revised target keeps the event\'s UID, raises SEQUENCE and moves the date; the description keeps the original and the reason', async () => {
  const p = await newProject();
  const batch = await createBatch(ctx.db, SYSTEM_ACTOR, AS_OF, p.id, batchInput({ targetDeliveryDate: '2027-06-30' }));
  const before = (await fetchCalendar(`/calendar/batch/${batch}.ics`)).events[0]!;
  const version = (await ctx.db.selectFrom('batches').select('version').where('id', '=', batch).executeTakeFirstOrThrow()).version;
  await updateBatch(ctx.db, SYSTEM_ACTOR, AS_OF, batch, Number(version), batchInput({ targetDeliveryDate: '2027-12-31', targetReason: '主体结构返工' }));
  for (const url of [`/calendar/batch/${batch}.ics`, `/calendar/project/${p.id}.ics`]) {
    const after = (await fetchCalendar(url)).events;
    expect(after).toHaveLength(1);
    expect(after[0]!.uid).toBe(before.uid);
    expect([before.sequence, after[0]!.sequence]).toEqual([0, 1]);
    expect([before.startDate.toString(), after[0]!.startDate.toString()]).toEqual(['2027-06-30', '2027-12-31']);
    expect(after[0]!.description).toBe(`目标交付：2027年12月31日\n原定目标：2027年6月30日\n已改期 1 次。最近一次（2026年11月26日）的原因：主体结构返工\n详情：${BASE}/batches/${batch}`);
  }
});

test('a project\'s file has one event per batch with a target; a delivered batch says so', async () => {
  const p = await newProject({ plannedCompletion: '2028-12-31' });
  const first = await createBatch(ctx.db, SYSTEM_ACTOR, AS_OF, p.id, batchInput({ targetDeliveryDate: '2026-09-30', actualDeliveryDate: '2026-10-15' }));
  const second = await createBatch(ctx.db, SYSTEM_ACTOR, AS_OF, p.id, batchInput({ nameZh: '第二批', nameEn: 'Batch 2', targetDeliveryDate: '2027-03-31', targetPrecision: 'month' }));
  await createBatch(ctx.db, SYSTEM_ACTOR, AS_OF, p.id, batchInput({ nameZh: '第三批', nameEn: 'Batch 3' }));
  const { calendar, events, res } = await fetchCalendar(`/calendar/project/${p.id}.ics`);
  expect(res.headers['content-disposition']).toBe(`inline; filename="project-${p.id}.ics"`);
  expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`${p.name} · 交付目标`);
  // the third batch has no target; the project's own target is not an event beside its batches'
  expect(events.map((e) => [e.uid, e.startDate.toString(), e.summary])).toEqual([
    [`batch-${first}@tracker.example.gov.cn`, '2026-09-30', `${p.name} 第一批：已交付`],
    [`batch-${second}@tracker.example.gov.cn`, '2027-03-31', `${p.name} 第二批：目标交付`],
  ]);
  expect(events[0]!.description).toContain('已于 2026年10月15日 交付。');
  // a target known to the month is on its last day, and said as a month
  expect(events[1]!.description).toContain('目标交付：2027年3月\n');
  expect(events[1]!.description).not.toContain('交付。');
});

test('a project without batches has its own target as its event', async () => {
  const p = await newProject({ plannedCompletion: '2028-12-31' });
  const { events } = await fetchCalendar(`/calendar/project/${p.id}.ics`);
  expect(events.map((e) => [e.uid, e.startDate.toString(), e.sequence, e.summary])).toEqual([[`project-${p.id}@tracker.example.gov.cn`, '2028-12-31', 0, `${p.name}：目标交付`]]);
  expect(events[0]!.component.getFirstPropertyValue('url')).toBe(`${BASE}/projects/${p.id}`);
});

test('English with the English language selection', async () => {
  const p = await newProject();
  const batch = await createBatch(ctx.db, SYSTEM_ACTOR, AS_OF, p.id, batchInput({ targetDeliveryDate: '2027-06-30' }));
  for (const pick of [(r: request.Test) => r.query({ lang: 'en' }), (r: request.Test) => r.set('Accept-Language', 'en')]) {
    const res = await pick(request(ctx.app).get(`/calendar/batch/${batch}.ics`));
    expect(res.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(res.text));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`${p.nameEn}, Batch 1 · delivery targets`);
    const e = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(e.summary).toBe(`${p.nameEn}, Batch 1: target delivery`);
    expect(e.description).toMatch(/^Target delivery: 30 Jun 2027\nOriginal target: 30 Jun 2027\nDetails: /);
  }
});

test('hostile names and reasons come back from the parser as they were written', async () => {
  const hostile = 'A栋\n;B,C\\<script>alert(1)</script>';
  const project = await addProject(ctx.db, { villageId: 1, nameZh: `项目;${hostile}` });
  const { batchId } = await addBatch(ctx.db, { projectId: project, sequence: 1, nameZh: hostile, targetDeliveryDate: '2027-06-30', buildings: 1, stage: 'structure', stageDate: '2025-01-10' });
  await ctx.db.insertInto('target_revisions').values({ scope_type: 'batch', scope_id: batchId, revised_on: '2026-11-20', target_date: '2027-06-30', target_precision: 'day', reason: `原因,一;二\n${hostile}`, user_id: null, username: null, created_at: '2026-11-20T02:00:00.000Z' }).execute();
  const { calendar, events, res } = await fetchCalendar(`/calendar/batch/${batchId}.ics`);
  expect(res.text).not.toMatch(/^;B/m);
  expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`项目;${hostile} ${hostile} · 交付目标`);
  expect(events).toHaveLength(1);
  expect(events[0]!.summary).toBe(`项目;${hostile} ${hostile}：目标交付`);
  expect(events[0]!.description).toContain(`的原因：原因,一;二\n${hostile}\n`);
});

test('an id that does not exist is 404, as is an unknown kind of scope or file; a malformed id is refused', async () => {
  expect((await request(ctx.app).get('/calendar/batch/999999.ics')).status).toBe(404);
  expect((await request(ctx.app).get('/calendar/project/999999.ics')).status).toBe(404);
  expect((await request(ctx.app).get('/calendar/village/1.ics')).status).toBe(404);
  expect((await request(ctx.app).get('/calendar/batch/1.ical')).status).toBe(404);
  expect((await request(ctx.app).get('/calendar/batch/abc.ics')).status).toBe(400);
  expect((await request(ctx.app).get('/calendar/project/0.ics')).status).toBe(400);
});

test('the project, batch and building pages link their calendar: a <link rel="alternate"> and a visible link', async () => {
  const building = await ctx.db.selectFrom('buildings').select(['id', 'batch_id']).orderBy('id').executeTakeFirstOrThrow();
  for (const [url, ics] of [['/projects/1', '/calendar/project/1.ics'], ['/batches/1', '/calendar/batch/1.ics'], [`/buildings/${building.id}`, `/calendar/batch/${building.batch_id}.ics`]] as const) {
    const html = (await request(ctx.app).get(url)).text;
    expect(html).toContain(`<link rel="alternate" type="text/calendar" href="${ics}"`);
    expect(html).toContain(`<a href="${ics}" type="text/calendar">加入日历（.ics）</a>`);
  }
  expect((await request(ctx.app).get('/villages/1')).text).not.toContain('text/calendar');
});

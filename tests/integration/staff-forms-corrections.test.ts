// One source of truth for a building's stage (issue 11), through the staff forms as a browser uses
// them: a stage put back is refused unless it comes with a correction reason, is then stored and
// audited as a correction and shown as one on the public record; a building moves only to another
// batch of its own project, and the rollups stay what a computation from scratch gives.
import request from 'supertest';
import { createBatch } from '../../src/services/batch-building.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { verifyRollups } from '../../src/services/rollup.service';
import { createStaffApp, snapshotData, type StaffApp } from '../helpers/staff-app';
import { signedInAgent, type Agent } from '../helpers/sign-in';
import { controlValue, errorSummary, fieldError } from '../helpers/forms';
import { pageForm } from '../helpers/staff-forms';
import { decodeEntities } from '../helpers/html';

let s: StaffApp;
let staff: Agent;
beforeAll(async () => {
  s = await createStaffApp();
  staff = (await signedInAgent(s.app, s.db, 'staff', { lang: 'en' })).agent;
});
afterAll(async () => {
  await s.close();
});

/** The seed's batch 1 is at landscaping: the message names the stage the building would leave. */
const STAGE_BACK = /would put the building back from “Landscaping & ancillary”, a stage it has reached/;
// Jest runs the tests of this file in a random order: each works on buildings of its own (the seed's
// batch 1 holds buildings 1–8 at landscaping, batch 2 buildings 9–15 at structure).

/** Opens the page, changes some fields, posts what a browser would; the answer and whether any table changed. */
async function submit(page: string, changes: Record<string, string>) {
  const f = await pageForm(staff, page);
  const before = JSON.stringify(await snapshotData(s.db));
  const res = await staff.post(f.action).type('form').send({ ...f.values, ...changes });
  return { res, changed: JSON.stringify(await snapshotData(s.db)) !== before };
}

const building = (id: number) => s.db.selectFrom('buildings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const lastAudit = () => s.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
/** What a reader sees of a piece of markup. */
const textOf = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
const verify = () => s.db.transaction().execute((trx) => verifyRollups(trx));
/** The codes in the buildings table of a public batch page, as a resident reads them (anonymous, Chinese). */
async function codesOnBatchPage(batchId: number): Promise<string[]> {
  const html = (await request(s.app).get(`/batches/${batchId}`)).text;
  const table = /<section aria-labelledby="h-buildings">([\s\S]*?)<\/section>/.exec(html)![1]!;
  // each building's row is headed by its number, a link to its page (a card of its own on a phone)
  return [...table.matchAll(/<tr>\s*<th scope="row"[^>]*>(?:<a href="\/buildings\/\d+">)?([^<]*)(?:<\/a>)?<\/th>/g)].map((m) => m[1]!.trim());
}

describe('the milestone form', () => {
  test('shows the correction reason field with its hint', async () => {
    const html = (await staff.get('/admin/milestones/new?batch=1')).text;
    expect(controlValue(html, 'f-correctionReason')).toBe('');
    expect(html).toContain('Only to put a building back to an earlier stage');
  });

  test('a stage put back without a reason: 400 naming the stage, with the message, nothing written', async () => {
    const { res, changed } = await submit('/admin/milestones/new?batch=1', { target: 'building:7', stage: 'structure', date: '2026-11-20' });
    expect({ status: res.status, changed }).toEqual({ status: 400, changed: false });
    expect(errorSummary(res.text)?.fields).toEqual(['stage']);
    expect(fieldError(res.text, 'stage')).toMatch(STAGE_BACK);
    expect(controlValue(res.text, 'f-stage')).toBe('structure'); // what was chosen is kept
  });

  test('with a reason: stored and audited as a correction, and the public record says so with the reason', async () => {
    const reason = '误录为园建阶段，<b>实为</b>主体施工';
    const { res } = await submit('/admin/milestones/new?batch=1', { target: 'building:1', stage: 'structure', date: '2026-11-20', correctionReason: reason });
    expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: '/batches/1' });
    const m = await s.db.selectFrom('milestones').selectAll().where('building_id', '=', 1).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect({ stage: m.stage, date: m.date, is_correction: m.is_correction, correction_reason: m.correction_reason })
      .toEqual({ stage: 'structure', date: '2026-11-20', is_correction: 1, correction_reason: reason });
    expect((await building(1)).stage).toBe('structure');
    const audit = await lastAudit();
    expect({ action: audit.action, object_type: audit.object_type, object_id: Number(audit.object_id) }).toEqual({ action: 'correct_stage', object_type: 'building', object_id: 1 });
    expect(JSON.parse(audit.after_json ?? 'null')).toMatchObject({ stage: 'structure', correctionReason: reason });
    expect((await verify()).differences).toEqual([]);

    for (const page of ['/batches/1', '/projects/1']) {
      const html = (await request(s.app).get(page)).text;
      const item = [...html.matchAll(/<li><time datetime="2026-11-20">[\s\S]*?<\/li>/g)].map((x) => x[0]).find((x) => x.includes('badge'));
      expect({ page, item: item && textOf(item) }).toEqual({ page, item: expect.stringContaining('更正 原因：误录为园建阶段，<b>实为</b>主体施工') });
      expect(html).toContain('&lt;b&gt;实为&lt;/b&gt;'); // escaped, never markup
      expect(html).not.toContain('<b>实为</b>');
    }
  });

  test('an ordinary milestone on another day is listed without the correction badge', async () => {
    const { res } = await submit('/admin/milestones/new?batch=1', { target: 'building:5', stage: 'accepted', date: '2026-11-24' });
    expect(res.status).toBe(303);
    const html = (await request(s.app).get('/batches/1')).text;
    const item = /<li><time datetime="2026-11-24">[\s\S]*?<\/li>/.exec(html)![0];
    expect(item).not.toContain('badge');
  });
});

describe('the building edit form', () => {
  let otherProjectBatch: number;
  beforeAll(async () => {
    otherProjectBatch = await createBatch(s.db, SYSTEM_ACTOR, '2026-11-26', 2, {
      nameZh: '集体经适房一批', nameEn: null, targetDeliveryDate: null, targetPrecision: 'day', actualDeliveryDate: null, households: null, note: null,
    });
  });

  test('offers the batches of the building\'s own project, its own selected', async () => {
    const html = (await staff.get('/admin/buildings/6/edit')).text;
    const select = /<select id="f-batchId"[^>]*>([\s\S]*?)<\/select>/.exec(html)![1]!;
    expect([...select.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([1, 2]);
    expect(controlValue(html, 'f-batchId')).toBe('1');
    expect(controlValue(html, 'f-correctionReason')).toBe('');
  });

  test('a stage put back without a reason: 400 naming the stage; with one, a correction', async () => {
    const refused = await submit('/admin/buildings/3/edit', { stage: 'foundation', stageDate: '2026-11-01' });
    expect({ status: refused.res.status, changed: refused.changed }).toEqual({ status: 400, changed: false });
    expect(fieldError(refused.res.text, 'stage')).toMatch(STAGE_BACK);
    const { res } = await submit('/admin/buildings/3/edit', { stage: 'foundation', stageDate: '2026-11-01', correctionReason: '地基返工' });
    expect(res.status).toBe(303);
    const m = await s.db.selectFrom('milestones').selectAll().where('building_id', '=', 3).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect({ stage: m.stage, is_correction: m.is_correction, correction_reason: m.correction_reason }).toEqual({ stage: 'foundation', is_correction: 1, correction_reason: '地基返工' });
    expect((await building(3)).stage).toBe('foundation');
    expect((await verify()).differences).toEqual([]);
  });

  test('moved to another batch of the same project: both batch pages show it moved, and the rollups verify', async () => {
    expect(await codesOnBatchPage(2)).not.toContain('M2#');
    const before = { one: (await codesOnBatchPage(1)).length, two: (await codesOnBatchPage(2)).length };
    const { res } = await submit('/admin/buildings/2/edit', { code: 'M2#', batchId: '2' });
    expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: '/batches/2' });
    expect((await building(2)).batch_id).toBe(2);
    const one = await codesOnBatchPage(1);
    const two = await codesOnBatchPage(2);
    expect({ one: one.length, two: two.length }).toEqual({ one: before.one - 1, two: before.two + 1 });
    expect(one).not.toContain('M2#');
    expect(two[two.length - 1]).toBe('M2#'); // last in its new batch
    const api = (await request(s.app).get('/api/v1/projects/1')).body.project.batches as { id: number; figures: { stageDistribution: Record<string, { buildings: number }> } }[];
    const count = (id: number) => Object.values(api.find((b) => b.id === id)!.figures.stageDistribution).reduce((n, x) => n + x.buildings, 0);
    expect({ one: count(1), two: count(2) }).toEqual({ one: before.one - 1, two: before.two + 1 });
    expect((await verify()).differences).toEqual([]);
    expect((await lastAudit()).action).toBe('update');
  });

  test('moved to a batch of another project (a forged POST): 400 on the batch, nothing written', async () => {
    const { res, changed } = await submit('/admin/buildings/4/edit', { batchId: String(otherProjectBatch) });
    expect({ status: res.status, changed }).toEqual({ status: 400, changed: false });
    expect(errorSummary(res.text)?.fields).toEqual(['batchId']);
    expect(fieldError(res.text, 'batchId')).toMatch(/only to another batch of the same project/);
    expect((await building(4)).batch_id).toBe(1);
  });

  test('to a batch that does not exist: the same refusal', async () => {
    const { res, changed } = await submit('/admin/buildings/4/edit', { batchId: '999999' });
    expect({ status: res.status, changed, fields: errorSummary(res.text)?.fields }).toEqual({ status: 400, changed: false, fields: ['batchId'] });
  });

  test('the new-building form has neither a batch select nor a correction reason, and ignores a forged batchId', async () => {
    const html = (await staff.get('/admin/batches/1/buildings/new')).text;
    expect(controlValue(html, 'f-batchId')).toBeUndefined();
    expect(controlValue(html, 'f-correctionReason')).toBeUndefined();
    const { res } = await submit('/admin/batches/1/buildings/new', { code: 'N1#', batchId: String(otherProjectBatch) });
    expect({ status: res.status, location: res.headers.location }).toEqual({ status: 303, location: '/batches/1' });
    expect(Number((await s.db.selectFrom('buildings').select('batch_id').where('code', '=', 'N1#').executeTakeFirstOrThrow()).batch_id)).toBe(1);
  });
});

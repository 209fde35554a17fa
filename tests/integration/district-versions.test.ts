// Each district has its own counter (migration 0009), bumped by trigger in the writing transaction
// by any write inside it, whoever makes it; district 0 by what every page shows. Cached public pages
// and the site's per-district parts are kept under these counters: a write in one district must
// invalidate that district's answers, and leaves the other districts' in place.
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { recordMilestone } from '../../src/services/milestone-report.service';
import { createProject, createVillage } from '../../src/services/village-project.service';
import { getProject } from '../../src/repositories/entity.repository';
import { createBatch, createBuilding } from '../../src/services/batch-building.service';
import { createTestContext, type TestContext } from '../helpers/test-app';

const AS_OF = '2026-11-26';
let ctx: TestContext;
/** The seed's district (1) and a second one made here, with a village, a project, a batch and a building of its own. */
let other: { district: number; village: number; project: number; batch: number; building: number };

beforeAll(async () => {
  ctx = await createTestContext();
  const village = await createVillage(ctx.db, SYSTEM_ACTOR, AS_OF, { districtName: '计数测试区', nameZh: '计数村', nameEn: null, householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null });
  const { id: _id, sourceId: _s, isDemo: _d, version: _v, status: _st, ...input } = (await getProject(ctx.db, 1))!;
  const project = await createProject(ctx.db, SYSTEM_ACTOR, AS_OF, { ...input, nameZh: '计数项目', villageId: village });
  const batch = await createBatch(ctx.db, SYSTEM_ACTOR, AS_OF, project, { nameZh: '第一批', nameEn: null, targetDeliveryDate: null, targetPrecision: 'day', actualDeliveryDate: null, households: null, note: null });
  const building = await createBuilding(ctx.db, SYSTEM_ACTOR, AS_OF, batch, { code: '1#', floors: 18, floorAreaM2: 10_000, dwellingUnits: null, stage: 'foundation', stageDate: '2026-05-01' });
  const district = Number((await ctx.db.selectFrom('villages').select('district_id').where('id', '=', village).executeTakeFirstOrThrow()).district_id);
  other = { district, village, project, batch, building };
});
afterAll(() => ctx.close());

const counters = async () => new Map((await ctx.db.selectFrom('district_versions').select(['district_id', 'version']).execute()).map((r) => [Number(r.district_id), Number(r.version)]));
/** Which counters a write moved (district ids, in order). */
async function moved(write: () => Promise<unknown>): Promise<number[]> {
  const before = await counters();
  await write();
  const after = await counters();
  return [...after].filter(([id, v]) => v !== before.get(id)).map(([id]) => id).sort((a, b) => a - b);
}

describe('the counters', () => {
  test('every district has one from its creation, and district 0 is there', async () => {
    const c = await counters();
    expect([...c.keys()].sort((a, b) => a - b)).toEqual([0, 1, other.district]);
  });

  test('a milestone moves only its own district\'s counter, written by any writer (a bare UPDATE too)', async () => {
    expect(await moved(() => recordMilestone(ctx.db, SYSTEM_ACTOR, AS_OF, { target: { kind: 'building', id: other.building }, stage: 'structure', date: '2026-06-01', note: null }))).toEqual([other.district]);
    expect(await moved(() => ctx.db.updateTable('buildings').set({ floors: 19 }).where('id', '=', other.building).execute())).toEqual([other.district]);
    expect(await moved(() => ctx.db.updateTable('batches').set({ note: '备注' }).where('id', '=', 1).execute())).toEqual([1]);
  });

  test('a report of a project, of a village and of a district each move their district', async () => {
    const report = (over: Record<string, unknown>) => ctx.db.insertInto('progress_reports').values({
      scope_type: 'project', district_id: null, village_id: null, project_id: null, as_of: '2026-10-01', planned_area_m2: null, started_area_m2: null, delivered_area_m2: null,
      households_entitled: null, households_returned: null, people_entitled: null, people_returned: null, published_start_rate: null, published_delivery_rate: null,
      published_return_rate: null, source_id: null, note: null, note_en: null, correction_reason: null, created_at: '2026-10-01T00:00:00Z', ...over,
    }).execute();
    expect(await moved(() => report({ scope_type: 'project', project_id: other.project }))).toEqual([other.district]);
    expect(await moved(() => report({ scope_type: 'village', village_id: other.village }))).toEqual([other.district]);
    expect(await moved(() => report({ scope_type: 'district', district_id: 1 }))).toEqual([1]);
  });

  test('a target revision of a batch and of a project move their district', async () => {
    const revision = (scope_type: 'batch' | 'project', scope_id: number) => ctx.db.insertInto('target_revisions').values({
      scope_type, scope_id, revised_on: AS_OF, target_date: '2027-06-30', target_precision: 'day', reason: '测试', user_id: null, username: null, created_at: '2026-11-26T00:00:00Z',
    }).execute();
    expect(await moved(() => revision('batch', other.batch))).toEqual([other.district]);
    expect(await moved(() => revision('project', 1))).toEqual([1]);
  });

  test('household counts and allowance rules move their district', async () => {
    expect(await moved(() => ctx.db.insertInto('household_counts').values({
      batch_id: other.batch, as_of: '2026-10-01', households: 10, allocated: 5, notices: 0, handed_over: 0, moved_in: 0, certificates: 0, correction_reason: null, source_id: null, created_at: '2026-10-01T00:00:00Z',
    }).execute())).toEqual([other.district]);
    expect(await moved(() => ctx.db.insertInto('allowance_rules').values({
      district_id: 1, effective_from: '2023-01-01', basis: 'household', amount_yuan: 1200, min_area_m2: null, after_months: 0, multiplier: 1, paid_until: 'handover_month',
    }).execute())).toEqual([1]);
  });

  test('a move moves both districts: the one left and the one joined', async () => {
    expect(await moved(() => ctx.db.updateTable('villages').set({ district_id: 1 }).where('id', '=', other.village).execute())).toEqual([1, other.district]);
    expect(await moved(() => ctx.db.updateTable('villages').set({ district_id: other.district }).where('id', '=', other.village).execute())).toEqual([1, other.district]);
  });

  test('settings, stage weights, sources and district names move district 0, which every page depends on', async () => {
    expect(await moved(() => ctx.db.updateTable('settings').set({ value: '91' }).where('key', '=', 'stale_after_days').execute())).toEqual([0]);
    expect(await moved(() => ctx.db.updateTable('stage_weights').set({ weight: 35 }).where('stage', '=', 'foundation').execute())).toEqual([0]);
    expect(await moved(() => ctx.db.updateTable('districts').set({ name_en: 'Counting District' }).where('id', '=', other.district).execute())).toEqual([0]);
  });

  test('a statement that writes nothing moves nothing', async () => {
    expect(await moved(() => ctx.db.updateTable('buildings').set({ floors: 1 }).where('id', '=', -1).execute())).toEqual([]);
  });
});

describe('what they key', () => {
  test('a write in one district leaves another district\'s cached page in place, and renews its own at once', async () => {
    const mine = await request(ctx.app).get(`/projects/${other.project}`);
    const theirs = await request(ctx.app).get('/projects/1');
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    await createBuilding(ctx.db, SYSTEM_ACTOR, AS_OF, other.batch, { code: '2#', floors: 11, floorAreaM2: 5_000, dwellingUnits: null, stage: 'planned', stageDate: null });
    // the other district's page is the one kept: its ETag still holds
    expect((await request(ctx.app).get('/projects/1').set('If-None-Match', String(theirs.headers.etag))).status).toBe(304);
    const renewed = await request(ctx.app).get(`/projects/${other.project}`).set('If-None-Match', String(mine.headers.etag));
    expect(renewed.status).toBe(200);
    expect(renewed.headers.etag).not.toBe(mine.headers.etag);
    const api = await request(ctx.app).get(`/api/v1/projects/${other.project}`);
    expect(api.body.project.batches[0].buildings.map((b: { code: string }) => b.code)).toContain('2#');
  });

  test('the site summary after a write in one district shows it, the other district\'s part unchanged', async () => {
    const before = (await request(ctx.app).get('/api/v1/summary')).body;
    await createBuilding(ctx.db, SYSTEM_ACTOR, AS_OF, other.batch, { code: '3#', floors: 11, floorAreaM2: 5_000, dwellingUnits: null, stage: 'planned', stageDate: null });
    const after = (await request(ctx.app).get('/api/v1/summary')).body;
    type Summary = { districts: { id: number; figures: { buildingCount: number } }[] };
    const byId = (body: Summary, id: number) => body.districts.find((d) => d.id === id)!;
    expect(byId(after, 1)).toEqual(byId(before, 1));
    // one building more in the other district, counted at once
    expect(byId(after, other.district).figures.buildingCount).toBe(byId(before, other.district).figures.buildingCount + 1);
  });

  test('a setting every page shows renews every district\'s pages', async () => {
    const page = await request(ctx.app).get('/projects/1');
    await ctx.db.updateTable('settings').set({ value: '92' }).where('key', '=', 'stale_after_days').execute();
    expect((await request(ctx.app).get('/projects/1').set('If-None-Match', String(page.headers.etag))).status).toBe(200);
  });
});

import fc from 'fast-check';
import { freshGet } from '../helpers/fresh';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { generateDemo } from '../../seeds/demo';
import { fromScratch as loadFromScratch } from '../helpers/from-scratch';
import { makeLookup } from '../../src/web/view-models/lookup';
import { projectJson, villageJson } from '../../src/web/view-models/api.presenter';
import { recordMilestone, submitReport } from '../../src/services/milestone-report.service';
import { updateBatch } from '../../src/services/batch-building.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { STAGES } from '../../src/domain/types';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import pino from 'pino';
import { createDb, type Db } from '../../src/db/create-db';

// The cached read path must serve exactly what the engine computes from scratch, after any sequence
// of writes, reads interleaved (so that older versions sit in the caches), in this app and in a
// second app on the same database (another process). Anonymous readers may be answered from the
// previous figures while the new ones are computed: freshGet waits (briefly) for the latest version
// and fails if an answer ever goes back to an older one.
let ctx: TestContext;
let other: ReturnType<typeof createApp>;
let otherDb: Db;
const AS_OF = '2026-11-26';

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.db.transaction().execute((trx) => generateDemo(trx, { seed: 5, villages: 2, asOf: AS_OF, now: '2026-11-26T00:00:00Z' }));
  // A second app on its own connection to the same database: another server process, as it were.
  otherDb = createDb(ctx.url);
  other = createApp({ config: loadConfig({ NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', DATABASE_URL: ctx.url, AS_OF, LOG_LEVEL: 'silent' }), db: otherDb, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await otherDb.destroy();
  await ctx.close();
});

async function fromScratch() {
  const l = makeLookup(await loadFromScratch(ctx.db, AS_OF));
  return {
    projects: l.snapshot.projects.map((p) => projectJson(p, l.figures.projects.get(p.id)!, l.source)),
    villages: l.snapshot.villages.map((v) => villageJson(v, l.figures.villages.get(v.id)!, l.source, (l.projectsOf.get(v.id) ?? []).length)),
  };
}

// Every write generated here is one the rules accept (ids that exist, dates not after asOf, reports
// as corrections so that a lower figure is allowed, a stage that would set a building back sent again
// as a correction): each must land, or the test fails.
const write = fc.oneof(
  fc.record({ kind: fc.constant('milestone' as const), building: fc.nat(), stage: fc.constantFrom(...STAGES), day: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ kind: fc.constant('report' as const), village: fc.nat(), returned: fc.integer({ min: 0, max: 500 }), day: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ kind: fc.constant('target' as const), batch: fc.nat(), day: fc.integer({ min: -500, max: 1500 }) }),
);

const dateFrom = (day: number) => new Date(Date.UTC(2023, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

type Write = typeof write extends fc.Arbitrary<infer W> ? W : never;

const ids = async (table: 'buildings' | 'villages' | 'batches') => (await ctx.db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => Number(r.id));
const pick = (list: number[], n: number) => list[n % list.length]!;
const count = async (table: 'milestones' | 'progress_reports') => Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** Applies one write and checks that it is in the database afterwards. */
async function apply(w: Write) {
  if (w.kind === 'milestone') {
    const id = pick(await ids('buildings'), w.building);
    const before = await count('milestones');
    const m = { target: { kind: 'building' as const, id }, stage: w.stage, date: dateFrom(w.day), note: null };
    const refused = await recordMilestone(ctx.db, SYSTEM_ACTOR, AS_OF, m).then(() => null, (err: unknown) => err);
    if (refused !== null) {
      // only the step back is refused, and refused whole; as a correction with a reason it is taken
      expect(refused).toMatchObject({ fieldErrors: { stage: expect.stringMatching(/^validation\.stage_back\|/) } });
      expect(await count('milestones')).toBe(before);
      await recordMilestone(ctx.db, SYSTEM_ACTOR, AS_OF, { ...m, correctionReason: 'property test' });
    }
    expect(await count('milestones')).toBe(before + 1);
    const row = await ctx.db.selectFrom('milestones').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect([Number(row.building_id), row.stage, row.date]).toEqual([id, w.stage, dateFrom(w.day)]);
  }
  if (w.kind === 'report') {
    const id = pick(await ids('villages'), w.village);
    const before = await count('progress_reports');
    await submitReport(ctx.db, SYSTEM_ACTOR, AS_OF, {
      scopeType: 'village', scopeId: id, asOf: dateFrom(w.day), plannedAreaM2: null, startedAreaM2: null, deliveredAreaM2: null,
      householdsEntitled: null, householdsReturned: null, peopleEntitled: null, peopleReturned: w.returned, publishedStartRate: null,
      publishedDeliveryRate: null, publishedReturnRate: null, sourceTitle: null, note: null, isCorrection: true, correctionReason: 'property test',
    });
    expect(await count('progress_reports')).toBe(before + 1);
  }
  if (w.kind === 'target') {
    const b = await ctx.db.selectFrom('batches').selectAll().where('id', '=', pick(await ids('batches'), w.batch)).executeTakeFirstOrThrow();
    await updateBatch(ctx.db, SYSTEM_ACTOR, AS_OF, b.id, b.version, { nameZh: b.name_zh, nameEn: b.name_en, targetDeliveryDate: dateFrom(w.day), targetPrecision: 'day', actualDeliveryDate: b.actual_delivery_date, households: b.households, note: b.note });
    const after = await ctx.db.selectFrom('batches').select('target_delivery_date').where('id', '=', b.id).executeTakeFirstOrThrow();
    expect(after.target_delivery_date).toBe(dateFrom(w.day));
  }
}

/**
 * A few figures worked out here from the rows, without the engine: per project the building counts
 * and the construction progress (area-weighted when every area is known, else by buildings), per
 * village the return rate of its latest report known on AS_OF. If the engine and this disagree, one
 * of them is wrong.
 */
async function independently() {
  const weights = new Map((await ctx.db.selectFrom('stage_weights').selectAll().execute()).map((r) => [r.stage, Number(r.weight)]));
  const rows = await ctx.db.selectFrom('buildings').innerJoin('batches', 'batches.id', 'buildings.batch_id')
    .select(['batches.project_id as projectId', 'buildings.stage as stage', 'buildings.floor_area_m2 as area']).execute();
  const projects = new Map<number, { n: number; delivered: number; started: number; progress: number | null }>();
  for (const p of await ctx.db.selectFrom('projects').select('id').execute()) {
    const bs = rows.filter((r) => Number(r.projectId) === Number(p.id));
    const w = (stage: string) => weights.get(stage)!;
    const known = bs.every((b) => b.area !== null);
    const total = bs.reduce((t, b) => t + Number(b.area ?? 0), 0);
    const progress = bs.length === 0 ? null
      : known && total > 0 ? bs.reduce((t, b) => t + Number(b.area) * w(b.stage), 0) / total / 100
        : bs.reduce((t, b) => t + w(b.stage), 0) / bs.length / 100;
    projects.set(Number(p.id), { n: bs.length, delivered: bs.filter((b) => b.stage === 'delivered').length, started: bs.filter((b) => b.stage !== 'planned').length, progress });
  }
  const villages = new Map<number, number | null>();
  for (const v of await ctx.db.selectFrom('villages').selectAll().execute()) {
    const [latest] = await ctx.db.selectFrom('progress_reports').selectAll().where('village_id', '=', v.id).where('as_of', '<=', AS_OF)
      .orderBy('as_of', 'desc').orderBy('id', 'desc').limit(1).execute();
    const entitled = v.people_entitled ?? latest?.people_entitled ?? null;
    const returned = latest?.people_returned ?? null;
    villages.set(Number(v.id), entitled === null || returned === null || Number(entitled) === 0 ? null : Number(returned) / Number(entitled));
  }
  return { projects, villages };
}

async function run(writes: Write[]) {
  for (const w of writes) {
    await apply(w);
    const [served, servedElsewhere, villages, truth, own] = await Promise.all([
      freshGet(ctx.app, ctx.db, '/api/v1/projects'),
      freshGet(other, ctx.db, '/api/v1/projects'),
      freshGet(ctx.app, ctx.db, '/api/v1/villages'),
      fromScratch(),
      independently(),
    ]);
    expect(served.body.projects).toEqual(JSON.parse(JSON.stringify(truth.projects)));
    expect(servedElsewhere.body.projects).toEqual(JSON.parse(JSON.stringify(truth.projects)));
    expect(villages.body.villages).toEqual(JSON.parse(JSON.stringify(truth.villages)));
    for (const p of served.body.projects as { id: number; figures: { buildingCount: number; buildingsDelivered: number; buildingsStarted: number; constructionProgress: number | null } }[]) {
      const mine = own.projects.get(p.id)!;
      expect([p.id, p.figures.buildingCount, p.figures.buildingsStarted, p.figures.buildingsDelivered]).toEqual([p.id, mine.n, mine.started, mine.delivered]);
      if (mine.progress === null) expect(p.figures.constructionProgress).toBeNull();
      else expect(p.figures.constructionProgress).toBeCloseTo(mine.progress, 9);
    }
    for (const v of villages.body.villages as { id: number; figures: { peopleReturnRate: number | null } }[]) {
      const mine = own.villages.get(v.id)!;
      if (mine === null) expect(v.figures.peopleReturnRate).toBeNull();
      else expect(v.figures.peopleReturnRate).toBeCloseTo(mine, 12);
    }
  }
}

test('after any sequence of writes the served figures equal the engine computed from scratch', async () => {
  await fc.assert(fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 6 }), (ws) => run(ws)), { numRuns: 12 });
}, 120_000);

import fc from 'fast-check';
import pino from 'pino';
import { freshGet } from '../helpers/fresh';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { fromScratch as loadFromScratch } from '../helpers/from-scratch';
import { applyWrite, writeArb, type Write } from '../helpers/random-writes';
import { generateDemo } from '../../seeds/demo';
import { makeLookup } from '../../src/web/view-models/lookup';
import { districtJson, householdsJson, projectJson, villageJson } from '../../src/web/view-models/api.presenter';
import { ladderOf, type HouseholdCounts } from '../../src/domain/households';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { createVillage } from '../../src/services/village-project.service';
import { rebuildRollups, verifyRollups } from '../../src/services/rollup.service';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDb, type Db } from '../../src/db/create-db';

// After any sequence of writes of every kind (see random-writes.ts), what the pages' API shows, in
// this app and in a second app on the same database (another process), equals the engine computed
// from scratch over the whole model, the stored rollups equal a recomputation (`figures verify`), and
// a few figures worked out here from the rows agree. The rollups are kept by each writer in its own
// transaction: a writer that forgot them would show here as a difference after its write.
let ctx: TestContext;
let other: ReturnType<typeof createApp>;
let otherDb: Db;
const AS_OF = '2026-11-26';

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.db.transaction().execute((trx) => generateDemo(trx, { seed: 5, villages: 2, asOf: AS_OF, now: '2026-11-26T00:00:00Z' }));
  // a second, empty district for villages to move to
  await createVillage(ctx.db, SYSTEM_ACTOR, AS_OF, { districtName: '属性测试区', nameZh: '属性测试村', nameEn: null, householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null, noteEn: null });
  otherDb = createDb(ctx.url);
  other = createApp({ config: loadConfig({ NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', DATABASE_URL: ctx.url, AS_OF, LOG_LEVEL: 'silent' }), db: otherDb, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await otherDb.destroy();
  await ctx.close();
});

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

async function fromScratch() {
  const l = makeLookup(await loadFromScratch(ctx.db, AS_OF));
  // households from the batches' records themselves (ladderOf), not from the rollup
  const records = new Map<number, HouseholdCounts[]>();
  for (const r of await ctx.db.selectFrom('household_counts').selectAll().execute()) {
    records.set(Number(r.batch_id), [...(records.get(Number(r.batch_id)) ?? []), {
      asOf: r.as_of, households: Number(r.households), allocated: Number(r.allocated), notices: Number(r.notices), handedOver: Number(r.handed_over), movedIn: Number(r.moved_in), certificates: Number(r.certificates),
    }]);
  }
  const batchesOfProject = (id: number) => (l.batchesOf.get(id) ?? []).map((b) => b.id);
  const batchesOfVillage = (id: number) => (l.projectsOf.get(id) ?? []).flatMap((p) => batchesOfProject(p.id));
  const ladder = (batchIds: number[]) => householdsJson(ladderOf(batchIds.map((id) => records.get(id) ?? []), AS_OF));
  return json({
    projects: l.snapshot.projects.map((p) => ({ ...projectJson(p, l.figures.projects.get(p.id)!, l.source), households: ladder(batchesOfProject(p.id)) })),
    villages: l.snapshot.villages.map((v) => ({ ...villageJson(v, l.figures.villages.get(v.id)!, l.source, (l.projectsOf.get(v.id) ?? []).length), households: ladder(batchesOfVillage(v.id)) })),
    districts: l.snapshot.districts.map((d) => ({ ...districtJson(d, l.figures.districts.get(d.id)!, l.source), households: ladder((l.villagesOf.get(d.id) ?? []).flatMap((v) => batchesOfVillage(v.id))) })),
  });
}

/**
 * Figures worked out here from the rows, without the engine: per project the building counts and
 * the construction progress (area-weighted when every area is known, else by buildings), per
 * village the return rate of its latest report known on AS_OF.
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

const done: Record<string, number> = {};

async function run(writes: Write[]) {
  // each run starts from rollups rebuilt from scratch, so that a failure (and its shrinking) is about its own writes
  await ctx.db.transaction().execute((trx) => rebuildRollups(trx));
  for (const w of writes) {
    const what = await applyWrite(ctx.db, AS_OF, w);
    done[what] = (done[what] ?? 0) + 1;
    const [served, servedElsewhere, villages, summary, truth, own, verify] = await Promise.all([
      freshGet(ctx.app, ctx.db, '/api/v1/projects?limit=200'),
      freshGet(other, ctx.db, '/api/v1/projects?limit=200'),
      freshGet(other, ctx.db, '/api/v1/villages?limit=200'),
      freshGet(ctx.app, ctx.db, '/api/v1/summary'),
      fromScratch(),
      independently(),
      ctx.db.transaction().execute((trx) => verifyRollups(trx)),
    ]);
    expect({ after: what, differences: verify.differences }).toEqual({ after: what, differences: [] });
    expect({ after: what, projects: served.body.projects }).toEqual({ after: what, projects: truth.projects });
    expect({ after: what, projects: servedElsewhere.body.projects }).toEqual({ after: what, projects: truth.projects });
    expect({ after: what, villages: villages.body.villages }).toEqual({ after: what, villages: truth.villages });
    expect({ after: what, districts: summary.body.districts }).toEqual({ after: what, districts: truth.districts });
    // each district's own list, cached under that district's counter: a write that forgot to bump
    // one of the districts it touched (a move bumps both) would leave a stale list here
    for (const d of await ctx.db.selectFrom('districts').select('id').orderBy('id').execute()) {
      const ids = new Set((await ctx.db.selectFrom('projects').innerJoin('villages', 'villages.id', 'projects.village_id')
        .select('projects.id').where('villages.district_id', '=', d.id).execute()).map((r) => Number(r.id)));
      const inDistrict = truth.projects.filter((p: { id: number }) => ids.has(p.id));
      for (const app of [ctx.app, other]) {
        const list = await freshGet(app, ctx.db, `/api/v1/projects?district=${d.id}&limit=200`);
        expect({ after: what, district: d.id, projects: list.body.projects }).toEqual({ after: what, district: d.id, projects: inDistrict });
      }
    }
    for (const p of served.body.projects as { id: number; figures: { buildingCount: number; buildingsDelivered: number; buildingsStarted: number; constructionProgress: number | null } }[]) {
      const mine = own.projects.get(p.id)!;
      expect([what, p.id, p.figures.buildingCount, p.figures.buildingsStarted, p.figures.buildingsDelivered]).toEqual([what, p.id, mine.n, mine.started, mine.delivered]);
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

test('after any sequence of writes of every kind, every scope served equals the engine computed from scratch', async () => {
  const property = fc.asyncProperty(fc.array(writeArb, { minLength: 1, maxLength: 8 }), (ws) => run(ws));
  await fc.assert(property, { numRuns: 25, endOnFailure: true });
  // The runs wrote every kind: a property that never reached a writer would prove nothing about it.
  // A move of a building needs a project with two batches and a pick of the other one, so 25 runs
  // missed it now and then (once in CI on PostgreSQL): a kind not reached yet gets more runs, each
  // with a seed of its own, up to 50; a writer that no run can reach still fails here.
  const KINDS = ['milestone', 'report', 'target', 'new building', 'building corrected', 'building moved', 'building deleted', 'import', 'project moved', 'village moved', 'households', 'households import'];
  const missing = () => KINDS.filter((kind) => (done[kind] ?? 0) === 0);
  for (let more = 0; more < 50 && missing().length > 0; more++) await fc.assert(property, { numRuns: 1, endOnFailure: true });
  expect(missing()).toEqual([]);
}, 300_000);

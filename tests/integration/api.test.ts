// The public JSON API over the real November 2023 data set: every seeded figure exactly as the
// source gives it, the computed figures, and the conventions (camelCase, fractions, ISO dates).
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';

const SOURCE_TITLE_PART = '赵村城中村改造配套项目开工';
const RESETTLEMENT = '赵村城中村改造安置住宅';
const COLLECTIVE = '赵村城中村改造配套集体经济适用房项目';

/** Whole days from a to b, computed here independently of the app's date code. */
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Walks a JSON value, calling `visit` for every (key, value, path) of every object. */
function walk(value: Json, visit: (key: string, v: Json, path: string[]) => void, path: string[] = []): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, visit, [...path, String(i)]));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(k, v, [...path, k]);
      walk(v, visit, [...path, k]);
    }
  }
}

const RATE_KEYS = new Set([
  'startRate', 'deliveryRate', 'returnRate', 'constructionProgress', 'peopleReturnRate', 'householdReturnRate',
  'publishedStartRate', 'publishedDeliveryRate', 'publishedReturnRate',
]);
const DATE_KEYS = new Set([
  'asOf', 'lastUpdate', 'targetDate', 'deliveredOn', 'targetDeliveryDate', 'actualDeliveryDate', 'stageDate',
  'plannedStart', 'plannedCompletion', 'actualStart', 'actualCompletion', 'publishedOn', 'date',
]);

/**
 * camelCase field names, rates 0–1, ISO dates. Maps keyed by domain identifiers are the exception:
 * stageDistribution is keyed by stage and deadlineCounts by deadline status (`topped_out`, `on_track`).
 */
function checkConventions(body: Json): { rates: number; dates: number } {
  let rates = 0;
  let dates = 0;
  walk(body, (key, v, path) => {
    const parent = path[path.length - 2];
    if (parent === 'stageDistribution') expect(['planned', 'foundation', 'structure', 'topped_out', 'finishing', 'landscaping', 'accepted', 'delivered']).toContain(key);
    else if (parent === 'deadlineCounts') expect(['delivered', 'on_track', 'at_risk', 'overdue']).toContain(key);
    else expect({ path: path.join('.'), key }).toEqual({ path: path.join('.'), key: expect.stringMatching(/^[a-z][a-zA-Z0-9]*$/) });
    if (RATE_KEYS.has(key) && v !== null) {
      rates += 1;
      expect(typeof v).toBe('number');
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    if (DATE_KEYS.has(key) && v !== null) {
      dates += 1;
      expect({ path: path.join('.'), v }).toEqual({ path: path.join('.'), v: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      expect(Number.isNaN(Date.parse(`${v}T00:00:00Z`))).toBe(false);
    }
  });
  return { rates, dates };
}

describe('API over the real data set, as of 2026-11-26', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await createTestContext(); });
  afterAll(async () => { await ctx.close(); });

  const get = async (url: string) => {
    const res = await request(ctx.app).get(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.body as Json;
  };

  describe('GET /api/v1/summary', () => {
    test('one district, with the reported figures exactly as published', async () => {
      const body = await get('/api/v1/summary');
      expect(body.asOf).toBe('2026-11-26');
      expect(body.districts).toHaveLength(1);
      const d = body.districts[0];
      expect(d.name).toBe('郑州高新技术产业开发区');
      expect(d.nameEn).toBe('Zhengzhou High-tech Zone');
      expect(d.isDemo).toBe(false);
      const r = d.reported;
      expect(r.asOf).toBe('2023-11-08');
      expect(r.reportCount).toBe(1);
      expect(r.startedAreaM2).toBe(14_740_000);
      expect(r.deliveredAreaM2).toBe(11_570_000);
      expect(r.peopleReturned).toBe(108_700);
      expect(r.publishedStartRate).toBe(0.96);
      expect(r.publishedDeliveryRate).toBe(0.76);
      expect(r.publishedReturnRate).toBe(0.96);
      // The source gives no denominators: nothing may be invented for them.
      expect(r.plannedAreaM2).toBeNull();
      expect(r.peopleEntitled).toBeNull();
      expect(r.householdsEntitled).toBeNull();
      expect(r.householdsReturned).toBeNull();
      expect(r.computedRates).toEqual({ startRate: null, deliveryRate: null, returnRate: null });
      expect(r.source.title).toContain(SOURCE_TITLE_PART);
      expect(r.source.kind).toBe('newspaper');
      expect(r.source.publishedOn).toBe('2023-11-10');
    });

    test('the consistency findings: both area rates agree on one planned-area interval, and the return rate implies people entitled', async () => {
      const body = await get('/api/v1/summary');
      const findings: Json[] = body.districts[0].reported.consistency;
      const agree = findings.find((f) => f.code === 'denominators_agree');
      expect(agree).toBeDefined();
      expect(agree.severity).toBe('ok');
      expect(agree.fields).toEqual(['startRate', 'deliveryRate']);
      expect(agree.min).toBeCloseTo(15_274_611, 0);
      expect(agree.max).toBeCloseTo(15_324_503, 0);
      // The overlap is the intersection of 14.74M/[0.955,0.965] and 11.57M/[0.755,0.765].
      expect(agree.min).toBeCloseTo(Math.max(14_740_000 / 0.965, 11_570_000 / 0.765), 3);
      expect(agree.max).toBeCloseTo(Math.min(14_740_000 / 0.955, 11_570_000 / 0.755), 3);

      const implied = findings.find((f) => f.code === 'implied_denominator' && f.field === 'returnRate');
      expect(implied).toBeDefined();
      expect(implied.denominator).toBe('peopleEntitled');
      expect(implied.min).toBeCloseTo(108_700 / 0.965, 3);
      expect(implied.max).toBeCloseTo(108_700 / 0.955, 3);
      expect(findings.some((f) => f.severity === 'warning')).toBe(false);
    });

    test('computed district figures: progress counted by buildings, areas unknown rather than guessed', async () => {
      const d = (await get('/api/v1/summary')).districts[0];
      expect(d.figures.progressBasis).toBe('buildings');
      expect(d.figures.buildingCount).toBe(15);
      expect(d.figures.buildingsStarted).toBe(15);
      expect(d.figures.buildingsDelivered).toBe(0);
      expect(d.figures.constructionProgress).toBeCloseTo((8 * 0.9 + 7 * 0.35) / 15, 10);
      // One project has itemised buildings of unknown area: a partial district total would mislead.
      expect(d.figures.plannedAreaM2).toBeNull();
      expect(d.figures.startRate).toBeNull();
      expect(d.figures.stageDistribution.landscaping.buildings).toBe(8);
      expect(d.figures.stageDistribution.structure.buildings).toBe(7);
      expect(d.lastUpdate).toBe('2023-11-08');
      expect(d.stale).toBe(true);
      expect(d.daysSinceUpdate).toBe(daysBetween('2023-11-08', '2026-11-26'));
      // Two batches and the collective project's planned completion have all passed undelivered.
      expect(d.deadlineCounts).toEqual({ delivered: 0, on_track: 0, at_risk: 0, overdue: 3 });
    });

    test('field names are camelCase, rates are fractions 0–1 and dates ISO 8601', async () => {
      const counts = checkConventions(await get('/api/v1/summary'));
      expect(counts.rates).toBeGreaterThanOrEqual(4);
      expect(counts.dates).toBeGreaterThanOrEqual(3);
    });
  });

  describe('GET /api/v1/villages', () => {
    test('赵村 with its two projects and no invented entitlement figures', async () => {
      const body = await get('/api/v1/villages');
      expect(body.villages).toHaveLength(1);
      const v = body.villages[0];
      expect(v.name).toBe('赵村');
      expect(v.nameEn).toBe('Zhao village');
      expect(v.projectCount).toBe(2);
      expect(v.isDemo).toBe(false);
      expect(v.peopleEntitled).toBeNull();
      expect(v.householdsEntitled).toBeNull();
      expect(v.figures.buildingCount).toBe(15);
      expect(v.figures.peopleReturnRate).toBeNull();
      expect(v.districtId).toBe((await get('/api/v1/summary')).districts[0].id);
      checkConventions(body);
    });
  });

  describe('GET /api/v1/projects', () => {
    test('the two Zhao village projects', async () => {
      const body = await get('/api/v1/projects');
      expect(body.projects).toHaveLength(2);
      expect(body.projects.map((p: Json) => p.name).sort()).toEqual([RESETTLEMENT, COLLECTIVE].sort());
      const villageId = (await get('/api/v1/villages')).villages[0].id;
      for (const p of body.projects) expect(p.villageId).toBe(villageId);
      expect(body.projects.map((p: Json) => p.kind).sort()).toEqual(['collective_affordable', 'resettlement']);
    });

    test('the collective affordable-housing project carries every figure of the source, converted to base units', async () => {
      const body = await get('/api/v1/projects');
      const p = body.projects.find((x: Json) => x.name === COLLECTIVE);
      expect(p.nameEn).toBe('Zhao village supporting collective affordable housing');
      expect(p.kind).toBe('collective_affordable');
      expect(p.status).toBe('under_construction');
      expect(p.plannedFloorAreaM2).toBe(101_800);
      expect(p.investmentYuan).toBe(900_000_000);
      expect(p.landAreaM2).toBeCloseTo(38.16 * 10000 / 15, 6);
      expect(p.landAreaM2).toBeCloseTo(25_440, 3);
      expect(p.developer).toBe('郑州高新城市建设集团有限公司');
      expect(p.constructionEntity).toBe('郑高展置业有限公司');
      expect(p.actualStart).toBe('2023-11-08');
      expect(p.plannedStart).toBeNull();
      expect(p.plannedCompletion).toBe('2025-12-31');
      expect(p.plannedCompletionPrecision).toBe('month');
      expect(p.actualCompletion).toBeNull();
      expect(p.source.title).toContain(SOURCE_TITLE_PART);
      // Not itemised into buildings: the planned area still gives the rates, progress has no basis.
      expect(p.figures.plannedAreaM2).toBe(101_800);
      expect(p.figures.startedAreaM2).toBe(101_800);
      expect(p.figures.deliveredAreaM2).toBe(0);
      expect(p.figures.startRate).toBe(1);
      expect(p.figures.deliveryRate).toBe(0);
      expect(p.figures.progressBasis).toBe('none');
      expect(p.figures.constructionProgress).toBeNull();
      expect(p.figures.buildingCount).toBe(0);
      // December 2025 passed undelivered by 2026-11-26.
      expect(p.deadline).toEqual({
        targetDate: '2025-12-31', targetPrecision: 'month', targetCertainty: 'planned', deliveredOn: null, deliveredOnCertainty: null, status: 'overdue',
        daysLate: daysBetween('2025-12-31', '2026-11-26'),
        // never revised: the original target is the current one
        original: { targetDate: '2025-12-31', targetPrecision: 'month', status: 'overdue', daysLate: daysBetween('2025-12-31', '2026-11-26') },
      });
      expect(p.nextDeadline).toMatchObject({ targetDate: '2025-12-31', status: 'overdue', batchId: null });
      expect(p.lastUpdate).toBe('2023-11-08');
    });

    test('the resettlement project has no invented land area, floor area, investment or companies', async () => {
      const body = await get('/api/v1/projects');
      const p = body.projects.find((x: Json) => x.name === RESETTLEMENT);
      expect(p).toMatchObject({
        kind: 'resettlement', landAreaM2: null, plannedFloorAreaM2: null, investmentYuan: null, developer: null,
        constructionEntity: null, actualStart: null, plannedCompletion: null,
      });
      expect(p.source.title).toContain(SOURCE_TITLE_PART);
    });

    test('field names are camelCase, rates are fractions 0–1 and dates ISO 8601', async () => {
      const counts = checkConventions(await get('/api/v1/projects'));
      // Resettlement: constructionProgress; collective: startRate and deliveryRate.
      expect(counts.rates).toBeGreaterThanOrEqual(3);
      expect(counts.dates).toBeGreaterThanOrEqual(6);
    });

    test('only public fields: no internal notes, users or creation stamps', async () => {
      const body = await get('/api/v1/projects');
      const keys = new Set<string>();
      walk(body, (k) => keys.add(k));
      for (const k of ['note', 'createdAt', 'created_at', 'reporter', 'reportedBy', 'user', 'password', 'version', 'excerpt']) {
        expect(keys.has(k)).toBe(false);
      }
    });
  });

  describe('GET /api/v1/projects/:id (resettlement housing)', () => {
    let project: Json;
    beforeAll(async () => {
      const list = await get('/api/v1/projects');
      const id = list.projects.find((x: Json) => x.name === RESETTLEMENT).id;
      project = (await get(`/api/v1/projects/${id}`)).project;
    });

    test('two batches in sequence, named as in the source', () => {
      expect(project.name).toBe(RESETTLEMENT);
      expect(project.batches).toHaveLength(2);
      expect(project.batches.map((b: Json) => [b.sequence, b.name, b.nameEn])).toEqual([[1, '第一批', 'Batch 1'], [2, '第二批', 'Batch 2']]);
    });

    test('batch 1: 8 buildings in landscaping, due by the end of 2023', () => {
      const b = project.batches[0];
      expect(b.buildings).toHaveLength(8);
      for (const x of b.buildings) {
        expect(x.stage).toBe('landscaping');
        expect(x.stageDate).toBe('2023-11-08');
        expect(x.floorAreaM2).toBeNull();
        expect(x.code).toBeNull();
        expect(x.floors).toBeNull();
        expect(x.dwellingUnits).toBeNull();
      }
      expect(b.buildings.map((x: Json) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(b.targetDeliveryDate).toBe('2023-12-31');
      expect(b.targetPrecision).toBe('year');
      expect(b.actualDeliveryDate).toBeNull();
      expect(b.figures.constructionProgress).toBeCloseTo(0.9, 10);
      expect(b.figures.progressBasis).toBe('buildings');
    });

    test('batch 2: 7 buildings in structure, due by the end of 2024', () => {
      const b = project.batches[1];
      expect(b.buildings).toHaveLength(7);
      for (const x of b.buildings) {
        expect(x.stage).toBe('structure');
        expect(x.floorAreaM2).toBeNull();
      }
      expect(b.targetDeliveryDate).toBe('2024-12-31');
      expect(b.targetPrecision).toBe('year');
      expect(b.figures.constructionProgress).toBeCloseTo(0.35, 10);
    });

    test('building ids are unique across the project', () => {
      const ids = project.batches.flatMap((b: Json) => b.buildings.map((x: Json) => x.id));
      expect(ids).toHaveLength(15);
      expect(new Set(ids).size).toBe(15);
    });

    test('progress counted by buildings, areas and area rates unknown', () => {
      const f = project.figures;
      expect(f.progressBasis).toBe('buildings');
      expect(f.constructionProgress).toBeCloseTo((8 * 0.9 + 7 * 0.35) / 15, 10);
      expect(f.buildingCount).toBe(15);
      expect(f.buildingsStarted).toBe(15);
      expect(f.buildingsDelivered).toBe(0);
      expect(f.plannedAreaM2).toBeNull();
      expect(f.startedAreaM2).toBeNull();
      expect(f.startRate).toBeNull();
      expect(f.deliveryRate).toBeNull();
    });

    test('both batch deadlines are overdue by the days since their targets, and the project is stale', () => {
      const [b1, b2] = project.batches;
      expect(b1.deadline).toEqual({ targetDate: '2023-12-31', targetPrecision: 'year', targetCertainty: 'planned', deliveredOn: null, deliveredOnCertainty: null, status: 'overdue', daysLate: daysBetween('2023-12-31', '2026-11-26'), original: { targetDate: '2023-12-31', targetPrecision: 'year', status: 'overdue', daysLate: daysBetween('2023-12-31', '2026-11-26') } });
      expect(b1.deadline.daysLate).toBe(1061);
      expect(b2.deadline).toEqual({ targetDate: '2024-12-31', targetPrecision: 'year', targetCertainty: 'planned', deliveredOn: null, deliveredOnCertainty: null, status: 'overdue', daysLate: daysBetween('2024-12-31', '2026-11-26'), original: { targetDate: '2024-12-31', targetPrecision: 'year', status: 'overdue', daysLate: daysBetween('2024-12-31', '2026-11-26') } });
      expect(b2.deadline.daysLate).toBe(695);
      expect(b1.stale).toBe(true);
      expect(b2.stale).toBe(true);
      expect(project.stale).toBe(true);
      expect(project.lastUpdate).toBe('2023-11-08');
      expect(project.daysSinceUpdate).toBe(daysBetween('2023-11-08', '2026-11-26'));
      // The next deadline is batch 1's, the earliest undelivered target.
      expect(project.nextDeadline).toMatchObject({ targetDate: '2023-12-31', status: 'overdue', batchId: b1.id });
      expect(project.deadlineCounts).toEqual({ delivered: 0, on_track: 0, at_risk: 0, overdue: 2 });
      // A single report date gives no trend: no forecast, said plainly.
      expect(b1.forecast).toEqual({ date: null, reason: 'too_few_points' });
      // No households or allowance known: no cost of delay is made up.
      expect(b1.costOfDelay).toBeNull();
    });

    test('field names are camelCase, rates are fractions 0–1 and dates ISO 8601', () => {
      const counts = checkConventions({ project });
      expect(counts.rates).toBeGreaterThanOrEqual(3);
      expect(counts.dates).toBeGreaterThanOrEqual(15 + 4);
    });

    test('the collective project answers by id too, without batches', async () => {
      const list = await get('/api/v1/projects');
      const id = list.projects.find((x: Json) => x.name === COLLECTIVE).id;
      const p = (await get(`/api/v1/projects/${id}`)).project;
      expect(p.id).toBe(id);
      expect(p.batches).toEqual([]);
      expect(p.plannedFloorAreaM2).toBe(101_800);
    });
  });
});

describe('API as of 2023-11-20 (twelve days after the report)', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await createTestContext({ asOf: '2023-11-20' }); });
  afterAll(async () => { await ctx.close(); });

  test('batch deadlines are on track (targets ahead, no forecast) and nothing is stale', async () => {
    const list = (await request(ctx.app).get('/api/v1/projects')).body;
    expect(list.asOf).toBe('2023-11-20');
    const id = list.projects.find((x: Json) => x.name === RESETTLEMENT).id;
    const res = await request(ctx.app).get(`/api/v1/projects/${id}`);
    expect(res.status).toBe(200);
    const p = res.body.project;
    const [b1, b2] = p.batches;
    expect(b1.deadline).toEqual({ targetDate: '2023-12-31', targetPrecision: 'year', targetCertainty: 'planned', deliveredOn: null, deliveredOnCertainty: null, status: 'on_track', daysLate: 0, original: { targetDate: '2023-12-31', targetPrecision: 'year', status: 'on_track', daysLate: 0 } });
    expect(b1.forecast.date).toBeNull();
    expect(b2.deadline.status).toBe('on_track');
    expect(b1.stale).toBe(false);
    expect(b1.daysSinceUpdate).toBe(12);
    expect(p.stale).toBe(false);
    expect(p.daysSinceUpdate).toBe(12);
    expect(p.deadlineCounts).toEqual({ delivered: 0, on_track: 2, at_risk: 0, overdue: 0 });
  });

  test('the collective project is on track for December 2025 and the district is fresh', async () => {
    const list = (await request(ctx.app).get('/api/v1/projects')).body;
    const p = list.projects.find((x: Json) => x.name === COLLECTIVE);
    expect(p.deadline).toMatchObject({ status: 'on_track', daysLate: 0 });
    const summary = (await request(ctx.app).get('/api/v1/summary')).body;
    expect(summary.asOf).toBe('2023-11-20');
    const d = summary.districts[0];
    expect(d.stale).toBe(false);
    expect(d.deadlineCounts).toEqual({ delivered: 0, on_track: 3, at_risk: 0, overdue: 0 });
    // The published figures do not depend on "today".
    expect(d.reported.startedAreaM2).toBe(14_740_000);
  });
});

describe('API as of 2023-11-01 (a week before the only report)', () => {
  let ctx: TestContext;
  beforeAll(async () => { ctx = await createTestContext({ asOf: '2023-11-01' }); });
  afterAll(async () => { await ctx.close(); });

  test('a project start dated after "today" is not counted as started', async () => {
    const list = (await request(ctx.app).get('/api/v1/projects')).body;
    const p = list.projects.find((x: Json) => x.name === COLLECTIVE);
    expect(p.figures.plannedAreaM2).toBe(101_800);
    expect(p.figures.startedAreaM2).toBe(0);
    expect(p.figures.startRate).toBe(0);
    expect(p.deadline.status).toBe('on_track');
  });

  test('no scope reports an update dated after asOf or a negative daysSinceUpdate', async () => {
    const res = await request(ctx.app).get('/api/v1/projects');
    const dates: { lastUpdate: string | null; daysSinceUpdate: number | null }[] = [];
    for (const p of res.body.projects) {
      dates.push(p);
      const detail = (await request(ctx.app).get(`/api/v1/projects/${p.id}`)).body.project;
      dates.push(...detail.batches);
    }
    dates.push(...(await request(ctx.app).get('/api/v1/summary')).body.districts);
    // 2 projects, 2 batches, 1 district; everything in the data set is dated 2023-11-08, after asOf:
    // as of 2023-11-01 nothing has been reported anywhere.
    expect(dates).toHaveLength(5);
    expect(dates.map((d) => [d.lastUpdate, d.daysSinceUpdate])).toEqual(dates.map(() => [null, null]));
  });
});

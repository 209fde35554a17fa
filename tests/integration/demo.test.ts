import { createTestContext, type TestContext } from '../helpers/test-app';
import { generateDemo } from '../../seeds/demo';
import { generateCity } from '../../seeds/city';
import { loadCatalogue } from '../../src/repositories/catalogue.repository';
import request from 'supertest';

async function demoSnapshot(seed: number) {
  const ctx = await createTestContext({ seed: false });
  try {
    await ctx.db.transaction().execute((trx) => generateDemo(trx, { seed, villages: 4, asOf: '2026-11-26', now: '2026-11-26T00:00:00Z' }));
    const c = await loadCatalogue(ctx.db);
    return { c, districts: c.districts.length };
  } finally {
    await ctx.close();
  }
}

test('the same seed generates the same data; another seed different data', async () => {
  const a = await demoSnapshot(42);
  const b = await demoSnapshot(42);
  const c = await demoSnapshot(43);
  expect(a.c).toEqual(b.c);
  expect(a.c.buildings.map((x) => x.floorAreaM2)).not.toEqual(c.c.buildings.map((x) => x.floorAreaM2));
});

test('everything generated is marked as demonstration data, and nothing is dated after asOf', async () => {
  const { c } = await demoSnapshot(7);
  expect(c.districts.every((d) => d.isDemo)).toBe(true);
  expect(c.villages.every((v) => v.isDemo)).toBe(true);
  expect(c.projects.every((p) => p.isDemo)).toBe(true);
  expect(c.sources.every((s) => s.kind === 'demo')).toBe(true);
  expect(c.milestones.length).toBeGreaterThan(0);
  expect(c.milestones.every((m) => m.date <= '2026-11-26')).toBe(true);
});

describe('pages showing demo data say so', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.db.transaction().execute((trx) => generateDemo(trx, { seed: 3, villages: 2, asOf: '2026-11-26', now: '2026-11-26T00:00:00Z' }));
  });
  afterAll(() => ctx.close());

  test('the demo district overview carries the banner, the real one does not', async () => {
    const demo = await request(ctx.app).get('/?district=2');
    expect(demo.status).toBe(200);
    expect(demo.text).toContain('demo-banner');
    const real = await request(ctx.app).get('/?district=1');
    expect(real.text).not.toContain('demo-banner');
  });
});

test('district-scale generation is deterministic, flagged as demo, and its history never falls', async () => {
  const run = async () => {
    const ctx = await createTestContext({ seed: false });
    try {
      const counts = await ctx.db.transaction().execute((trx) => generateCity(trx, { seed: 9, scale: 'district', asOf: '2026-11-26', now: '2026-11-26T00:00:00Z' }));
      return { counts, c: await loadCatalogue(ctx.db) };
    } finally {
      await ctx.close();
    }
  };
  const a = await run();
  const b = await run();
  expect(a.c).toEqual(b.c);
  expect(a.counts.buildings).toBeGreaterThan(100);
  expect(a.c.projects.every((p) => p.isDemo) && a.c.villages.every((v) => v.isDemo) && a.c.districts.every((d) => d.isDemo)).toBe(true);
  const byProject = new Map<number, number>();
  for (const r of a.c.reports) {
    const prev = byProject.get(r.scopeId) ?? 0;
    expect(r.startedAreaM2!).toBeGreaterThanOrEqual(prev);
    expect(r.deliveredAreaM2!).toBeLessThanOrEqual(r.startedAreaM2!);
    byProject.set(r.scopeId, r.startedAreaM2!);
  }
  expect(a.c.milestones.every((m) => m.date <= '2026-11-26')).toBe(true);
});

test('delivered demo batches have household histories: after delivery, by the ladder\'s rules, never falling, the ladder shown as demo', async () => {
  const ctx = await createTestContext({ seed: false });
  try {
    await ctx.db.transaction().execute((trx) => generateDemo(trx, { seed: 11, villages: 6, asOf: '2026-11-26', now: '2026-11-26T00:00:00Z' }));
    const batches = await ctx.db.selectFrom('batches').select(['id', 'actual_delivery_date', 'households']).execute();
    const rows = await ctx.db.selectFrom('household_counts').selectAll().orderBy('batch_id').orderBy('as_of').execute();
    const delivered = batches.filter((b) => b.actual_delivery_date !== null);
    expect(delivered.length).toBeGreaterThan(0);
    expect(rows.length).toBeGreaterThan(0);
    const byBatch = new Map(batches.map((b) => [Number(b.id), b]));
    let prev: (typeof rows)[number] | undefined;
    for (const r of rows) {
      const b = byBatch.get(Number(r.batch_id))!;
      expect(b.actual_delivery_date).not.toBeNull();
      expect(r.as_of > b.actual_delivery_date! && r.as_of <= '2026-11-26').toBe(true);
      expect(Number(r.households)).toBe(Number(b.households));
      const [h, a, n, k, m, c] = [r.households, r.allocated, r.notices, r.handed_over, r.moved_in, r.certificates].map(Number) as [number, number, number, number, number, number];
      expect(a <= h && n <= a && k <= n && m <= k && c <= k).toBe(true);
      if (prev && prev.batch_id === r.batch_id) {
        for (const f of ['allocated', 'notices', 'handed_over', 'moved_in', 'certificates'] as const) expect(Number(r[f])).toBeGreaterThanOrEqual(Number(prev[f]));
      }
      prev = r;
    }
    const withRecords = Number(rows[0]!.batch_id);
    const page = await request(ctx.app).get(`/batches/${withRecords}`);
    expect(page.text).toContain('demo-banner');
    expect(page.text).toContain('data-step="handedOver"');
  } finally {
    await ctx.close();
  }
});

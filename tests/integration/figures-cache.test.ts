// FiguresCache: one computation at a time, shared by the readers that need it; anonymous readers
// answered from the last computed figures while newer ones are computed; everyone else waits.
import { createTestContext, type TestContext } from '../helpers/test-app';
import { FiguresCache } from '../../src/services/figures-cache';
import type { FiguresView } from '../../src/services/figures.service';
import { getDataVersion } from '../../src/repositories/version.repository';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(() => ctx.close());

const AS_OF = '2026-11-26';

/** A compute function whose runs the test finishes by hand, each showing the version current when it started. */
function controlledCompute() {
  const runs: { version: number; finish: () => void; fail: (e: Error) => void }[] = [];
  const compute = async (): Promise<FiguresView> => {
    const version = await getDataVersion(ctx.db);
    return new Promise<FiguresView>((resolve, reject) => {
      runs.push({ version, finish: () => resolve({ version } as FiguresView), fail: reject });
    });
  };
  return { runs, compute };
}

const bump = () => ctx.db.updateTable('settings').set({ value: String(Math.random()) }).where('key', '=', 'monthly_allowance_yuan_per_household').execute();
const settle = () => new Promise((r) => setTimeout(r, 20));

test('readers of one version share one computation', async () => {
  const { runs, compute } = controlledCompute();
  const cache = new FiguresCache(ctx.db, compute, true);
  const a = cache.get(AS_OF);
  const b = cache.get(AS_OF, { stale: true });
  await settle();
  expect(runs).toHaveLength(1);
  runs[0]!.finish();
  expect(await a).toBe(await b);
});

test('after a write: anonymous readers get the previous figures until the new ones are ready; others wait', async () => {
  const { runs, compute } = controlledCompute();
  const cache = new FiguresCache(ctx.db, compute, true);
  const first = cache.get(AS_OF);
  await settle();
  runs[0]!.finish();
  const old = await first;

  await bump();
  const v = await getDataVersion(ctx.db);
  expect(await cache.servedVersion(AS_OF)).toBe(old.version); // the page cache keys on what will be served
  expect(await cache.get(AS_OF, { stale: true })).toBe(old);
  let freshDone = false;
  const fresh = cache.get(AS_OF).then((f) => { freshDone = true; return f; });
  await settle();
  expect(runs).toHaveLength(2); // one new computation for all of them
  expect(freshDone).toBe(false);
  runs[1]!.finish();
  expect((await fresh).version).toBe(v);
  expect(await cache.get(AS_OF, { stale: true })).toBe(await fresh);
  expect(await cache.servedVersion(AS_OF)).toBe(v);
});

test('without serveStale every reader waits for the latest figures', async () => {
  const { runs, compute } = controlledCompute();
  const cache = new FiguresCache(ctx.db, compute);
  const first = cache.get(AS_OF);
  await settle();
  runs[0]!.finish();
  const old = await first;
  await bump();
  expect(await cache.servedVersion(AS_OF)).toBe(await getDataVersion(ctx.db));
  let done = false;
  const next = cache.get(AS_OF, { stale: true }).then((f) => { done = true; return f; });
  await settle();
  expect(done).toBe(false);
  runs[1]!.finish();
  expect(await next).not.toBe(old);
});

test("a new date is never answered with another date's figures", async () => {
  const { runs, compute } = controlledCompute();
  const cache = new FiguresCache(ctx.db, compute, true);
  const first = cache.get(AS_OF);
  await settle();
  runs[0]!.finish();
  await first;
  let done = false;
  const other = cache.get('2026-11-27', { stale: true }).then((f) => { done = true; return f; });
  await settle();
  expect(done).toBe(false);
  runs[1]!.finish();
  await other;
});

test('many writes and readers during one computation add one computation, not one each', async () => {
  const { runs, compute } = controlledCompute();
  const cache = new FiguresCache(ctx.db, compute, true);
  const first = cache.get(AS_OF);
  await settle();
  const readers: Promise<FiguresView>[] = [];
  for (let i = 0; i < 5; i++) {
    await bump();
    readers.push(cache.get(AS_OF));
    void cache.servedVersion(AS_OF);
  }
  await settle();
  expect(runs).toHaveLength(1);
  runs[0]!.finish();
  await first;
  await settle();
  expect(runs).toHaveLength(2); // the one queued behind it, for everybody
  runs[1]!.finish();
  const latest = await getDataVersion(ctx.db);
  for (const r of readers) expect((await r).version).toBe(latest);
  await bump(); // a write after the queued one started needs a computation of its own
  const later = cache.get(AS_OF);
  await settle();
  expect(runs).toHaveLength(3);
  runs[2]!.finish();
  expect((await later).version).toBe(await getDataVersion(ctx.db));
});

test('after a failed computation, anonymous readers are no longer answered from older figures', async () => {
  const { runs, compute } = controlledCompute();
  const cache = new FiguresCache(ctx.db, compute, true);
  const first = cache.get(AS_OF);
  await settle();
  runs[0]!.finish();
  const old = await first;
  await bump();
  const failing = cache.get(AS_OF);
  await settle();
  runs[1]!.fail(new Error('worker died'));
  await expect(failing).rejects.toMatchObject({ message: 'worker died' });
  expect(await cache.servedVersion(AS_OF)).toBe(await getDataVersion(ctx.db));
  const next = cache.get(AS_OF, { stale: true });
  await settle();
  expect(runs).toHaveLength(3);
  runs[2]!.finish();
  expect(await next).not.toBe(old);
  expect(await cache.get(AS_OF, { stale: true })).toBe(await next);
});

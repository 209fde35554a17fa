// The figures computed in the built server's worker thread, sent back in chunks and put together
// again, equal the figures computed in this thread: nothing is lost, reordered or changed on the way.
import { createTestContext, type TestContext } from '../helpers/test-app';
import { generateDemo } from '../../seeds/demo';
import { loadFigures } from '../../src/services/figures.service';
import { assertBuilt } from '../helpers/server-process';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  // enough rows that every table is sent in several chunks
  await ctx.db.transaction().execute((trx) => generateDemo(trx, { seed: 3, villages: 60, asOf: '2026-11-26', now: '2026-11-26T00:00:00Z' }));
});
afterAll(() => ctx.close());

test('the worker\'s figures equal an in-thread computation, Maps and all', async () => {
  assertBuilt();
  // the built worker: the server runs JavaScript from dist/, and so does this test
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { FiguresWorker } = require('../../dist/src/services/figures-worker-client') as typeof import('../../src/services/figures-worker-client');
  expect(FiguresWorker.available()).toBe(true);
  const worker = new FiguresWorker(ctx.url);
  try {
    const [fromWorker, here] = await Promise.all([worker.compute('2026-11-26'), loadFigures(ctx.db, '2026-11-26')]);
    expect(here.snapshot.milestones.length).toBeGreaterThan(5_000); // several chunks
    expect(fromWorker.figures.batches).toBeInstanceOf(Map);
    expect(fromWorker).toEqual(here);
    // one after another, and after the first, the same
    expect(await worker.compute('2026-11-26')).toEqual(here);
  } finally {
    await worker.close();
  }
}, 60_000);

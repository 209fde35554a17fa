// The figures computed in the built server's worker thread, sent back in chunks and put together
// again, equal the figures computed in this thread: nothing is lost, reordered or changed on the way.
import { createTestContext, type TestContext } from '../helpers/test-app';
import { generateDemo } from '../../seeds/demo';
import { loadFigures } from '../../src/services/figures.service';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { assertBuilt } from '../helpers/server-process';
import { onPostgres } from '../helpers/test-db';

// the built worker: the server runs JavaScript from dist/, and so do these tests
const load = () => {
  assertBuilt();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../dist/src/services/figures-worker-client') as typeof import('../../src/services/figures-worker-client')).FiguresWorker;
};

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  // enough rows that the big tables are sent in several chunks (fewer on PostgreSQL, where inserting
  // them takes much longer; the chunking is the same code)
  await ctx.db.transaction().execute((trx) => generateDemo(trx, { seed: 3, villages: onPostgres ? 15 : 60, asOf: '2026-11-26', now: '2026-11-26T00:00:00Z' }));
}, 90_000);
afterAll(() => ctx.close());

test('the worker\'s figures equal an in-thread computation, Maps and all', async () => {
  const FiguresWorker = load();
  expect(FiguresWorker.available()).toBe(true);
  const worker = new FiguresWorker(ctx.url);
  try {
    const [fromWorker, here] = await Promise.all([worker.compute('2026-11-26'), loadFigures(ctx.db, '2026-11-26')]);
    expect(here.snapshot.milestones.length).toBeGreaterThan(onPostgres ? 1_000 : 5_000); // several chunks on SQLite
    expect(fromWorker.figures.batches).toBeInstanceOf(Map);
    expect(fromWorker).toEqual(here);
    // one after another, and after the first, the same
    expect(await worker.compute('2026-11-26')).toEqual(here);
  } finally {
    await worker.close();
  }
}, 60_000);

test('a computation that fails is reported to its caller, and the worker serves the next one', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-worker-'));
  const file = path.join(dir, 'empty.db');
  const empty = new SQLite(file);
  empty.exec('create table unrelated (x integer)');
  empty.close();
  const worker = new (load())(file);
  try {
    await expect(worker.compute('2026-11-26')).rejects.toMatchObject({ message: expect.stringMatching(/no such table/) });
    await expect(worker.compute('2026-11-26')).rejects.toMatchObject({ message: expect.stringMatching(/no such table/) });
  } finally {
    await worker.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('once closed, it refuses new work instead of starting a worker nobody will close', async () => {
  const worker = new (load())(ctx.url);
  await worker.compute('2026-11-26');
  await worker.close();
  await expect(worker.compute('2026-11-26')).rejects.toMatchObject({ message: 'figures worker closed' });
});

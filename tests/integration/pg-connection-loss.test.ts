// PostgreSQL ends the application's connections (a restart, an administrator): the server must not
// die of it, and answers again on fresh connections. (An idle pg connection that is closed emits
// 'error' on its pool; without a listener that ends the process.)
import { Client } from 'pg';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { onPostgres } from '../helpers/test-db';

const describePostgres = onPostgres ? describe : describe.skip;
if (!onPostgres) console.info('PostgreSQL connection-loss test skipped: set TEST_DATABASE_URL to run it');

let ctx: TestContext | undefined;
beforeAll(async () => { if (onPostgres) ctx = await createTestContext(); });
afterAll(async () => { await ctx?.close(); });

describePostgres('connections ended by the server', () => {
  test('the app keeps running and answers on new connections', async () => {
    await Promise.all(Array.from({ length: 5 }, () => request(ctx!.app).get('/api/v1/summary'))); // several pooled connections
    const admin = new Client({ connectionString: ctx!.url });
    await admin.connect();
    try {
      const ended = await admin.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      expect(ended.rows.length).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 200)); // the pool hears of it
    expect((await request(ctx!.app).get('/healthz')).status).toBe(200);
    expect((await request(ctx!.app).get('/api/v1/summary')).status).toBe(200);
  });
});

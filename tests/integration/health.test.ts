// GET /healthz: the database's state in one small query, for load balancers and monitoring. 200 with
// the dialect and schema version while all is well; 503 when the database cannot answer or lacks
// migrations; never a path, a host name or a credential.
import os from 'node:os';
import { sql } from 'kysely';
import request from 'supertest';
import { migrations } from '../../db/migrations';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { onPostgres } from '../helpers/test-db';
import { stackLines } from '../helpers/html';

const LATEST = Object.keys(migrations).sort().pop()!;
const PREVIOUS = Object.keys(migrations).sort().slice(-2)[0]!;

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

/** Everything about the installation the answer must not reveal. */
function expectNothingInternal(text: string, c: TestContext = ctx) {
  const url = onPostgres ? new URL(c.url) : null;
  const secrets = [c.dir, c.url, os.hostname(), os.tmpdir(), 'test.db', ...(url ? [url.hostname, url.username, url.password, url.pathname.slice(1)] : [])];
  for (const s of secrets.filter((x) => x && x.length > 2)) expect({ s, found: text.includes(s) }).toEqual({ s, found: false });
  expect(stackLines(text)).toEqual([]);
  expect(text).not.toMatch(/[A-Za-z]Error|no such|kysely_migration|select |node_modules|\.ts\b/);
}

test('200: database ok, its dialect, the latest migration and none pending', async () => {
  const res = await request(ctx.app).get('/healthz');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({
    status: 'ok',
    database: { state: 'ok', dialect: onPostgres ? 'postgres' : 'sqlite', schema: LATEST, pendingMigrations: 0 },
  });
  expectNothingInternal(res.text);
});

test('never cached, no session cookie, and a request id like every answer', async () => {
  const res = await request(ctx.app).get('/healthz');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['set-cookie']).toBeUndefined();
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

test('HEAD /healthz answers like GET, without a body', async () => {
  const res = await request(ctx.app).head('/healthz');
  expect(res.status).toBe(200);
  expect(res.text ?? '').toBe('');
});

test('answers quickly and the same way under repeated probing', async () => {
  const answers = await Promise.all(Array.from({ length: 200 }, () => request(ctx.app).get('/healthz')));
  expect(new Set(answers.map((r) => `${r.status} ${r.text}`)).size).toBe(1);
  expect(answers[0]!.status).toBe(200);
});

test('503 "outdated" while the database lacks a migration this code needs; 200 again once applied', async () => {
  const row = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration where name = ${LATEST}`.execute(ctx.db);
  const applied = row.rows[0]!;
  await sql`delete from kysely_migration where name = ${LATEST}`.execute(ctx.db);
  try {
    const res = await request(ctx.app).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'error',
      database: { state: 'outdated', dialect: onPostgres ? 'postgres' : 'sqlite', schema: PREVIOUS, pendingMigrations: 1 },
    });
  } finally {
    await sql`insert into kysely_migration (name, timestamp) values (${applied.name}, ${applied.timestamp})`.execute(ctx.db);
  }
  expect((await request(ctx.app).get('/healthz')).status).toBe(200);
});

test('503 "unavailable", without detail, when the database cannot answer', async () => {
  const dead = await createTestContext({ seed: false });
  try {
    expect((await request(dead.app).get('/healthz')).status).toBe(200);
    await dead.db.destroy();
    const res = await request(dead.app).get('/healthz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'error', database: { state: 'unavailable' } });
    expectNothingInternal(res.text, dead);
  } finally {
    await dead.close().catch(() => undefined);
  }
});

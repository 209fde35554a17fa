// Crash safety: the server is killed with SIGKILL while staff writes are in flight, several rounds on
// the same file. After each: integrity_check passes, every write acknowledged to its client is there
// with its audit row, and no write is there by half (a village without its audit row or the reverse).
// Then: a damaged file is refused at start with a clear message and left as it was.
// What a process kill cannot show: the operating system keeps what was written, so these rounds
// would pass with synchronous=OFF too. Losing power is what synchronous=FULL guards against; the
// pragma test below holds it in place, since no test here can cut the power.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { createDb, createReadDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { seedIfEmpty } from '../../seeds';
import { onPostgres } from '../helpers/test-db';
import { strongPassword } from '../helpers/sign-in';
import { seededSqliteFile, signInOverHttp, startServer } from '../helpers/server-process';

const ROUNDS = 4;
const WRITERS = 4;
const NAME_PREFIX = '断电测试村';

const describeSqlite = onPostgres ? describe.skip : describe;
if (onPostgres) console.info('crash-safety tests skipped: they kill a server on a SQLite file (PostgreSQL keeps its own guarantees)');

let dir = '';
let dbFile: string;
const password = strongPassword();
let districtName: string;

beforeAll(async () => {
  if (onPostgres) return;
  ({ dir, dbFile } = await seededSqliteFile('crash', { username: 'crash-staff', password }));
  const conn = new SQLite(dbFile, { readonly: true });
  districtName = (conn.prepare('select name_zh from districts order by id limit 1').get() as { name_zh: string }).name_zh;
  conn.close();
});
afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

interface Ack { name: string; households: number; id: number }

/** One writer: creates villages until the server stops answering; returns the ones acknowledged. */
async function writer(base: string, cookie: string, csrf: string, round: number, w: number): Promise<Ack[]> {
  const acks: Ack[] = [];
  for (let i = 0; ; i++) {
    const name = `${NAME_PREFIX}${round}-${w}-${i}`;
    const households = round * 10_000 + w * 1000 + i;
    let res: Response;
    try {
      res = await fetch(`${base}/admin/villages/new`, {
        method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ districtName, nameZh: name, householdsEntitled: String(households), _csrf: csrf }),
      });
    } catch {
      return acks; // the server is gone: this write was not acknowledged
    }
    if (res.status !== 303) throw new Error(`write answered ${res.status}: ${await res.text()}`);
    const id = Number(/^\/villages\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);
    acks.push({ name, households, id });
  }
}

function inspect(file: string) {
  const conn = new SQLite(file);
  try {
    const integrity = (conn.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    const villages = conn.prepare(`select id, name_zh as name, households_entitled as households from villages where name_zh like ?`).all(`${NAME_PREFIX}%`) as { id: number; name: string; households: number }[];
    const audited = conn.prepare(`select object_id as id from audit_log where object_type = 'village' and action = 'create' and result = 'ok'`).all() as { id: number }[];
    return { integrity, villages, audited: new Set(audited.map((a) => a.id)) };
  } finally {
    conn.close();
  }
}

describeSqlite('every connection', () => {
  test('the writer: WAL, synchronous=FULL, foreign keys, a busy timeout; the reader: foreign keys and a busy timeout', async () => {
    const pragmas = async (db: ReturnType<typeof createDb>, names: string[]) => {
      const out: Record<string, unknown> = {};
      for (const n of names) out[n] = Object.values((await sql.raw(`pragma ${n}`).execute(db)).rows[0] as object)[0];
      return out;
    };
    const writer = createDb(dbFile);
    const reader = createReadDb(dbFile)!;
    try {
      expect(await pragmas(writer, ['journal_mode', 'synchronous', 'foreign_keys', 'busy_timeout'])).toEqual({ journal_mode: 'wal', synchronous: 2, foreign_keys: 1, busy_timeout: 5000 });
      expect(await pragmas(reader, ['journal_mode', 'foreign_keys', 'busy_timeout'])).toEqual({ journal_mode: 'wal', foreign_keys: 1, busy_timeout: 5000 });
    } finally {
      await writer.destroy();
      await reader.destroy();
    }
  });
});

describeSqlite('SIGKILL during writes', () => {
  test(`${ROUNDS} rounds: every acknowledged write survives, none is there by half, the file is intact`, async () => {
    const acknowledged: Ack[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const server = await startServer(dbFile);
      const { cookie, csrf } = await signInOverHttp(server.base, 'crash-staff', password);
      const writers = Array.from({ length: WRITERS }, (_, w) => writer(server.base, cookie, csrf, round, w));
      // Let the writes run for a while (a different moment each round), then pull the plug.
      await new Promise((r) => setTimeout(r, 300 + crypto.randomInt(500)));
      server.child.kill('SIGKILL');
      expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const acks = (await Promise.all(writers)).flat();
      expect(acks.length).toBeGreaterThan(0); // the plug was pulled while writes were acknowledged
      acknowledged.push(...acks);

      const found = inspect(dbFile);
      expect(found.integrity).toEqual(['ok']);
      const byName = new Map(found.villages.map((v) => [v.name, v]));
      const missing = acknowledged.filter((a) => byName.get(a.name)?.id !== a.id || byName.get(a.name)?.households !== a.households);
      expect(missing).toEqual([]);
      // all or nothing: each village has its audit row, and no audit row lacks its village
      expect(found.villages.filter((v) => !found.audited.has(v.id))).toEqual([]);
      const ids = new Set(found.villages.map((v) => v.id));
      const created = [...found.audited].filter((id) => id > 0 && !ids.has(id));
      const seeded = inspectSeededVillageIds(dbFile);
      expect(created.filter((id) => !seeded.has(id))).toEqual([]);
    }
    expect(acknowledged.length).toBeGreaterThan(ROUNDS * WRITERS);
  }, 60_000);
});

/** Villages not made by this test (the seed's own) are not expected to have creation audit rows. */
function inspectSeededVillageIds(file: string): Set<number> {
  const conn = new SQLite(file, { readonly: true });
  try {
    return new Set((conn.prepare(`select id from villages where name_zh not like ?`).all(`${NAME_PREFIX}%`) as { id: number }[]).map((r) => r.id));
  } finally {
    conn.close();
  }
}

describeSqlite('a damaged file', () => {
  test('the server refuses to start on it, says why and what to do, and leaves the file as it was', async () => {
    const damaged = path.join(dir, 'damaged.db');
    const db = createDb(damaged);
    await migrateToLatest(db);
    await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
    await db.destroy();
    // Overwrite the middle of the file (b-tree pages of the seeded tables) with garbage.
    const bytes = fs.readFileSync(damaged);
    const pageSize = bytes.readUInt16BE(16);
    for (let p = 2; p * pageSize < bytes.length - pageSize; p += 2) crypto.randomFillSync(bytes, p * pageSize + 8, 64);
    fs.writeFileSync(damaged, bytes);
    const before = crypto.createHash('sha256').update(fs.readFileSync(damaged)).digest('hex');

    const server = await startServer(damaged, {}, false);
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toMatch(/database file .*damaged\.db is damaged/);
    expect(server.output()).toContain('npm run cli -- restore');
    expect(crypto.createHash('sha256').update(fs.readFileSync(damaged)).digest('hex')).toBe(before);
  }, 30_000);

  test('a file above INTEGRITY_CHECK_BEFORE_START_MB is checked in the background: the server starts, finds the damage and stops, saying why', async () => {
    const damaged = path.join(dir, 'damaged-later.db');
    const db = createDb(damaged);
    await migrateToLatest(db);
    await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
    await db.destroy();
    // a table nothing reads at start fills the end of the file; its pages are the ones damaged
    const filler = new SQLite(damaged);
    filler.exec('create table filler (x blob); insert into filler select randomblob(400) from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 3000) select i from n)');
    filler.close();
    const bytes = fs.readFileSync(damaged);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    for (let p = pages - 6; p < pages - 1; p++) crypto.randomFillSync(bytes, p * pageSize + 8, 64);
    fs.writeFileSync(damaged, bytes);
    // every file is "big" at 0 MB; the file was closed cleanly (no write-ahead log), so it is not checked first
    const server = await startServer(damaged, { INTEGRITY_CHECK_BEFORE_START_MB: '0' }, false);
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(server.output()).toContain('resettlement tracker listening on'); // it did start first
    expect(server.output()).toMatch(/database file .*damaged-later\.db is damaged/);
    expect(server.output()).toContain('npm run cli -- restore');
  }, 30_000);

  test('a file that is not a database at all is refused the same way', async () => {
    const notDb = path.join(dir, 'notes.db');
    fs.writeFileSync(notDb, 'village,households\n甲村,100\n'.repeat(200));
    const server = await startServer(notDb, {}, false);
    expect((await server.exited).code).toBe(1);
    expect(server.output()).toMatch(/notes\.db is damaged \(file is not a database\)/);
  }, 30_000);
});

// The database, its -wal/-shm and every backup are readable by their owner only, and neither a backup
// nor a restore carries a session: a copy of the database is no way into anyone's account.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { cli } from '../helpers/run-cli';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { seedIfEmpty } from '../../seeds';
import { onPostgres } from '../helpers/test-db';

const describeSqlite = onPostgres ? describe.skip : describe;
if (onPostgres) console.info('file-permission tests skipped: they are about SQLite files');

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;
let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-private-'));
  process.env.LOG_LEVEL = 'silent';
});
afterEach(() => {
  process.env = { ...saved };
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A seeded database holding one signed-in session, as a running server leaves it. */
async function withSession(file: string): Promise<void> {
  const db = createDb(file);
  await migrateToLatest(db);
  await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
  await db.insertInto('sessions').values({ sid: crypto.randomBytes(16).toString('hex'), user_id: null, data: '{"userId":1}', expires_at: '2099-01-01T00:00:00.000Z' }).execute();
  await db.destroy();
}

const sessionCount = (file: string) => {
  const db = new SQLite(file, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from sessions').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describeSqlite('file modes', () => {
  test('a new database, its -wal and -shm are 0600, and the folder made for it 0700', async () => {
    const file = path.join(dir, 'data', 'tracker.db');
    const db = createDb(file);
    await migrateToLatest(db);
    expect(modeOf(path.join(dir, 'data'))).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect({ f: path.basename(f), mode: modeOf(f).toString(8) }).toEqual({ f: path.basename(f), mode: '600' });
    await db.destroy();
  });

  test('a database an older version left readable by everyone is made 0600 when opened', async () => {
    const file = path.join(dir, 'old.db');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    const db = createDb(file);
    await migrateToLatest(db);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    await db.destroy();
  });

  test('cli backup writes 0600 files into a BACKUP_DIR it creates as 0700', async () => {
    const file = path.join(dir, 'tracker.db');
    await withSession(file);
    process.env.BACKUP_DIR = path.join(dir, 'backups', 'nightly');
    const r = await cli(file, ['backup']);
    expect(r.code).toBe(0);
    const [name] = fs.readdirSync(process.env.BACKUP_DIR);
    expect(modeOf(process.env.BACKUP_DIR)).toBe(0o700);
    expect(modeOf(path.join(process.env.BACKUP_DIR, name!))).toBe(0o600);
    const named = path.join(dir, 'copy.db');
    expect((await cli(file, ['backup', named])).code).toBe(0);
    expect(modeOf(named)).toBe(0o600);
  });
});

describeSqlite('no sessions in copies', () => {
  test('a backup holds no session rows, though the database had one', async () => {
    const file = path.join(dir, 'tracker.db');
    await withSession(file);
    expect(sessionCount(file)).toBe(1);
    const backup = path.join(dir, 'b.db');
    expect((await cli(file, ['backup', backup])).code).toBe(0);
    expect(sessionCount(backup)).toBe(0);
    expect(sessionCount(file)).toBe(1); // the running database keeps its own
  });

  test('restoring a copy that still has sessions (made by cp, or by an older version) brings none back; the result is 0600', async () => {
    const source = path.join(dir, 'source.db');
    await withSession(source);
    const copy = path.join(dir, 'copied.db');
    const db = new SQLite(source);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    fs.copyFileSync(source, copy);
    fs.chmodSync(copy, 0o644);
    expect(sessionCount(copy)).toBe(1);
    const target = path.join(dir, 'tracker.db');
    await withSession(target);
    const r = await cli(target, ['restore', copy]);
    expect(r.code).toBe(0);
    expect(sessionCount(target)).toBe(0);
    expect(modeOf(target)).toBe(0o600);
    const previous = /kept the previous database as (.+)$/m.exec(r.out)![1]!;
    expect(modeOf(previous)).toBe(0o600);
  });
});

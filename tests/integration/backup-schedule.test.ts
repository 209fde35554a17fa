// Scheduled backups (BACKUP_EVERY_HOURS) and their retention (BACKUP_KEEP), on a real SQLite file
// with Jest's fake clock; and the configuration that turns them on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pino from 'pino';
import { seedIfEmpty } from '../../seeds';
import { loadConfig } from '../../src/config';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { startBackupSchedule } from '../../src/services/backup-schedule';
import { runScheduledBackup } from '../../src/services/backup.service';
import { onPostgres } from '../helpers/test-db';

const HOUR = 3_600_000;
const describeSqlite = onPostgres ? describe.skip : describe;
if (onPostgres) console.info('scheduled backup tests skipped: they copy a SQLite file (on PostgreSQL the schedule only logs a warning)');

let dir: string;
let dbFile: string;
let backupDir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-schedule-'));
  dbFile = path.join(dir, 'tracker.db');
  if (onPostgres) return;
  const db = createDb(dbFile);
  await migrateToLatest(db);
  await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
  await db.destroy();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  backupDir = fs.mkdtempSync(path.join(dir, 'backups-'));
});
afterEach(() => jest.useRealTimers());

/** A real pino logger whose JSON lines are kept for the test to read. */
function memoryLogger() {
  const lines: { level: number; msg: string; path?: string; bytes?: number; ms?: number; removed?: string[] }[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => { lines.push(JSON.parse(s)); } });
  return { logger, lines, written: () => lines.filter((l) => l.msg === 'scheduled backup written') };
}

const listing = () => fs.readdirSync(backupDir).sort();
const config = (over: Partial<{ databaseUrl: string; backupEveryHours: number; backupKeep: number }> = {}) =>
  ({ databaseUrl: dbFile, backupDir, backupEveryHours: 1, backupKeep: 3, ...over });

describeSqlite('scheduled backups', () => {
  test('retention keeps exactly BACKUP_KEEP newest scheduled backups and leaves every other file alone', () => {
    const unrelated = ['notes.txt', 'tracker-2020-01-01T000000Z.db', 'tracker-scheduled-latest.db', 'tracker-scheduled-2020-01-01T000000Z.db.partial-1', 'tracker.db'];
    for (const name of unrelated) fs.writeFileSync(path.join(backupDir, name), name);
    const old = ['2026-11-20T010000Z', '2026-11-21T010000Z', '2026-11-22T010000Z', '2026-11-23T010000Z', '2026-11-24T010000Z'];
    for (const stamp of old) fs.writeFileSync(path.join(backupDir, `tracker-scheduled-${stamp}.db`), 'old');

    const r = runScheduledBackup({ databaseUrl: dbFile, dir: backupDir, keep: 3, now: new Date('2026-11-26T14:25:00.123Z') });
    expect(r.path).toBe(path.join(backupDir, 'tracker-scheduled-2026-11-26T142500Z.db'));
    expect(r.removed.map((f) => path.basename(f))).toEqual(old.slice(0, 3).map((s) => `tracker-scheduled-${s}.db`));
    expect(listing()).toEqual([...unrelated, 'tracker-scheduled-2026-11-23T010000Z.db', 'tracker-scheduled-2026-11-24T010000Z.db', 'tracker-scheduled-2026-11-26T142500Z.db'].sort());
    for (const name of unrelated) expect(fs.readFileSync(path.join(backupDir, name), 'utf8')).toBe(name);
    const copy = new SQLite(r.path, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  test('the first backup is taken at start, then one per interval; each is logged with path, bytes and ms', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-26T00:00:00Z') });
    const log = memoryLogger();
    const schedule = startBackupSchedule({ config: config({ backupKeep: 2 }), logger: log.logger });
    await jest.advanceTimersByTimeAsync(0);
    expect(listing()).toEqual(['tracker-scheduled-2026-11-26T000000Z.db']);
    await jest.advanceTimersByTimeAsync(HOUR - 1);
    expect(listing()).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(listing()).toEqual(['tracker-scheduled-2026-11-26T010000Z.db', 'tracker-scheduled-2026-11-26T020000Z.db']);
    schedule.stop();
    await jest.advanceTimersByTimeAsync(10 * HOUR);
    expect(listing()).toHaveLength(2);

    const written = log.written();
    expect(written).toHaveLength(3);
    expect(written[2]).toMatchObject({ path: path.join(backupDir, 'tracker-scheduled-2026-11-26T020000Z.db'), bytes: expect.any(Number), ms: expect.any(Number) });
    expect(written[2]!.bytes).toBe(fs.statSync(written[2]!.path!).size);
    expect(written[2]!.removed).toEqual([path.join(backupDir, 'tracker-scheduled-2026-11-26T000000Z.db')]);
  });

  test('a restart does not postpone the next backup, and 720 hours are waited out in full', async () => {
    fs.writeFileSync(path.join(backupDir, 'tracker-scheduled-2026-11-26T000000Z.db'), 'earlier run');
    jest.useFakeTimers({ now: new Date('2026-11-26T00:30:00Z') });
    const soon = startBackupSchedule({ config: config(), logger: memoryLogger().logger });
    await jest.advanceTimersByTimeAsync(HOUR / 2 - 1);
    expect(listing()).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(listing()).toContain('tracker-scheduled-2026-11-26T010000Z.db');
    soon.stop();

    // Node (and the fake clock) would fire a longer timeout after 1 ms.
    const timeouts = jest.spyOn(global, 'setTimeout');
    const monthly = startBackupSchedule({ config: config({ backupEveryHours: 720 }), logger: memoryLogger().logger });
    expect(Math.max(...timeouts.mock.calls.map((c) => c[1] ?? 0))).toBe(2 ** 31 - 1);
    await jest.advanceTimersByTimeAsync(719 * HOUR);
    expect(listing()).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(HOUR);
    expect(listing()).toHaveLength(3);
    monthly.stop();
    timeouts.mockRestore();
  });

  test('a failed backup is logged, does not throw, and is tried again at the next interval', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-26T00:00:00Z') });
    const missing = path.join(dir, 'not-there.db');
    const log = memoryLogger();
    const schedule = startBackupSchedule({ config: config({ databaseUrl: missing }), logger: log.logger });
    await jest.advanceTimersByTimeAsync(2 * HOUR);
    schedule.stop();
    const failures = log.lines.filter((l) => l.msg === 'scheduled backup failed');
    expect(failures).toHaveLength(3);
    expect(failures[0]).toMatchObject({ level: 50, err: { message: `no database at ${missing}` } });
    expect(listing()).toEqual([]);
  });
});

test('off by default (0), and on PostgreSQL only a warning: nothing is scheduled', () => {
  jest.useFakeTimers();
  const log = memoryLogger();
  startBackupSchedule({ config: config({ backupEveryHours: 0 }), logger: log.logger }).stop();
  startBackupSchedule({ config: config({ databaseUrl: 'postgres://tracker@127.0.0.1/tracker' }), logger: log.logger }).stop();
  expect(jest.getTimerCount()).toBe(0);
  expect(log.lines.map((l) => l.msg)).toEqual([expect.stringMatching(/^BACKUP_EVERY_HOURS applies to SQLite only: back PostgreSQL up with pg_dump/)]);
});

describe('configuration', () => {
  test('defaults: backups in data/backups, no schedule, 14 kept', () => {
    expect(loadConfig({})).toMatchObject({ backupDir: 'data/backups', backupEveryHours: 0, backupKeep: 14 });
    expect(loadConfig({ BACKUP_DIR: '/var/backups/tracker', BACKUP_EVERY_HOURS: '24', BACKUP_KEEP: '30' }))
      .toMatchObject({ backupDir: '/var/backups/tracker', backupEveryHours: 24, backupKeep: 30 });
  });

  test.each([
    ['BACKUP_EVERY_HOURS', '1.5'],
    ['BACKUP_EVERY_HOURS', '-1'],
    ['BACKUP_EVERY_HOURS', '721'],
    ['BACKUP_EVERY_HOURS', 'daily'],
    ['BACKUP_KEEP', '0'],
    ['BACKUP_KEEP', ''],
    ['BACKUP_KEEP', 'all'],
    ['BACKUP_DIR', ''],
  ])('%s=%j is refused with the variable\'s name', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name}: `));
  });
});

describe('half-written backups', () => {
  test('a schedule starting up removes those an earlier stop left, and nothing else', async () => {
    fs.mkdirSync(backupDir, { recursive: true });
    const partial = path.join(backupDir, 'tracker-scheduled-2026-11-25T000000Z.db.partial-4242');
    const finished = path.join(backupDir, 'tracker-scheduled-2026-11-25T000000Z.db');
    const mine = path.join(backupDir, 'tracker-2026-11-25T000000Z.db.partial-1');
    for (const f of [partial, finished, mine]) fs.writeFileSync(f, 'x');
    const log = memoryLogger();
    const schedule = startBackupSchedule({ config: config({ backupEveryHours: 24 }), logger: log.logger, now: () => new Date('2026-11-25T01:00:00Z') });
    schedule.stop();
    expect(fs.existsSync(partial)).toBe(false);
    expect(fs.existsSync(finished)).toBe(true);
    expect(fs.existsSync(mine)).toBe(true);
  });
});

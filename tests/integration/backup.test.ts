// `backup` and `restore` on real SQLite files, with other processes really holding and writing the
// database: a backup taken during a stream of writes is a consistent snapshot, a restore round-trips
// exactly and keeps the previous file, and every refusal leaves the target byte for byte as it was.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Migrator } from 'kysely';
import { migrations } from '../../db/migrations';
import { seedIfEmpty } from '../../seeds';
import { runCli } from '../../src/cli';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { onPostgres } from '../helpers/test-db';

const REPO = path.resolve(__dirname, '../..');
const WRITER_PREFIX = '备份写入测试区';

const describeSqlite = onPostgres ? describe.skip : describe;
if (onPostgres) console.info('backup/restore file tests skipped: they copy and lock SQLite files (PostgreSQL uses pg_dump; its refusal is tested here)');

let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-backup-'));
  process.env.LOG_LEVEL = 'silent';
  process.env.BACKUP_DIR = path.join(dir, 'backups');
});
afterEach(() => {
  process.env = { ...saved };
  fs.rmSync(dir, { recursive: true, force: true });
});

async function cli(databaseUrl: string, args: string[]) {
  process.env.DATABASE_URL = databaseUrl;
  const lines: string[] = [];
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((m: unknown) => { errors.push(String(m)); });
  try {
    const code = await runCli(args, (l) => lines.push(l));
    return { code, out: lines.join('\n'), err: errors.join('\n') };
  } finally {
    spy.mockRestore();
  }
}

async function seeded(file: string): Promise<void> {
  const db = createDb(file);
  await migrateToLatest(db);
  await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
  await db.destroy();
}

function withFile<T>(file: string, fn: (db: SQLite.Database) => T): T {
  const db = new SQLite(file, { fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const integrity = (file: string) => withFile(file, (db) => (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check));
const tables = (db: SQLite.Database) =>
  (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((r) => r.name);
const counts = (file: string) => withFile(file, (db) => Object.fromEntries(tables(db).map((t) => [t, (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n])));
const dump = (file: string) => withFile(file, (db) => Object.fromEntries(tables(db).map((t) => [t, db.prepare(`select * from ${t} order by rowid`).all()])));
const writerPairs = (file: string) =>
  withFile(file, (db) => ({
    districts: (db.prepare('select count(*) as n from districts where name_zh like ?').get(`${WRITER_PREFIX}%`) as { n: number }).n,
    audits: (db.prepare("select count(*) as n from audit_log where action = 'backup-test'").get() as { n: number }).n,
  }));

/** Another process on the database: prints "ready" once it has read (and so holds its lock). */
function otherProcess(file: string, mode: 'idle' | 'write'): Promise<ChildProcess> {
  const script = `
    const db = new (require('better-sqlite3'))(process.env.DB_FILE);
    db.pragma('journal_mode = WAL'); db.pragma('busy_timeout = 5000'); db.pragma('synchronous = FULL');
    // Never checkpoint: every write stays in the WAL, as after a crash between checkpoints.
    db.pragma('wal_autocheckpoint = 0');
    db.prepare('select count(*) from districts').get();
    const district = db.prepare('insert into districts (name_zh) values (?)');
    const audit = db.prepare("insert into audit_log (at, action, object_type, object_id, result) values (?, 'backup-test', 'district', ?, 'ok')");
    const pair = db.transaction((i) => audit.run(new Date().toISOString(), district.run('${WRITER_PREFIX}' + i).lastInsertRowid));
    const writing = process.env.MODE === 'write';
    let i = 0;
    if (writing) for (; i < 50; i++) pair(i);
    process.stdout.write('ready\\n');
    const loop = () => { const end = Date.now() + 10; while (writing && Date.now() < end) pair(i++); setTimeout(loop, 1); };
    loop();`;
  const child = spawn(process.execPath, ['-e', script], { cwd: REPO, env: { ...process.env, DB_FILE: file, MODE: mode }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the other process exited early (${code})`)));
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(child); });
  });
}

async function kill(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Everything in the folder of `file` except `file`'s own WAL and shared-memory files. */
const siblings = (file: string) => fs.readdirSync(path.dirname(file)).filter((n) => !/-(wal|shm)$/.test(n)).sort();

describeSqlite('backup', () => {
  test('during a stream of writes from another process, every backup is a sound, consistent snapshot that restores exactly', async () => {
    const source = path.join(dir, 'tracker.db');
    await seeded(source);
    const writer = await otherProcess(source, 'write');
    let lastSeen = 0;
    try {
      const backups: string[] = [];
      let grew = 0;
      for (let round = 0; round < 4; round++) {
        const before = writerPairs(source).districts;
        const file = path.join(dir, `during-${round}.db`);
        const r = await cli(source, ['backup', file]);
        const after = writerPairs(source).districts;
        expect(r).toMatchObject({ code: 0, err: '' });
        expect(r.out).toContain(`to ${file} (`);
        expect(r.out).toMatch(/integrity check ok\n\d+ rows: allowance_rules 0, audit_log \d+, batches 2, buildings 15/);
        expect(integrity(file)).toEqual(['ok']);
        const inBackup = writerPairs(file);
        // A district and its audit row are committed together: a torn copy would differ here.
        expect(inBackup.audits).toBe(inBackup.districts);
        expect(inBackup.districts).toBeGreaterThanOrEqual(before);
        expect(inBackup.districts).toBeLessThanOrEqual(after);
        if (after > before) grew++;
        lastSeen = after;
        backups.push(file);
      }
      expect(grew).toBeGreaterThan(0); // the writes really went on while backups were taken

      const fresh = path.join(dir, 'fresh', 'restored.db');
      const r = await cli(fresh, ['restore', backups[2]!]);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(/^there was no database at .*restored\.db before\nrestored /);
      expect(counts(fresh)).toEqual(counts(backups[2]!));
    } finally {
      await kill(writer);
    }

    // The writer was killed mid-stream: its last commits may be only in the WAL. Restoring over it
    // must keep them in the before-restore file and must not replay that WAL onto the backup.
    // What was committed is the file and its WAL together (a copy of both, recovered on its own).
    const side = path.join(dir, 'side');
    fs.mkdirSync(side);
    fs.copyFileSync(source, path.join(side, 'main-only.db'));
    fs.copyFileSync(source, path.join(side, 'with-wal.db'));
    fs.copyFileSync(`${source}-wal`, path.join(side, 'with-wal.db-wal'));
    const committed = writerPairs(path.join(side, 'with-wal.db')).districts;
    expect(committed).toBeGreaterThanOrEqual(lastSeen);
    expect(writerPairs(path.join(side, 'main-only.db')).districts).toBeLessThan(committed);
    const r = await cli(source, ['restore', path.join(dir, 'during-0.db')]);
    expect(r).toMatchObject({ code: 0, err: '' });
    const previous = /kept the previous database as (.+)$/m.exec(r.out)![1]!;
    expect(counts(source)).toEqual(counts(path.join(dir, 'during-0.db')));
    expect(integrity(previous)).toEqual(['ok']);
    const kept = writerPairs(previous);
    expect(kept.audits).toBe(kept.districts);
    expect(kept.districts).toBe(committed);
  });

  test('without FILE it writes a timestamped file in BACKUP_DIR, and never overwrites a file', async () => {
    const source = path.join(dir, 'tracker.db');
    await seeded(source);
    const r = await cli(source, ['backup']);
    expect(r.code).toBe(0);
    const made = fs.readdirSync(process.env.BACKUP_DIR!);
    expect(made).toEqual([expect.stringMatching(/^tracker-\d{4}-\d{2}-\d{2}T\d{6}Z\.db$/)]);
    expect(r.out).toContain(path.join(process.env.BACKUP_DIR!, made[0]!));

    const existing = path.join(dir, 'existing.db');
    fs.writeFileSync(existing, 'keep me');
    const again = await cli(source, ['backup', existing]);
    expect(again.code).toBe(1);
    expect(again.err).toBe(`error: ${existing} already exists; a backup never overwrites a file`);
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');

    const none = await cli(path.join(dir, 'missing.db'), ['backup', path.join(dir, 'x.db')]);
    expect(none).toMatchObject({ code: 1, err: `error: no database at ${path.join(dir, 'missing.db')}` });
    expect(fs.existsSync(path.join(dir, 'missing.db'))).toBe(false);
  });
});

describeSqlite('restore', () => {
  test('round trip: the content equals the backup exactly, and the replaced database is kept', async () => {
    const target = path.join(dir, 'tracker.db');
    await seeded(target);
    const backup = path.join(dir, 'b.db');
    expect((await cli(target, ['backup', backup])).code).toBe(0);
    withFile(target, (db) => {
      db.prepare("insert into districts (name_zh) values ('备份之后新增的区')").run();
      db.prepare("update villages set name_zh = '改过名的村'").run();
      db.prepare('delete from milestones where id in (select id from milestones limit 3)').run();
    });
    const changed = dump(target);

    const r = await cli(target, ['restore', backup]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(dump(target)).toEqual(dump(backup));
    const previous = /kept the previous database as (.+)$/m.exec(r.out)![1]!;
    expect(path.basename(previous)).toMatch(/^tracker\.db\.before-restore-\d{4}-\d{2}-\d{2}T\d{6}Z$/);
    expect(dump(previous)).toEqual(changed);
    expect(siblings(target)).toEqual(['b.db', 'tracker.db', path.basename(previous)]);
  });

  test('a backup from an older version is accepted and brought up to date', async () => {
    const old = path.join(dir, 'old.db');
    const db = createDb(old);
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0002-staff')).error).toBeUndefined();
    await db.destroy();
    const backup = path.join(dir, 'old-backup.db');
    expect((await cli(old, ['backup', backup])).code).toBe(0);

    const target = path.join(dir, 'tracker.db');
    await seeded(target);
    const r = await cli(target, ['restore', backup]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('brought up to date with 0003-data-version');
    expect(withFile(target, (t) => t.prepare('select name from kysely_migration order by name').all())).toEqual(Object.keys(migrations).map((name) => ({ name })));
  });

  describe('refusals leave the target byte for byte as it was', () => {
    let target: string;
    let backup: string;
    beforeEach(async () => {
      target = path.join(dir, 'tracker.db');
      await seeded(target);
      backup = path.join(dir, 'good.db');
      expect((await cli(target, ['backup', backup])).code).toBe(0);
    });

    async function refused(file: string, message: RegExp): Promise<void> {
      const hash = sha256(target);
      const before = siblings(target);
      const r = await cli(target, ['restore', file]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(sha256(target)).toBe(hash);
      expect(siblings(target)).toEqual(before);
    }

    const variant = (name: string, bytes: Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      return file;
    };

    test('a missing file', () => refused(path.join(dir, 'nope.db'), /^error: no such file: .*nope\.db$/));

    test('random bytes and a CSV file', async () => {
      await refused(variant('random.db', crypto.randomBytes(64 * 1024)), /random\.db is not a SQLite database$/);
      await refused(variant('projects.csv', Buffer.from('village,project\n赵村,安置房\n')), /projects\.csv is not a SQLite database$/);
      await refused(variant('empty.db', Buffer.alloc(0)), /empty\.db is not a SQLite database$/);
    });

    test('a truncated copy and one with damaged pages', async () => {
      const bytes = fs.readFileSync(backup);
      await refused(variant('truncated.db', bytes.subarray(0, Math.floor(bytes.length / 2))), /truncated\.db is damaged: /);
      const damaged = Buffer.from(bytes);
      crypto.randomFillSync(damaged, Math.floor(bytes.length / 2), 3 * 4096);
      await refused(variant('damaged.db', damaged), /damaged\.db is damaged: /);
    });

    test('a backup from a newer version (an unknown migration), and a SQLite file of another application', async () => {
      const newer = path.join(dir, 'newer.db');
      fs.copyFileSync(backup, newer);
      withFile(newer, (db) => db.prepare("insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2099-01-01T00:00:00.000Z')").run());
      await refused(newer, /newer\.db comes from a newer version of the application \(unknown migrations: 9999-from-the-future\)/);
      const other = path.join(dir, 'other.db');
      const o = new SQLite(other);
      o.exec('create table t (x)');
      o.close();
      await refused(other, /other\.db is a SQLite database but not one of this application/);
    });

    test('the target open in this process (like the server, idle after a read)', async () => {
      const holder = createDb(target);
      await holder.selectFrom('districts').select('id').execute();
      try {
        await refused(backup, /tracker\.db is in use \(a running server or another program has it open\): stop it, then restore$/);
      } finally {
        await holder.destroy();
      }
      expect((await cli(target, ['restore', backup])).code).toBe(0);
    });

    test('the target open in another process, idle or writing; once it has exited the restore goes through', async () => {
      for (const mode of ['idle', 'write'] as const) {
        const other = await otherProcess(target, mode);
        try {
          if (mode === 'idle') await refused(backup, /is in use/);
          else {
            const r = await cli(target, ['restore', backup]);
            expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/is in use/) });
            expect(siblings(target)).toEqual(['good.db', 'tracker.db']);
          }
        } finally {
          await kill(other);
        }
      }
      const r = await cli(target, ['restore', backup]);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(counts(target)).toEqual(counts(backup));
    });
  });
});

test.each([
  [['restore']],
  [['restore', 'a.db', 'b.db']],
  [['restore', '--force', 'a.db']],
  [['backup', 'a.db', 'b.db']],
  [['backup', '--out', 'a.db']],
])('bad arguments %j exit 2 with the usage, and touch nothing', async (args) => {
  const target = path.join(dir, 'tracker.db');
  const r = await cli(target, args);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^error: .+\n(usage: npm run cli -- (restore FILE|backup \[FILE\])|\nUsage: npm run cli)/);
  expect(fs.readdirSync(dir)).toEqual([]);
});

test('on PostgreSQL both commands say to use pg_dump and pg_restore instead, exit 2, and connect to nothing', async () => {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://tracker:secret@127.0.0.1:1/none';
  for (const command of [['backup'], ['restore', 'x.dump']]) {
    const r = await cli(url, command);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toBe('error: this database is PostgreSQL: back it up with pg_dump -Fc and restore with pg_restore (see "Backups and restore" in README.md)');
  }
});

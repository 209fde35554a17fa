// Restoring a backup over the SQLite database. Everything that can refuse happens before the target
// is touched; after that the current database is kept beside it, and the backup is moved into place
// by one rename, so at every moment the target path holds a whole database.
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from '../../db/migrations';
import { createDb, isPostgresUrl } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';
import {
  appliedMigrations, checkpointFully, deleteSessionRows, detachFromWal, integrityProblems, lockExclusively, openExisting, rowCounts, type SqliteFile,
} from '../repositories/backup.repository';
import { ensurePrivateDir, PRIVATE_FILE } from '../db/private-files';
import { BackupError, fileStamp, fsyncPath, POSTGRES_BACKUP_HINT } from './backup.service';

export interface RestoreResult {
  target: string;
  /** Where the database that was replaced now is; null when there was none. */
  previous: string | null;
  /** Migrations the backup did not have yet, applied after the restore. */
  migrated: string[];
  counts: Record<string, number>;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

function hasSqliteHeader(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.toString('latin1') === SQLITE_MAGIC;
  } finally {
    fs.closeSync(fd);
  }
}

/** Refuses a file that is not a sound backup of a version of this application not newer than this one. */
function checkBackup(copy: string, shownAs: string): void {
  let db: SqliteFile | undefined;
  let problems: string[];
  let applied: string[] | null;
  try {
    db = openExisting(copy);
    problems = integrityProblems(db);
    applied = appliedMigrations(db);
  } catch (err) {
    throw new BackupError(`${shownAs} is damaged: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
  if (problems.length) throw new BackupError(`${shownAs} is damaged: ${problems.slice(0, 3).join('; ')}`);
  if (!applied || applied.length === 0) throw new BackupError(`${shownAs} is a SQLite database but not one of this application (no migrations recorded)`);
  const unknown = applied.filter((name) => !(name in migrations));
  if (unknown.length) throw new BackupError(`${shownAs} comes from a newer version of the application (unknown migrations: ${unknown.join(', ')}); upgrade first`);
}

function withFile(file: string, f: (db: SqliteFile) => void): void {
  const db = openExisting(file);
  try {
    f(db);
  } finally {
    db.close();
  }
}

function lockTarget(target: string, timeoutMs: number): SqliteFile {
  try {
    return lockExclusively(target, timeoutMs);
  } catch (err) {
    if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) {
      throw new BackupError(`${target} is in use (a running server or another program has it open): stop it, then restore`);
    }
    throw new BackupError(`${target} cannot be opened (${(err as Error).message}): move it away yourself, then restore into the empty place`);
  }
}

export async function restoreDatabase(o: { databaseUrl: string; backup: string; now: Date; lockTimeoutMs?: number }): Promise<RestoreResult> {
  if (isPostgresUrl(o.databaseUrl)) throw new BackupError(POSTGRES_BACKUP_HINT);
  const target = o.databaseUrl;
  if (!fs.existsSync(o.backup) || !fs.statSync(o.backup).isFile()) throw new BackupError(`no such file: ${o.backup}`);
  if (fs.existsSync(target) && fs.realpathSync(o.backup) === fs.realpathSync(target)) throw new BackupError(`${o.backup} is the database itself`);
  if (!hasSqliteHeader(o.backup)) throw new BackupError(`${o.backup} is not a SQLite database`);
  if (fs.existsSync(`${o.backup}-wal`) && fs.statSync(`${o.backup}-wal`).size > 0) {
    throw new BackupError(`${o.backup}-wal exists beside it and may hold part of its data: use a file made by "backup"`);
  }
  const stamp = fileStamp(o.now);
  ensurePrivateDir(path.dirname(path.resolve(target)));
  // The copy that is checked is the copy that is installed: nothing can change in between.
  const incoming = `${target}.restoring-${stamp}`;
  let previous: string | null = null;
  let lock: SqliteFile | undefined;
  try {
    fs.copyFileSync(o.backup, incoming, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(incoming, PRIVATE_FILE);
    checkBackup(incoming, o.backup);
    withFile(incoming, deleteSessionRows); // sessions of the day of the backup do not come back
    fsyncPath(incoming);
    if (fs.existsSync(target)) {
      lock = lockTarget(target, o.lockTimeoutMs ?? 1000);
      checkpointFully(lock);
      previous = `${target}.before-restore-${stamp}`;
      fs.copyFileSync(target, previous, fs.constants.COPYFILE_EXCL);
      fs.chmodSync(previous, PRIVATE_FILE);
      fsyncPath(previous);
      detachFromWal(lock);
    }
    // A stale WAL would be replayed onto the restored file by the next connection.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.renameSync(incoming, target);
    fsyncPath(path.dirname(path.resolve(target)));
  } finally {
    lock?.close();
    fs.rmSync(incoming, { force: true });
  }

  const db = createDb(target);
  let migrated: string[];
  try {
    const result = await migrateToLatest(db);
    migrated = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  } catch (err) {
    const kept = previous ? `; the previous database is kept as ${previous}` : '';
    throw new BackupError(`restored ${target}, but bringing it up to date failed: ${(err as Error).message}${kept}`);
  } finally {
    await db.destroy();
  }
  const check = openExisting(target);
  try {
    return { target, previous, migrated, counts: rowCounts(check) };
  } finally {
    check.close();
  }
}

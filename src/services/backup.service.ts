// Backups of the SQLite database while the server runs: a consistent copy (VACUUM INTO), checked
// before it is given its name. Scheduled backups have their own name pattern, so that retention
// only ever deletes files it made.
import fs from 'node:fs';
import path from 'node:path';
import { isPostgresUrl } from '../db/create-db';
import { deleteSessionRows, integrityProblems, openExisting, rowCounts, vacuumInto } from '../repositories/backup.repository';
import { createPrivateFile, ensurePrivateDir } from '../db/private-files';

/** A backup or restore refused or failed; the message is for the operator, one line. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export const POSTGRES_BACKUP_HINT =
  'this database is PostgreSQL: back it up with pg_dump -Fc and restore with pg_restore (see "Backups and restore" in README.md)';

export interface BackupResult {
  path: string;
  bytes: number;
  ms: number;
  counts: Record<string, number>;
}

const SCHEDULED = /^tracker-scheduled-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z\.db$/;

/** `2026-11-26T142500Z`: UTC, sortable, and valid in a file name everywhere. */
export function fileStamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '');
}

export function backupFileName(now: Date, scheduled = false): string {
  return `tracker-${scheduled ? 'scheduled-' : ''}${fileStamp(now)}.db`;
}

export function fsyncPath(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (err) {
    // Some platforms cannot fsync a directory; the file itself was synced before.
    if (!fs.statSync(file).isDirectory()) throw err;
  } finally {
    fs.closeSync(fd);
  }
}

/** Copies the database at `databaseUrl` to `target`, which must not exist yet. */
export function backupDatabase(databaseUrl: string, target: string): BackupResult {
  if (isPostgresUrl(databaseUrl)) throw new BackupError(POSTGRES_BACKUP_HINT);
  if (!fs.existsSync(databaseUrl)) throw new BackupError(`no database at ${databaseUrl}`);
  if (fs.existsSync(target)) throw new BackupError(`${target} already exists; a backup never overwrites a file`);
  const started = Date.now();
  ensurePrivateDir(path.dirname(path.resolve(target)));
  // Written under a temporary name first: a half-written file never looks like a backup. VACUUM
  // INTO fills an empty file created beforehand, so the copy is 0600 from its first byte.
  const partial = `${target}.partial-${process.pid}`;
  try {
    createPrivateFile(partial);
    const source = openExisting(databaseUrl);
    try {
      vacuumInto(source, partial);
    } finally {
      source.close();
    }
    const copy = openExisting(partial);
    let problems: string[];
    let counts: Record<string, number>;
    try {
      deleteSessionRows(copy); // a backup carries no sessions, signed-in or not
      problems = integrityProblems(copy);
      counts = rowCounts(copy);
    } finally {
      copy.close();
    }
    if (problems.length) throw new BackupError(`the copy failed its integrity check: ${problems.slice(0, 3).join('; ')}`);
    fsyncPath(partial);
    if (fs.existsSync(target)) throw new BackupError(`${target} already exists; a backup never overwrites a file`);
    fs.renameSync(partial, target);
    fsyncPath(path.dirname(path.resolve(target)));
    return { path: target, bytes: fs.statSync(target).size, ms: Date.now() - started, counts };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/** The scheduled backups in `dir`, oldest first (the time is in the name). */
export function scheduledBackups(dir: string): { file: string; takenAt: Date }[] {
  if (!fs.existsSync(dir)) return [];
  const found: { file: string; takenAt: Date }[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = SCHEDULED.exec(name);
    if (!m || !fs.statSync(path.join(dir, name)).isFile()) continue;
    const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
    found.push({ file: path.join(dir, name), takenAt: new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)) });
  }
  return found.sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
}

/** Deletes the oldest scheduled backups beyond the newest `keep`; other files are never touched. */
export function pruneScheduledBackups(dir: string, keep: number): string[] {
  const all = scheduledBackups(dir);
  const doomed = all.slice(0, Math.max(0, all.length - keep)).map((b) => b.file);
  for (const file of doomed) fs.rmSync(file);
  return doomed;
}

/** Half-written scheduled backups left by a stop in the middle of one (`<name>.partial-<pid>`); never a finished file. */
export function removePartialScheduledBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const partial = fs.readdirSync(dir).filter((name) => /^tracker-scheduled-.+\.db\.partial-\d+$/.test(name)).map((name) => path.join(dir, name));
  for (const file of partial) fs.rmSync(file, { force: true });
  return partial;
}

/** One run of the schedule: a backup named by the time, then retention. */
export function runScheduledBackup(o: { databaseUrl: string; dir: string; keep: number; now: Date }): BackupResult & { removed: string[] } {
  const result = backupDatabase(o.databaseUrl, path.join(o.dir, backupFileName(o.now, true)));
  return { ...result, removed: pruneScheduledBackups(o.dir, o.keep) };
}

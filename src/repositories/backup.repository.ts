// The SQL of backups and restores, on plain better-sqlite3 handles: these work on files (a copy, a
// database that must not be migrated first, a lock), not on the application's Kysely connection.
import SQLite from 'better-sqlite3';

export type SqliteFile = SQLite.Database;

/** Opens an existing file (never creates one); throws SQLITE_CANTOPEN, SQLITE_NOTADB, … as they come. */
export function openExisting(file: string, busyTimeoutMs = 5000): SqliteFile {
  const db = new SQLite(file, { fileMustExist: true });
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  return db;
}

/**
 * A consistent copy of the whole database as of one read transaction. Unlike the online backup API,
 * writers on other connections neither restart nor block it (WAL keeps the snapshot). The copy is in
 * rollback-journal mode and self-contained; SQLite does not fsync it.
 */
export function vacuumInto(db: SqliteFile, target: string): void {
  db.prepare('vacuum into ?').run(target);
}

/** The problems `PRAGMA integrity_check` lists; empty when the file is sound. */
export function integrityProblems(db: SqliteFile): string[] {
  const rows = db.prepare('pragma integrity_check').all() as { integrity_check: string }[];
  const messages = rows.map((r) => r.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

/** The first `max` problems `PRAGMA quick_check` finds (the fast check at start); empty when none. */
export function quickCheckProblems(db: SqliteFile, max = 20): string[] {
  const rows = db.pragma(`quick_check(${Math.trunc(max)})`) as { quick_check: string }[];
  const messages = rows.map((r) => r.quick_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

/**
 * Empties the sessions table of a copy (a backup, a file being restored), overwriting the freed
 * pages, so that it brings back nobody's session. Files older than the table are left alone.
 */
export function deleteSessionRows(db: SqliteFile): void {
  if (!db.prepare("select 1 from sqlite_master where type = 'table' and name = 'sessions'").get()) return;
  db.pragma('secure_delete = on');
  db.prepare('delete from sessions').run();
}

/** The names in Kysely's migration table, oldest first; null when the file has no such table. */
export function appliedMigrations(db: SqliteFile): string[] | null {
  const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get();
  if (!table) return null;
  return (db.prepare('select name from kysely_migration order by timestamp, name').all() as { name: string }[]).map((r) => r.name);
}

/** Rows per table (SQLite's own and Kysely's bookkeeping tables left out), by table name. */
export function rowCounts(db: SqliteFile): Record<string, number> {
  const tables = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name")
    .all() as { name: string }[];
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    counts[name] = (db.prepare(`select count(*) as n from "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
  }
  return counts;
}

/**
 * Takes the database file for this connection alone, or throws SQLITE_BUSY after `busyTimeoutMs`.
 * In WAL mode every other connection that has read the database keeps a SHARED lock on the file
 * until it is closed, idle or not; `locking_mode = EXCLUSIVE` makes this connection need an
 * EXCLUSIVE lock to open the WAL, which it then keeps until it is closed. So while this handle is
 * open, no other process can read or write the file, and its success proves that none had it open.
 */
export function lockExclusively(file: string, busyTimeoutMs: number): SqliteFile {
  const db = openExisting(file, busyTimeoutMs);
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('begin exclusive');
    db.exec('commit');
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Writes everything in the WAL into the database file itself, so that the file alone is complete. */
export function checkpointFully(db: SqliteFile): void {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  if (result && result.busy !== 0) throw new Error('the WAL could not be checkpointed (database busy)');
}

/**
 * Leaves WAL mode on a locked connection without giving up the lock (`memory` journal: no file).
 * Closing a WAL connection deletes `<file>-wal` by name, which after a rename would be the new
 * database's WAL; after this the handle no longer touches any file by name.
 */
export function detachFromWal(db: SqliteFile): void {
  db.pragma('journal_mode = MEMORY');
  db.exec('begin exclusive');
  db.exec('commit');
}

import fs from 'node:fs';
import { isPostgresUrl } from './create-db';
import { openExisting, quickCheckProblems, type SqliteFile } from '../repositories/backup.repository';

/** The database file cannot be trusted; the message says what was found and what to do. */
export class DamagedDatabaseError extends Error {}

const advice = (file: string, finding: string) =>
  `The database file ${file} is damaged (${finding}). The server does not start on a damaged file, and has left it ` +
  'exactly as it was. Restore the latest backup with "npm run cli -- restore FILE" (README: "Backups and restore"), ' +
  'or point DATABASE_URL at another file.';

/**
 * SQLite's `quick_check` before anything else opens the file: a damaged page found now costs a
 * refused start with a clear message instead of wrong figures or a crash in the middle of a write.
 * Opening it read-write lets SQLite first recover a write-ahead log left by a crash, as it must.
 * Nothing to check for PostgreSQL (it recovers itself) or for a file that does not exist yet.
 * Throws DamagedDatabaseError; returns the time it took in milliseconds.
 */
export function quickCheckAtStart(databaseUrl: string): number {
  if (isPostgresUrl(databaseUrl) || databaseUrl === ':memory:' || !fs.existsSync(databaseUrl)) return 0;
  const started = Date.now();
  let conn: SqliteFile | undefined;
  try {
    conn = openExisting(databaseUrl);
    const findings = quickCheckProblems(conn);
    if (findings.length > 0) {
      throw new DamagedDatabaseError(advice(databaseUrl, `quick_check: ${findings.slice(0, 3).join('; ')}`));
    }
  } catch (err) {
    if (err instanceof DamagedDatabaseError) throw err;
    const code = String((err as { code?: unknown }).code ?? '');
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
      throw new DamagedDatabaseError(advice(databaseUrl, (err as Error).message));
    }
    throw err;
  } finally {
    conn?.close();
  }
  return Date.now() - started;
}

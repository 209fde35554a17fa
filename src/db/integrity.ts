import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
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

/**
 * Whether the check must finish before the server opens the file: always after a stop that was not
 * clean (a write-ahead log left behind), and for a file small enough to check in moments. A big file
 * that was closed cleanly is checked in the background instead (quick_check reads every page: 1.5 s
 * for a 200 MB city-scale file on an idle machine, 6 s on a busy one), so that a restart is quick.
 */
export function checkBeforeStart(databaseUrl: string, beforeStartBelowBytes: number): boolean {
  if (isPostgresUrl(databaseUrl) || databaseUrl === ':memory:' || !fs.existsSync(databaseUrl)) return false;
  return fs.existsSync(`${databaseUrl}-wal`) || fs.statSync(databaseUrl).size < beforeStartBelowBytes;
}

/** quick_check in a worker thread (it blocks its thread for as long as it reads): the time it took, or what it found. */
export function quickCheckInBackground(databaseUrl: string): Promise<{ ms: number } | { damaged: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'integrity-worker.js'), { workerData: databaseUrl });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

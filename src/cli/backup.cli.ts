// `backup [FILE]` and `restore FILE` for the command-line tool. Neither goes through the
// application's own connection: backup copies the database as it is, and restore must not open
// (and migrate) the database it is about to replace. Exit codes: 1 refused, 2 usage or PostgreSQL.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config';
import { isPostgresUrl } from '../db/create-db';
import { BackupError, backupDatabase, backupFileName, POSTGRES_BACKUP_HINT } from '../services/backup.service';
import { restoreDatabase } from '../services/restore.service';

type Out = (line: string) => void;

function usage(message: string, synopsis: string): number {
  console.error(`error: ${message}\nusage: npm run cli -- ${synopsis}`);
  return 2;
}

/** Not pretending: the SQLite file tools do not apply, the README says what to do instead. */
function postgres(): number {
  console.error(`error: ${POSTGRES_BACKUP_HINT}`);
  return 2;
}

function rowSummary(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${total} rows: ${Object.entries(counts).map(([table, n]) => `${table} ${n}`).join(', ')}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB, ${bytes} bytes`;
}

async function refusals(run: () => Promise<number> | number): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof BackupError)) throw err;
    console.error(`error: ${err.message}`);
    return 1;
  }
}

export async function backupCommand(config: Config, args: string[], out: Out): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length > 1) return usage('backup takes at most one FILE', 'backup [FILE]');
  if (isPostgresUrl(config.databaseUrl)) return postgres();
  const target = positionals[0] ?? path.join(config.backupDir, backupFileName(new Date()));
  return refusals(() => {
    const r = backupDatabase(config.databaseUrl, target);
    out(`backed up ${config.databaseUrl} to ${r.path} (${megabytes(r.bytes)}, ${r.ms} ms); integrity check ok`);
    out(rowSummary(r.counts));
    return 0;
  });
}

export async function restoreCommand(config: Config, args: string[], out: Out): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) return usage(positionals.length ? 'restore takes exactly one FILE' : 'restore needs the backup FILE', 'restore FILE');
  if (isPostgresUrl(config.databaseUrl)) return postgres();
  const file = positionals[0]!;
  return refusals(async () => {
    const r = await restoreDatabase({ databaseUrl: config.databaseUrl, backup: file, now: new Date() });
    out(r.previous ? `kept the previous database as ${r.previous}` : `there was no database at ${r.target} before`);
    out(`restored ${r.target} from ${file}${r.migrated.length ? `; brought up to date with ${r.migrated.join(', ')}` : ''}`);
    out(rowSummary(r.counts));
    return 0;
  });
}

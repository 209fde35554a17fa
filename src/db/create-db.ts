import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool, types } from 'pg';
import type { Database } from './schema';
import { prepareDatabaseFile } from './private-files';

export type Db = Kysely<Database>;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

// PostgreSQL sends bigint (counts, the data version) and numeric as strings; every such value here
// is far below 2^53, so numbers are what the rest of the code expects on both databases.
types.setTypeParser(20, (v) => Number(v));
types.setTypeParser(1700, (v) => Number(v));

/** The only place a dialect is chosen: a `postgres://` URL, or else a SQLite file path. */
export function createDb(databaseUrl: string, opts: { onConnectionError?: (err: Error) => void } = {}): Db {
  if (isPostgresUrl(databaseUrl)) {
    const pool = new Pool({ connectionString: databaseUrl, max: 10 });
    // An idle connection the server closes (a restart, an administrator) emits 'error' on the pool;
    // without a listener that would end the process. The pool replaces the connection on next use.
    pool.on('error', opts.onConnectionError ?? ((err) => console.error(`database connection lost: ${err.message}`)));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  if (databaseUrl !== ':memory:') prepareDatabaseFile(databaseUrl);
  const sqlite = new SQLite(databaseUrl);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * A second, read-only SQLite connection for what must not wait behind a long write transaction
 * (sessions and the signed-in user, so an import's progress page answers while the import commits;
 * WAL lets readers run beside the writer). PostgreSQL's pool already does this: null there.
 */
export function createReadDb(databaseUrl: string): Db | null {
  if (isPostgresUrl(databaseUrl) || databaseUrl === ':memory:') return null;
  const sqlite = new SQLite(databaseUrl, { readonly: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/** The database named for logs and messages, without credentials. */
export function describeDatabase(url: string): string {
  if (!isPostgresUrl(url)) return `sqlite:${url}`;
  try {
    const u = new URL(url);
    return `postgres://${u.host}${u.pathname}`;
  } catch {
    return 'postgres';
  }
}

import { PostgresAdapter, sql } from 'kysely';
import { migrations } from '../../db/migrations';
import type { Conn } from './catalogue.repository';

export interface DatabaseState {
  dialect: 'sqlite' | 'postgres';
  /** The latest migration applied to the database (null before the first). */
  schema: string | null;
  /** Migrations this code knows that the database has not had. */
  pendingMigrations: number;
}

const KNOWN = Object.keys(migrations);

/**
 * One small query (Kysely's own list of applied migrations, a handful of rows) that also proves the
 * database answers. Cheap enough for a probe hit thousands of times a second: no integrity check.
 */
export async function databaseState(db: Conn): Promise<DatabaseState> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.map((r) => r.name));
  return {
    dialect: db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite',
    schema: [...applied].sort().pop() ?? null,
    pendingMigrations: KNOWN.filter((name) => !applied.has(name)).length,
  };
}

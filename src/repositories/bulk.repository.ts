import { PostgresAdapter, sql, type Insertable } from 'kysely';
import type { Database } from '../db/schema';
import type { Conn } from './catalogue.repository';

type Table = 'districts' | 'villages' | 'projects' | 'batches' | 'buildings' | 'milestones' | 'progress_reports' | 'sources';

/** The next free id of a table, for bulk loads that assign ids themselves. */
export async function nextId(db: Conn, table: Table): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return Number(row?.m ?? 0) + 1;
}

/** Inserts many rows in chunks: one statement per chunk instead of one per row. */
export async function bulkInsert<T extends Table>(db: Conn, table: T, rows: readonly Insertable<Database[T]>[], columnsPerRow: number): Promise<void> {
  // SQLite allows 32,766 bound values per statement; stay well below.
  const chunk = Math.max(1, Math.floor(8000 / columnsPerRow));
  for (let i = 0; i < rows.length; i += chunk) {
    await db.insertInto(table).values(rows.slice(i, i + chunk) as never).execute();
  }
}

/** After ids were assigned by hand, PostgreSQL's sequences must be moved past them. */
export async function syncIdSequence(db: Conn, table: Table): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 1))`.execute(db);
}

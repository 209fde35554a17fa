import type { Insertable } from 'kysely';
import type { BuildingsTable, MilestonesTable, ProgressReportsTable } from '../db/schema';
import type { Conn } from './catalogue.repository';

// Many-row inserts for imports: one statement per chunk instead of one per row keeps a large import's
// transaction (which holds the database) short. Chunks stay under SQLite's bound-parameter limit.
const CHUNK = 400;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * Inserts buildings and returns their ids in the order given. RETURNING rows come in no promised
 * order, so they are matched back by (batch, seq), which is unique.
 */
export async function insertBuildings(db: Conn, rows: readonly Insertable<BuildingsTable>[]): Promise<number[]> {
  const ids: number[] = [];
  for (const part of chunks(rows)) {
    const back = await db.insertInto('buildings').values(part).returning(['id', 'batch_id', 'seq']).execute();
    const byKey = new Map(back.map((r) => [`${r.batch_id}|${r.seq}`, Number(r.id)]));
    for (const r of part) ids.push(byKey.get(`${r.batch_id}|${r.seq}`)!);
  }
  return ids;
}

export async function insertMilestones(db: Conn, rows: readonly Insertable<MilestonesTable>[]): Promise<void> {
  for (const part of chunks(rows)) await db.insertInto('milestones').values(part).execute();
}

export async function insertReports(db: Conn, rows: readonly Insertable<ProgressReportsTable>[]): Promise<void> {
  for (const part of chunks(rows)) await db.insertInto('progress_reports').values(part).execute();
}

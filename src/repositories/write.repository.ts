import type { Insertable } from 'kysely';
import type {
  BatchesTable, BuildingsTable, DistrictsTable, MilestonesTable, ProgressReportsTable, ProjectsTable,
  SourcesTable, VillagesTable,
} from '../db/schema';
import type { Conn } from './catalogue.repository';

// Inserts return the new id. Callers own the transaction (pass a Transaction as `db`).

async function insertReturningId<T extends keyof InsertTables>(db: Conn, table: T, values: InsertTables[T]): Promise<number> {
  const row = await db
    .insertInto(table)
    .values(values as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number((row as { id: number }).id);
}

interface InsertTables {
  sources: Insertable<SourcesTable>;
  districts: Insertable<DistrictsTable>;
  villages: Insertable<VillagesTable>;
  projects: Insertable<ProjectsTable>;
  batches: Insertable<BatchesTable>;
  buildings: Insertable<BuildingsTable>;
  milestones: Insertable<MilestonesTable>;
  progress_reports: Insertable<ProgressReportsTable>;
}

export const insertSource = (db: Conn, v: Insertable<SourcesTable>) => insertReturningId(db, 'sources', v);
export const insertDistrict = (db: Conn, v: Insertable<DistrictsTable>) => insertReturningId(db, 'districts', v);
export const insertVillage = (db: Conn, v: Insertable<VillagesTable>) => insertReturningId(db, 'villages', v);
// A new row's target becomes its baseline in the database itself (triggers of migration 0007).
export const insertProject = (db: Conn, v: Insertable<ProjectsTable>) => insertReturningId(db, 'projects', v);
export const insertBatch = (db: Conn, v: Insertable<BatchesTable>) => insertReturningId(db, 'batches', v);
export const insertBuilding = (db: Conn, v: Insertable<BuildingsTable>) => insertReturningId(db, 'buildings', v);
export const insertMilestone = (db: Conn, v: Insertable<MilestonesTable>) => insertReturningId(db, 'milestones', v);
export const insertReport = (db: Conn, v: Insertable<ProgressReportsTable>) =>
  insertReturningId(db, 'progress_reports', v);

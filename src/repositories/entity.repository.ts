import type { Updateable } from 'kysely';
import type { BatchesTable, BuildingsTable, ProjectsTable, VillagesTable } from '../db/schema';
import type { Batch, Building, Milestone, Project, Report, Village } from '../domain/entities';
import type { Conn } from './catalogue.repository';
import { toBatch, toBuilding, toMilestone, toProject, toReport, toVillage } from './mappers';

// Single records for editing, and versioned updates (optimistic locking).

export const getVillage = async (db: Conn, id: number): Promise<Village | null> => {
  const r = await db.selectFrom('villages').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toVillage(r) : null;
};
export const getProject = async (db: Conn, id: number): Promise<Project | null> => {
  const r = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toProject(r) : null;
};
export const getBatch = async (db: Conn, id: number): Promise<Batch | null> => {
  const r = await db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toBatch(r) : null;
};
export const getBuilding = async (db: Conn, id: number): Promise<Building | null> => {
  const r = await db.selectFrom('buildings').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toBuilding(r) : null;
};
/** The batches of a project in their order: where one of its buildings may be moved to. */
export const batchesOfProject = async (db: Conn, projectId: number): Promise<Batch[]> =>
  (await db.selectFrom('batches').selectAll().where('project_id', '=', projectId).orderBy('sequence').execute()).map(toBatch);
export const buildingsOfBatch = async (db: Conn, batchId: number): Promise<Building[]> =>
  (await db.selectFrom('buildings').selectAll().where('batch_id', '=', batchId).orderBy('seq').execute()).map(toBuilding);

export const nextBatchSequence = async (db: Conn, projectId: number): Promise<number> => {
  const r = await db.selectFrom('batches').select((eb) => eb.fn.max('sequence').as('m')).where('project_id', '=', projectId).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
};
export const nextBuildingSeq = async (db: Conn, batchId: number): Promise<number> => {
  const r = await db.selectFrom('buildings').select((eb) => eb.fn.max('seq').as('m')).where('batch_id', '=', batchId).executeTakeFirst();
  return Number(r?.m ?? 0) + 1;
};

type Versioned = {
  villages: Updateable<VillagesTable>;
  projects: Updateable<ProjectsTable>;
  batches: Updateable<BatchesTable>;
  buildings: Updateable<BuildingsTable>;
};

/** Updates one row only if nobody saved it since `version` was read; false when someone did. */
export async function updateVersioned<T extends keyof Versioned>(db: Conn, table: T, id: number, version: number, values: Versioned[T]): Promise<boolean> {
  // The four tables share `id` and `version`; Kysely cannot see that through the generic name.
  const result = await (db as Conn)
    .updateTable(table as 'villages')
    .set({ ...(values as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every report of a scope in the order they were made (date, then id), to check cumulative figures. */
export async function reportsOfScope(db: Conn, scope: { type: Report['scopeType']; id: number }): Promise<Report[]> {
  const col = scope.type === 'district' ? 'district_id' : scope.type === 'village' ? 'village_id' : 'project_id';
  const rows = await db
    .selectFrom('progress_reports')
    .selectAll()
    .where('scope_type', '=', scope.type)
    .where(col, '=', scope.id)
    .orderBy('as_of')
    .orderBy('id')
    .execute();
  return rows.map(toReport);
}

export async function scopeExists(db: Conn, type: Report['scopeType'], id: number): Promise<boolean> {
  const table = type === 'district' ? 'districts' : type === 'village' ? 'villages' : 'projects';
  return (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function batchOfBuilding(db: Conn, buildingId: number): Promise<number> {
  const r = await db.selectFrom('buildings').select('batch_id').where('id', '=', buildingId).executeTakeFirstOrThrow();
  return Number(r.batch_id);
}

/** The batch a building is in; null when there is no such building. */
export async function buildingBatch(db: Conn, buildingId: number): Promise<number | null> {
  const r = await db.selectFrom('buildings').select('batch_id').where('id', '=', buildingId).executeTakeFirst();
  return r ? Number(r.batch_id) : null;
}

/** A building's stage events (actual ones), oldest first: what its stage is derived from. */
export async function eventsOfBuilding(db: Conn, buildingId: number): Promise<Milestone[]> {
  return (await db.selectFrom('milestones').selectAll().where('building_id', '=', buildingId).where('kind', '=', 'actual').orderBy('date').orderBy('id').execute()).map(toMilestone);
}

export async function deleteBuildingRow(db: Conn, id: number): Promise<void> {
  await db.deleteFrom('milestones').where('building_id', '=', id).execute();
  await db.deleteFrom('buildings').where('id', '=', id).execute();
}

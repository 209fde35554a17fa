// Reads of one scope for a page: the rows of that scope and what is inside it, never the whole model.
// The buildings and their events are read only where a page lists them (a project or a batch);
// anything larger is read through its rollups (rollup.repository.ts).
import type { District, ModelSnapshot } from '../domain/entities';
import type { Conn } from './catalogue.repository';
import { toBatch, toBuilding, toDistrict, toProject, toReport, toSource, toVillage } from './mappers';

const empty = (): ModelSnapshot => ({ districts: [], villages: [], projects: [], batches: [], buildings: [], milestones: [], reports: [], sources: [] });

/** The sources that the reports, milestones and projects of `snap` cite. */
export async function sourcesFor(db: Conn, snap: ModelSnapshot): Promise<void> {
  const ids = [...new Set([
    ...snap.reports.map((r) => r.sourceId), ...snap.milestones.map((m) => m.sourceId), ...snap.projects.map((p) => p.sourceId),
  ].filter((x): x is number => x !== null))];
  snap.sources = ids.length ? (await db.selectFrom('sources').selectAll().where('id', 'in', ids).orderBy('id').execute()).map(toSource) : [];
}

/**
 * The reports of these scopes. A report names exactly the column of its scope type (a check in
 * the schema), so the column alone picks them, by its index (migration 0006); with the type as
 * well SQLite would walk the type's reports in date order instead.
 */
export const reportsOf = async (db: Conn, column: 'district_id' | 'village_id' | 'project_id', ids: readonly number[]) =>
  ids.length === 0 ? [] : (await db.selectFrom('progress_reports').selectAll().where(column, 'in', ids).orderBy('as_of').orderBy('id').execute()).map(toReport);

/** Every district by name (for the district switcher): no figures. */
export async function listDistricts(db: Conn): Promise<District[]> {
  return (await db.selectFrom('districts').selectAll().orderBy('id').execute()).map(toDistrict);
}

/**
 * A project with its batches, buildings and reports, and its village and district. Not the buildings'
 * events: the rollups stand for them, and a page lists them a page at a time (record.repository.ts).
 */
export async function loadProjectRows(db: Conn, projectId: number): Promise<ModelSnapshot | null> {
  const project = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
  if (!project) return null;
  const snap = empty();
  snap.projects = [toProject(project)];
  const village = await db.selectFrom('villages').selectAll().where('id', '=', project.village_id).executeTakeFirstOrThrow();
  snap.villages = [toVillage(village)];
  snap.districts = (await db.selectFrom('districts').selectAll().where('id', '=', village.district_id).execute()).map(toDistrict);
  snap.batches = (await db.selectFrom('batches').selectAll().where('project_id', '=', projectId).orderBy('sequence').execute()).map(toBatch);
  const batchIds = snap.batches.map((b) => b.id);
  snap.buildings = batchIds.length ? (await db.selectFrom('buildings').selectAll().where('batch_id', 'in', batchIds).orderBy('batch_id').orderBy('seq').execute()).map(toBuilding) : [];
  snap.reports = await reportsOf(db, 'project_id', [projectId]);
  await sourcesFor(db, snap);
  return snap;
}

/** Where a project is (its village and district), without its figures: the records page's heading. */
export async function loadProjectPlace(db: Conn, projectId: number): Promise<Pick<ModelSnapshot, 'projects' | 'villages' | 'districts'> | null> {
  const project = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
  if (!project) return null;
  const village = await db.selectFrom('villages').selectAll().where('id', '=', project.village_id).executeTakeFirstOrThrow();
  const districts = (await db.selectFrom('districts').selectAll().where('id', '=', village.district_id).execute()).map(toDistrict);
  return { projects: [toProject(project)], villages: [toVillage(village)], districts };
}

/** A batch's project rows, narrowed to that one batch (its buildings). */
export async function loadBatchRows(db: Conn, batchId: number): Promise<ModelSnapshot | null> {
  const batch = await db.selectFrom('batches').select('project_id').where('id', '=', batchId).executeTakeFirst();
  if (!batch) return null;
  const snap = (await loadProjectRows(db, Number(batch.project_id)))!;
  return { ...snap, batches: snap.batches.filter((b) => b.id === batchId), buildings: snap.buildings.filter((b) => b.batchId === batchId) };
}

/**
 * A village or a district and everything inside it but the buildings and their events (their
 * rollups stand for them); `buildings: true` reads the buildings too (a village page lists them).
 */
export async function loadAreaRows(db: Conn, area: { villageId: number } | { districtId: number }, opts: { buildings: boolean }): Promise<ModelSnapshot | null> {
  const snap = empty();
  const villages = 'villageId' in area
    ? await db.selectFrom('villages').selectAll().where('id', '=', area.villageId).execute()
    : await db.selectFrom('villages').selectAll().where('district_id', '=', area.districtId).orderBy('id').execute();
  const districtId = 'districtId' in area ? area.districtId : villages[0]?.district_id;
  if (districtId === undefined) return null;
  const district = await db.selectFrom('districts').selectAll().where('id', '=', districtId).executeTakeFirst();
  if (!district) return null;
  snap.districts = [toDistrict(district)];
  snap.villages = villages.map(toVillage);
  const villageIds = snap.villages.map((v) => v.id);
  snap.projects = villageIds.length ? (await db.selectFrom('projects').selectAll().where('village_id', 'in', villageIds).orderBy('id').execute()).map(toProject) : [];
  const projectIds = snap.projects.map((p) => p.id);
  snap.batches = projectIds.length ? (await db.selectFrom('batches').selectAll().where('project_id', 'in', projectIds).orderBy('project_id').orderBy('sequence').execute()).map(toBatch) : [];
  if (opts.buildings && snap.batches.length) {
    snap.buildings = (await db.selectFrom('buildings').selectAll().where('batch_id', 'in', snap.batches.map((b) => b.id)).orderBy('batch_id').orderBy('seq').execute()).map(toBuilding);
  }
  snap.reports = [
    ...('districtId' in area ? await reportsOf(db, 'district_id', [districtId]) : []),
    ...await reportsOf(db, 'village_id', villageIds),
    ...await reportsOf(db, 'project_id', projectIds),
  ];
  await sourcesFor(db, snap);
  return snap;
}


// The API lists, a page at a time: the ids of one page of projects or villages (in id order, within
// a district or a village) and the rows that page's figures need, never the whole site.
import type { ModelSnapshot } from '../domain/entities';
import type { Conn } from './catalogue.repository';
import { toBatch, toDistrict, toProject, toVillage } from './mappers';
import { reportsOf, sourcesFor } from './scope.repository';

export interface ListFilter { districtId?: number; villageId?: number }
export interface ListPage { limit: number; offset: number }

export async function districtExists(db: Conn, id: number): Promise<boolean> {
  return (await db.selectFrom('districts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function villageExists(db: Conn, id: number): Promise<boolean> {
  return (await db.selectFrom('villages').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

function projectsIn(db: Conn, f: ListFilter) {
  let q = db.selectFrom('projects').innerJoin('villages', 'villages.id', 'projects.village_id');
  if (f.villageId !== undefined) q = q.where('projects.village_id', '=', f.villageId);
  if (f.districtId !== undefined) q = q.where('villages.district_id', '=', f.districtId);
  return q;
}

function villagesIn(db: Conn, f: ListFilter) {
  let q = db.selectFrom('villages');
  if (f.villageId !== undefined) q = q.where('villages.id', '=', f.villageId);
  if (f.districtId !== undefined) q = q.where('villages.district_id', '=', f.districtId);
  return q;
}

/** One page of project ids, and how many projects the filter holds. */
export async function pageOfProjects(db: Conn, f: ListFilter, page: ListPage): Promise<{ ids: number[]; total: number }> {
  const total = Number((await projectsIn(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await projectsIn(db, f).select('projects.id').orderBy('projects.id').limit(page.limit).offset(page.offset).execute();
  return { ids: rows.map((r) => Number(r.id)), total };
}

/** One page of village ids, and how many villages the filter holds. */
export async function pageOfVillages(db: Conn, f: ListFilter, page: ListPage): Promise<{ ids: number[]; total: number }> {
  const total = Number((await villagesIn(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await villagesIn(db, f).select('villages.id').orderBy('villages.id').limit(page.limit).offset(page.offset).execute();
  return { ids: rows.map((r) => Number(r.id)), total };
}

/**
 * The rows these villages' figures need (with `villages: false`, these projects'): the projects,
 * their batches and reports, the villages with their own reports, and their districts' names.
 */
export async function loadListRows(db: Conn, of: { projectIds: readonly number[] } | { villageIds: readonly number[] }): Promise<ModelSnapshot> {
  const snap: ModelSnapshot = { districts: [], villages: [], projects: [], batches: [], buildings: [], milestones: [], reports: [], sources: [] };
  if ('villageIds' in of) {
    snap.villages = of.villageIds.length ? (await db.selectFrom('villages').selectAll().where('id', 'in', of.villageIds).orderBy('id').execute()).map(toVillage) : [];
    const ids = snap.villages.map((v) => v.id);
    snap.projects = ids.length ? (await db.selectFrom('projects').selectAll().where('village_id', 'in', ids).orderBy('id').execute()).map(toProject) : [];
  } else {
    snap.projects = of.projectIds.length ? (await db.selectFrom('projects').selectAll().where('id', 'in', of.projectIds).orderBy('id').execute()).map(toProject) : [];
    const ids = [...new Set(snap.projects.map((p) => p.villageId))];
    snap.villages = ids.length ? (await db.selectFrom('villages').selectAll().where('id', 'in', ids).orderBy('id').execute()).map(toVillage) : [];
  }
  const districtIds = [...new Set(snap.villages.map((v) => v.districtId))];
  snap.districts = districtIds.length ? (await db.selectFrom('districts').selectAll().where('id', 'in', districtIds).orderBy('id').execute()).map(toDistrict) : [];
  const projectIds = snap.projects.map((p) => p.id);
  snap.batches = projectIds.length ? (await db.selectFrom('batches').selectAll().where('project_id', 'in', projectIds).orderBy('project_id').orderBy('sequence').execute()).map(toBatch) : [];
  snap.reports = [...('villageIds' in of ? await reportsOf(db, 'village_id', of.villageIds) : []), ...await reportsOf(db, 'project_id', projectIds)];
  await sourcesFor(db, snap);
  return snap;
}

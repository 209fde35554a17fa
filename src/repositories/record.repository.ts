// A scope's records (its milestones grouped by day, stage and source, and its reports), newest first,
// one page at a time: a project at city scale has hundreds of them, and a page shows a few.
import { sql } from 'kysely';
import type { ScopeRecord, Source } from '../domain/entities';
import type { Stage } from '../domain/types';
import type { Conn } from './catalogue.repository';
import { toReport, toSource } from './mappers';

/**
 * A project's records (its buildings' milestones and its own reports), one batch's (its buildings'
 * milestones), or a village's or a district's: everything that happened inside it (the milestones of
 * its buildings, grouped per project, and its own reports and those of the scopes inside it).
 */
export type RecordScope = { projectId: number } | { batchId: number } | { villageId: number } | { districtId: number };

/** The name of a scope a record belongs to, for the lists of a village or a district. */
export interface RecordPlace { type: 'project' | 'village' | 'district'; id: number; nameZh: string; nameEn: string | null }

export interface RecordsPage {
  records: ScopeRecord[];
  /** Every record of the scope, not only this page's. */
  total: number;
  /** The sources the records of this page cite. */
  sources: Source[];
  /** The projects of this page's milestones and the scopes of its reports. */
  places: RecordPlace[];
}

function projectIdsOf(db: Conn, scope: RecordScope) {
  if ('projectId' in scope) return db.selectFrom('projects').select('id').where('id', '=', scope.projectId);
  if ('villageId' in scope) return db.selectFrom('projects').select('id').where('village_id', '=', scope.villageId);
  if ('districtId' in scope) {
    return db.selectFrom('projects').select('id')
      .where('village_id', 'in', db.selectFrom('villages').select('id').where('district_id', '=', scope.districtId));
  }
  return db.selectFrom('batches').select('project_id as id').where('id', '=', scope.batchId);
}

function recordRows(db: Conn, scope: RecordScope) {
  const batchIds = 'batchId' in scope
    ? db.selectFrom('batches').select('id').where('id', '=', scope.batchId)
    : db.selectFrom('batches').select('id').where('project_id', 'in', projectIdsOf(db, scope));
  const groups = db.selectFrom('milestones as m')
    .innerJoin('buildings as b', 'b.id', 'm.building_id')
    .innerJoin('batches as bt', 'bt.id', 'b.batch_id')
    .where('m.kind', '=', 'actual')
    .where('b.batch_id', 'in', batchIds)
    // a correction never merges with an ordinary event of the same day, nor with one of another reason;
    // in a village or a district, each project's buildings make their own line
    .groupBy(['bt.project_id', 'm.date', 'm.stage', 'm.source_id', 'm.is_correction', 'm.correction_reason'])
    .select((eb) => [
      sql<string>`'milestones'`.as('kind'),
      sql<number | null>`bt.project_id`.as('project_id'),
      'm.date as date',
      sql<string | null>`m.stage`.as('stage'),
      'm.source_id as source_id',
      sql<number | null>`count(*)`.as('buildings'),
      sql<number | null>`null`.as('report_id'),
      sql<string | null>`case when m.is_correction = 1 then coalesce(m.correction_reason, '') end`.as('correction_reason'),
      eb.fn.min<number>('m.id').as('seq'),
    ]);
  if ('batchId' in scope) return groups;
  const reports = db.selectFrom('progress_reports as r')
    .where((eb) => {
      const ofProjects = eb.and([eb('r.scope_type', '=', 'project'), eb('r.project_id', 'in', projectIdsOf(db, scope))]);
      if ('projectId' in scope) return ofProjects;
      const villageIds = 'villageId' in scope
        ? db.selectFrom('villages').select('id').where('id', '=', scope.villageId)
        : db.selectFrom('villages').select('id').where('district_id', '=', scope.districtId);
      const ofVillages = eb.and([eb('r.scope_type', '=', 'village'), eb('r.village_id', 'in', villageIds)]);
      if ('villageId' in scope) return eb.or([ofProjects, ofVillages]);
      return eb.or([ofProjects, ofVillages, eb.and([eb('r.scope_type', '=', 'district'), eb('r.district_id', '=', scope.districtId)])]);
    })
    .select([
      sql<string>`'report'`.as('kind'),
      sql<number | null>`null`.as('project_id'),
      'r.as_of as date',
      sql<string | null>`null`.as('stage'),
      'r.source_id as source_id',
      sql<number | null>`null`.as('buildings'),
      sql<number | null>`r.id`.as('report_id'),
      sql<string | null>`null`.as('correction_reason'),
      'r.id as seq',
    ]);
  return groups.unionAll(reports);
}

/**
 * One page of a scope's records, newest day first; on one day the milestones before the reports, each
 * the latest entered first. Past the last page it is empty, with the total.
 */
export async function listRecords(db: Conn, scope: RecordScope, page: { limit: number; offset: number }): Promise<RecordsPage> {
  const all = recordRows(db, scope).as('rec');
  const counted = await db.selectFrom(all).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(counted.n);
  if (page.offset >= total) return { records: [], total, sources: [], places: [] };
  const rows = await db.selectFrom(recordRows(db, scope).as('rec')).selectAll()
    .orderBy('date', 'desc').orderBy('kind').orderBy('seq', 'desc')
    .limit(page.limit).offset(page.offset).execute();
  const reportIds = rows.map((r) => r.report_id).filter((id): id is number => id !== null).map(Number);
  const reports = new Map(reportIds.length
    ? (await db.selectFrom('progress_reports').selectAll().where('id', 'in', reportIds).execute()).map((r) => [r.id, toReport(r)])
    : []);
  const records = rows.map((r): ScopeRecord => (r.kind === 'report'
    ? { kind: 'report', date: r.date, report: reports.get(Number(r.report_id))! }
    : { kind: 'milestones', date: r.date, stage: r.stage as Stage, buildings: Number(r.buildings), sourceId: r.source_id, correctionReason: r.correction_reason, projectId: Number(r.project_id) }));
  const sourceIds = [...new Set(rows.map((r) => r.source_id).filter((id): id is number => id !== null))];
  const sources = sourceIds.length ? (await db.selectFrom('sources').selectAll().where('id', 'in', sourceIds).orderBy('id').execute()).map(toSource) : [];
  return { records, total, sources, places: await placesOf(db, records) };
}

async function placesOf(db: Conn, records: readonly ScopeRecord[]): Promise<RecordPlace[]> {
  const ids = { project: new Set<number>(), village: new Set<number>(), district: new Set<number>() };
  for (const r of records) {
    if (r.kind === 'milestones') ids.project.add(r.projectId);
    else ids[r.report.scopeType].add(r.report.scopeId);
  }
  const out: RecordPlace[] = [];
  const read = async (type: RecordPlace['type'], table: 'projects' | 'villages' | 'districts') => {
    if (!ids[type].size) return;
    const rows = await db.selectFrom(table).select(['id', 'name_zh', 'name_en']).where('id', 'in', [...ids[type]]).orderBy('id').execute();
    for (const x of rows) out.push({ type, id: x.id, nameZh: x.name_zh, nameEn: x.name_en });
  };
  await read('project', 'projects');
  await read('village', 'villages');
  await read('district', 'districts');
  return out;
}

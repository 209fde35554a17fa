// Residents' messages and satisfaction scores (migration 0011). A message names its scope by type
// and id; the project, batch and district it belongs to are worked out when read, so a building
// moved to another batch takes its messages with it.
import { PostgresAdapter, sql, type Selectable } from 'kysely';
import type { FeedbackTable } from '../db/schema';
import type { Conn } from './catalogue.repository';

export type FeedbackRow = Selectable<FeedbackTable>;

/** Where a message belongs now: its project (null when the scope is gone) and that project's batch and district. */
const PROJECT_OF = sql<number | null>`case f.scope_type when 'project' then (select id from projects where id = f.scope_id)
  when 'batch' then (select project_id from batches where id = f.scope_id)
  else (select b.project_id from buildings bu join batches b on b.id = bu.batch_id where bu.id = f.scope_id) end`;
const BATCH_OF = sql<number | null>`case f.scope_type when 'batch' then (select id from batches where id = f.scope_id)
  when 'building' then (select batch_id from buildings where id = f.scope_id) else null end`;


export interface LocatedFeedback extends FeedbackRow {
  project_id: number | null;
  batch_id: number | null;
  district_id: number | null;
  project_name_zh: string | null;
  project_name_en: string | null;
  batch_name_zh: string | null;
  batch_name_en: string | null;
  building_code: string | null;
  building_seq: number | null;
}

export type Within = { projectId: number } | { districtId: number } | 'site';

/**
 * The messages about a project's (or a district's projects') project, batches and buildings, as a
 * condition on `f` that the index on (scope_type, scope_id) answers: a project page reads its own
 * messages, not every message's place.
 */
function within(w: Within) {
  if (w === 'site') return sql<boolean>`1 = 1`;
  const projects = 'projectId' in w ? sql`(${w.projectId})` : sql`(select p.id from projects p join villages v on v.id = p.village_id where v.district_id = ${w.districtId})`;
  return sql<boolean>`((f.scope_type = 'project' and f.scope_id in ${projects})
    or (f.scope_type = 'batch' and f.scope_id in (select id from batches where project_id in ${projects}))
    or (f.scope_type = 'building' and f.scope_id in (select bu.id from buildings bu join batches b on b.id = bu.batch_id where b.project_id in ${projects})))`;
}

/** One select of messages with their place (SQLite and PostgreSQL alike: no lateral join). */
function selectLocated(db: Conn, w: Within = 'site') {
  return db
    .selectFrom((eb) => eb.selectFrom('feedback as f').selectAll('f').select([PROJECT_OF.as('project_id'), BATCH_OF.as('batch_id')]).where(within(w)).as('fl'))
    .leftJoin('projects as p', 'p.id', 'fl.project_id')
    .leftJoin('villages as v', 'v.id', 'p.village_id')
    .leftJoin('batches as b', 'b.id', 'fl.batch_id')
    .leftJoin('buildings as bu', (j) => j.onRef('bu.id', '=', 'fl.scope_id').on('fl.scope_type', '=', 'building'))
    .selectAll('fl')
    .select(['v.district_id as district_id', 'p.name_zh as project_name_zh', 'p.name_en as project_name_en', 'b.name_zh as batch_name_zh', 'b.name_en as batch_name_en', 'bu.code as building_code', 'bu.seq as building_seq']);
}

export type NewFeedback = Omit<FeedbackRow, 'id' | 'published' | 'acknowledged_at' | 'answered_at' | 'closed_at' | 'answer' | 'close_reason'>;

export async function insertFeedback(db: Conn, row: NewFeedback): Promise<number> {
  const r = await db.insertInto('feedback').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function feedbackByCodeHash(db: Conn, codeHash: string): Promise<LocatedFeedback | null> {
  return ((await selectLocated(db).where('fl.code_hash', '=', codeHash).executeTakeFirst()) as LocatedFeedback | undefined) ?? null;
}

export async function feedbackById(db: Conn, id: number): Promise<LocatedFeedback | null> {
  return ((await selectLocated(db).where('fl.id', '=', id).executeTakeFirst()) as LocatedFeedback | undefined) ?? null;
}

/**
 * Until the transaction ends, no other writer checks the same text (PostgreSQL: a transaction-scoped
 * advisory lock on the hash; SQLite runs one writer at a time anyway): two copies of a message sent
 * at once cannot both pass the repeat check.
 */
export async function lockBodyHash(db: Conn, bodyHash: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${bodyHash}, 0))`.execute(db);
}

/** Whether the same text about the same scope arrived since `sinceIso` (its hash covers both). */
export async function hasRecentDuplicate(db: Conn, bodyHash: string, sinceIso: string): Promise<boolean> {
  const r = await db.selectFrom('feedback').select('id').where('body_hash', '=', bodyHash).where('received_at', '>=', sinceIso).executeTakeFirst();
  return r !== undefined;
}

export interface QueueFilter {
  statuses: readonly FeedbackRow['status'][];
  category: FeedbackRow['category'] | null;
  districtId: number | null;
}

/** The staff queue, oldest first (the one waiting longest comes first). */
export async function feedbackQueue(db: Conn, f: QueueFilter): Promise<LocatedFeedback[]> {
  let q = selectLocated(db).where('fl.status', 'in', [...f.statuses]);
  if (f.category) q = q.where('fl.category', '=', f.category);
  if (f.districtId !== null) q = q.where('v.district_id', '=', f.districtId);
  return (await q.orderBy('fl.received_at').orderBy('fl.id').execute()) as LocatedFeedback[];
}

/** Every message of a project, a district or the site: the rows statistics are counted from (no text). */
export async function feedbackForStats(db: Conn, where: { projectId: number } | { districtId: number } | 'site'): Promise<Pick<LocatedFeedback, 'category' | 'kind' | 'status' | 'received_at' | 'acknowledged_at' | 'answered_at' | 'closed_at' | 'project_id' | 'district_id' | 'project_name_zh' | 'project_name_en'>[]> {
  const rows = (await selectLocated(db, where).execute()) as LocatedFeedback[];
  return rows.map((r) => ({ category: r.category, kind: r.kind, status: r.status, received_at: r.received_at, acknowledged_at: r.acknowledged_at, answered_at: r.answered_at, closed_at: r.closed_at, project_id: r.project_id, district_id: r.district_id, project_name_zh: r.project_name_zh, project_name_en: r.project_name_en }));
}

/** Answered questions staff published, newest answer first. */
export async function publishedQuestions(db: Conn, where: { projectId: number } | 'site', limit: number): Promise<LocatedFeedback[]> {
  const q = selectLocated(db, where).where('fl.published', '=', 1);
  return (await q.orderBy('fl.answered_at', 'desc').orderBy('fl.id', 'desc').limit(limit).execute()) as LocatedFeedback[];
}

/** A step: only from the status (and publication) it was read in, so two staff members cannot both take it. */
export async function updateFeedbackStep(db: Conn, id: number, from: { status: FeedbackRow['status']; published: number }, patch: Partial<Pick<FeedbackRow, 'status' | 'category' | 'acknowledged_at' | 'answered_at' | 'closed_at' | 'answer' | 'close_reason' | 'published'>>): Promise<boolean> {
  const r = await db.updateTable('feedback').set(patch).where('id', '=', id).where('status', '=', from.status).where('published', '=', from.published).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertRating(db: Conn, batchId: number, score: number, ratedAt: string): Promise<void> {
  await db.insertInto('satisfaction_ratings').values({ batch_id: batchId, score, rated_at: ratedAt }).execute();
}

/** Scores of a batch given on or before `untilIso`. */
export async function ratingsOf(db: Conn, batchId: number, untilIso: string): Promise<number[]> {
  const rows = await db.selectFrom('satisfaction_ratings').select('score').where('batch_id', '=', batchId).where('rated_at', '<=', untilIso).execute();
  return rows.map((r) => Number(r.score));
}

/** Scores per batch of a district (all districts when null), with the batch's and project's names. */
export async function ratingsByBatch(db: Conn, districtId: number | null, untilIso: string): Promise<{ batchId: number; batchNameZh: string; batchNameEn: string | null; projectId: number; projectNameZh: string; projectNameEn: string | null; score: number }[]> {
  let q = db.selectFrom('satisfaction_ratings as s').innerJoin('batches as b', 'b.id', 's.batch_id').innerJoin('projects as p', 'p.id', 'b.project_id').innerJoin('villages as v', 'v.id', 'p.village_id')
    .select(['s.batch_id', 's.score', 'b.name_zh as bz', 'b.name_en as be', 'p.id as pid', 'p.name_zh as pz', 'p.name_en as pe']).where('s.rated_at', '<=', untilIso);
  if (districtId !== null) q = q.where('v.district_id', '=', districtId);
  return (await q.orderBy('s.batch_id').execute()).map((r) => ({ batchId: Number(r.batch_id), batchNameZh: r.bz, batchNameEn: r.be, projectId: Number(r.pid), projectNameZh: r.pz, projectNameEn: r.pe, score: Number(r.score) }));
}

export interface FeedbackTarget {
  projectId: number;
  projectNameZh: string;
  projectNameEn: string | null;
  districtId: number;
  batchId: number | null;
  batchNameZh: string | null;
  batchNameEn: string | null;
  buildingId: number | null;
  buildingCode: string | null;
  buildingSeq: number | null;
}

/** What a message would be about, with the names the form shows; null when there is no such scope. */
export async function feedbackTarget(db: Conn, scope: FeedbackRow['scope_type'], id: number): Promise<FeedbackTarget | null> {
  const base = db.selectFrom('projects as p').innerJoin('villages as v', 'v.id', 'p.village_id')
    .select(['p.id as projectId', 'p.name_zh as projectNameZh', 'p.name_en as projectNameEn', 'v.district_id as districtId']);
  if (scope === 'project') {
    const r = await base.where('p.id', '=', id).executeTakeFirst();
    return r ? { ...r, projectId: Number(r.projectId), districtId: Number(r.districtId), batchId: null, batchNameZh: null, batchNameEn: null, buildingId: null, buildingCode: null, buildingSeq: null } : null;
  }
  const withBatch = base.innerJoin('batches as b', 'b.project_id', 'p.id').select(['b.id as batchId', 'b.name_zh as batchNameZh', 'b.name_en as batchNameEn']);
  if (scope === 'batch') {
    const r = await withBatch.where('b.id', '=', id).executeTakeFirst();
    return r ? { ...r, projectId: Number(r.projectId), districtId: Number(r.districtId), batchId: Number(r.batchId), buildingId: null, buildingCode: null, buildingSeq: null } : null;
  }
  const r = await withBatch.innerJoin('buildings as bu', 'bu.batch_id', 'b.id').select(['bu.id as buildingId', 'bu.code as buildingCode', 'bu.seq as buildingSeq']).where('bu.id', '=', id).executeTakeFirst();
  return r ? { ...r, projectId: Number(r.projectId), districtId: Number(r.districtId), batchId: Number(r.batchId), buildingId: Number(r.buildingId), buildingSeq: Number(r.buildingSeq) } : null;
}

/** Every district's names by id (the statistics page's rows). */
export async function districtNamesById(db: Conn): Promise<Map<number, { nameZh: string; nameEn: string | null }>> {
  const rows = await db.selectFrom('districts').select(['id', 'name_zh', 'name_en']).execute();
  return new Map(rows.map((r) => [Number(r.id), { nameZh: r.name_zh, nameEn: r.name_en }]));
}

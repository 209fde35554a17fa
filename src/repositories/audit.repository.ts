import { PostgresAdapter, sql, type ExpressionBuilder } from 'kysely';
import type { AuditRow, Database } from '../db/schema';
import type { Conn } from './catalogue.repository';

export interface AuditEntry {
  at: string;
  userId: number | null;
  username: string | null;
  ip: string | null;
  action: string;
  objectType: string | null;
  objectId: number | null;
  before: unknown;
  after: unknown;
  result: 'ok' | 'failed' | 'denied';
  detail: string | null;
}

export interface AuditRecord extends AuditEntry {
  id: number;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export async function insertAudit(db: Conn, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at, user_id: e.userId, username: e.username, ip: e.ip, action: e.action, object_type: e.objectType,
      object_id: e.objectId, before_json: json(e.before), after_json: json(e.after), result: e.result, detail: e.detail,
    })
    .execute();
}

const toRecord = (r: AuditRow): AuditRecord => ({
  id: r.id, at: r.at, userId: r.user_id, username: r.username, ip: r.ip, action: r.action, objectType: r.object_type,
  objectId: r.object_id, before: parse(r.before_json), after: parse(r.after_json), result: r.result, detail: r.detail,
});

export interface AuditFilter {
  username?: string;
  objectType?: string;
  objectId?: number;
  /** One action only (e.g. `sign_in`). */
  action?: string;
  /** Actions left out unless asked for by `action` (sign-ins and sign-outs by default). */
  hideActions?: readonly string[];
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/**
 * A project's record is its own row and what is inside it: its batches, their buildings (and the
 * milestones recorded on them, audited on the building or the batch) and its reports; a village's
 * adds its projects' and its own reports. A building deleted since is found by the batch its
 * deletion recorded (the audit row's `before.batchId`), so its whole history stays in the record.
 */
function objectsWithin(db: Conn, type: 'project' | 'village', id: number) {
  const projectIds = type === 'project'
    ? db.selectFrom('projects').select('id').where('id', '=', id)
    : db.selectFrom('projects').select('id').where('village_id', '=', id);
  const batchIds = db.selectFrom('batches').select('id').where('project_id', 'in', projectIds);
  const buildingIds = db.selectFrom('buildings').select('id').where('batch_id', 'in', batchIds);
  const batchOfDeleted = db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<number>`(before_json::json->>'batchId')::integer`
    : sql<number>`json_extract(before_json, '$.batchId')`;
  const deletedBuildingIds = db.selectFrom('audit_log').select('object_id')
    .where('object_type', '=', 'building').where('action', '=', 'delete').where(batchOfDeleted, 'in', batchIds);
  const reportIds = db.selectFrom('progress_reports').select('id').where((eb) => (type === 'project'
    ? eb('project_id', '=', id)
    : eb.or([eb('project_id', 'in', projectIds), eb('village_id', '=', id)])));
  return (eb: ExpressionBuilder<Database, 'audit_log'>) => eb.or([
    eb.and([eb('object_type', '=', type), eb('object_id', '=', id)]),
    ...(type === 'village' ? [eb.and([eb('object_type', '=', 'project'), eb('object_id', 'in', projectIds)])] : []),
    eb.and([eb('object_type', '=', 'batch'), eb('object_id', 'in', batchIds)]),
    eb.and([eb('object_type', '=', 'building'), eb.or([eb('object_id', 'in', buildingIds), eb('object_id', 'in', deletedBuildingIds)])]),
    eb.and([eb('object_type', '=', 'report'), eb('object_id', 'in', reportIds)]),
  ]);
}

export async function listAudit(db: Conn, f: AuditFilter): Promise<{ rows: AuditRecord[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (f.username) q = q.where('username', '=', f.username);
  if ((f.objectType === 'project' || f.objectType === 'village') && f.objectId !== undefined) q = q.where(objectsWithin(db, f.objectType, f.objectId));
  else {
    if (f.objectType) q = q.where('object_type', '=', f.objectType);
    if (f.objectId !== undefined) q = q.where('object_id', '=', f.objectId);
  }
  if (f.action) q = q.where('action', '=', f.action);
  else if (f.hideActions?.length) q = q.where('action', 'not in', [...f.hideActions]);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toRecord), total: Number(count.n) };
}

export interface AuditObjectRef { type: string; id: number }

/** What an audited object is called now, and where its page is; absent when it no longer exists. */
export interface AuditObjectName {
  type: string;
  id: number;
  nameZh: string;
  nameEn: string | null;
  /** For a batch or a building, its project; for a building, its batch too; for a report, its scope. */
  parentZh: string | null;
  parentEn: string | null;
  href: string | null;
  /** A report's date. */
  date: string | null;
}

const key = (type: string, id: number) => `${type}:${id}`;

/** The names of the objects a page of the log mentions, in one query per kind of object. */
export async function auditObjectNames(db: Conn, refs: readonly AuditObjectRef[]): Promise<Map<string, AuditObjectName>> {
  const ids = (type: string) => [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
  const out = new Map<string, AuditObjectName>();
  const put = (n: AuditObjectName) => out.set(key(n.type, n.id), n);
  const base = { parentZh: null, parentEn: null, date: null };
  const villages = ids('village');
  if (villages.length) for (const v of await db.selectFrom('villages').select(['id', 'name_zh', 'name_en']).where('id', 'in', villages).execute()) {
    put({ ...base, type: 'village', id: v.id, nameZh: v.name_zh, nameEn: v.name_en, href: `/villages/${v.id}` });
  }
  const projects = ids('project');
  if (projects.length) for (const p of await db.selectFrom('projects').select(['id', 'name_zh', 'name_en']).where('id', 'in', projects).execute()) {
    put({ ...base, type: 'project', id: p.id, nameZh: p.name_zh, nameEn: p.name_en, href: `/projects/${p.id}` });
  }
  const batches = ids('batch');
  if (batches.length) {
    const rows = await db.selectFrom('batches as b').innerJoin('projects as p', 'p.id', 'b.project_id')
      .select(['b.id', 'b.name_zh', 'b.name_en', 'p.name_zh as p_zh', 'p.name_en as p_en']).where('b.id', 'in', batches).execute();
    for (const b of rows) put({ ...base, type: 'batch', id: b.id, nameZh: b.name_zh, nameEn: b.name_en, parentZh: b.p_zh, parentEn: b.p_en, href: `/batches/${b.id}` });
  }
  const buildings = ids('building');
  if (buildings.length) {
    const rows = await db.selectFrom('buildings as g').innerJoin('batches as b', 'b.id', 'g.batch_id').innerJoin('projects as p', 'p.id', 'b.project_id')
      .select(['g.id', 'g.code', 'b.id as batch_id', 'b.name_zh as b_zh', 'b.name_en as b_en', 'p.name_zh as p_zh', 'p.name_en as p_en']).where('g.id', 'in', buildings).execute();
    for (const g of rows) {
      put({ type: 'building', id: g.id, nameZh: g.code ?? '', nameEn: g.code, parentZh: `${g.p_zh} · ${g.b_zh}`, parentEn: `${g.p_en ?? g.p_zh} · ${g.b_en ?? g.b_zh}`, href: `/batches/${g.batch_id}`, date: null });
    }
  }
  const reports = ids('report');
  if (reports.length) {
    const rows = await db.selectFrom('progress_reports as r')
      .leftJoin('projects as p', 'p.id', 'r.project_id').leftJoin('villages as v', 'v.id', 'r.village_id').leftJoin('districts as d', 'd.id', 'r.district_id')
      .select(['r.id', 'r.as_of', 'r.scope_type', 'r.project_id', 'r.village_id', 'r.district_id', 'p.name_zh as p_zh', 'p.name_en as p_en', 'v.name_zh as v_zh', 'v.name_en as v_en', 'd.name_zh as d_zh', 'd.name_en as d_en'])
      .where('r.id', 'in', reports).execute();
    for (const r of rows) {
      const [zh, en, href] = r.scope_type === 'project' ? [r.p_zh, r.p_en, `/projects/${r.project_id}`]
        : r.scope_type === 'village' ? [r.v_zh, r.v_en, `/villages/${r.village_id}`] : [r.d_zh, r.d_en, `/?district=${r.district_id}`];
      put({ type: 'report', id: r.id, nameZh: zh ?? '', nameEn: en, parentZh: null, parentEn: null, href, date: r.as_of });
    }
  }
  const messages = ids('feedback');
  if (messages.length) for (const f of await db.selectFrom('feedback').select(['id', 'kind', 'category']).where('id', 'in', messages).execute()) {
    // a resident's message by its number only: its text stays on its own page, for staff
    put({ ...base, type: 'feedback', id: f.id, nameZh: `#${f.id}`, nameEn: `#${f.id}`, href: `/admin/feedback/${f.id}` });
  }
  const users = ids('user');
  if (users.length) for (const u of await db.selectFrom('users').select(['id', 'username']).where('id', 'in', users).execute()) {
    put({ ...base, type: 'user', id: u.id, nameZh: u.username, nameEn: u.username, href: '/admin/users' });
  }
  return out;
}

export const auditObjectKey = key;

import type { AuditRow } from '../db/schema';
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
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export async function listAudit(db: Conn, f: AuditFilter): Promise<{ rows: AuditRecord[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (f.username) q = q.where('username', '=', f.username);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.objectId !== undefined) q = q.where('object_id', '=', f.objectId);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toRecord), total: Number(count.n) };
}

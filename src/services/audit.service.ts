import { insertAudit, type AuditEntry } from '../repositories/audit.repository';
import type { Conn } from '../repositories/catalogue.repository';

/** Who is acting, from where. Every write service takes one and records it. */
export interface Actor {
  userId: number | null;
  username: string | null;
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'cli', ip: null };

// Never stored: a password or token under any name, wherever it sits in a before/after object.
const SECRET_KEYS = /pass(word)?|token|secret|hash|csrf/i;

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !SECRET_KEYS.test(k)).map(([k, v]) => [k, scrub(v)]));
  }
  return value;
}

export async function audit(
  db: Conn,
  actor: Actor,
  e: Omit<AuditEntry, 'at' | 'userId' | 'username' | 'ip' | 'before' | 'after' | 'objectType' | 'objectId' | 'detail' | 'result'> &
    Partial<Pick<AuditEntry, 'before' | 'after' | 'objectType' | 'objectId' | 'detail' | 'result'>>,
): Promise<void> {
  await insertAudit(db, {
    at: new Date().toISOString(),
    userId: actor.userId,
    username: actor.username,
    ip: actor.ip,
    action: e.action,
    objectType: e.objectType ?? null,
    objectId: e.objectId ?? null,
    before: scrub(e.before ?? null),
    after: scrub(e.after ?? null),
    result: e.result ?? 'ok',
    detail: e.detail ?? null,
  });
}

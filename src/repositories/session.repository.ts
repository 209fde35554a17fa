import crypto from 'node:crypto';
import type { Conn } from './catalogue.repository';

// Rows are keyed by SHA-256 of the session id, never the id itself: whoever reads the database or a
// backup learns no id a cookie could carry. The id is 24 random bytes, so no salt or slow hash is needed.
const keyOf = (sid: string) => crypto.createHash('sha256').update(sid).digest('base64url');

export async function getSession(db: Conn, sid: string, now: string): Promise<string | null> {
  const row = await db.selectFrom('sessions').select('data').where('sid', '=', keyOf(sid)).where('expires_at', '>', now).executeTakeFirst();
  return row?.data ?? null;
}

export async function saveSession(db: Conn, s: { sid: string; userId: number | null; data: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ sid: keyOf(s.sid), user_id: s.userId, data: s.data, expires_at: s.expiresAt })
    .onConflict((oc) => oc.column('sid').doUpdateSet({ user_id: s.userId, data: s.data, expires_at: s.expiresAt }))
    .execute();
}

/**
 * Moves the idle deadline to `expiresAt`, unless the stored one is already within `slackMs` of it:
 * then nothing is written (no page changes, so the commit costs no disk flush), and the deadline
 * is early by at most the slack.
 */
export async function touchSession(db: Conn, sid: string, expiresAt: string, slackMs: number): Promise<void> {
  const stale = new Date(Date.parse(expiresAt) - slackMs).toISOString();
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('sid', '=', keyOf(sid)).where('expires_at', '<', stale).execute();
}

export async function deleteSession(db: Conn, sid: string): Promise<void> {
  await db.deleteFrom('sessions').where('sid', '=', keyOf(sid)).execute();
}

export async function deleteSessionsOfUser(db: Conn, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Conn, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export async function deleteAllSessions(db: Conn): Promise<void> {
  await db.deleteFrom('sessions').execute();
}

import type { Conn } from './catalogue.repository';

export async function getSession(db: Conn, sid: string, now: string): Promise<string | null> {
  const row = await db.selectFrom('sessions').select('data').where('sid', '=', sid).where('expires_at', '>', now).executeTakeFirst();
  return row?.data ?? null;
}

export async function saveSession(db: Conn, s: { sid: string; userId: number | null; data: string; expiresAt: string }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ sid: s.sid, user_id: s.userId, data: s.data, expires_at: s.expiresAt })
    .onConflict((oc) => oc.column('sid').doUpdateSet({ user_id: s.userId, data: s.data, expires_at: s.expiresAt }))
    .execute();
}

export async function touchSession(db: Conn, sid: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('sid', '=', sid).execute();
}

export async function deleteSession(db: Conn, sid: string): Promise<void> {
  await db.deleteFrom('sessions').where('sid', '=', sid).execute();
}

export async function deleteSessionsOfUser(db: Conn, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Conn, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

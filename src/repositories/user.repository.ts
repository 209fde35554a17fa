import { sql } from 'kysely';
import type { Role, UserRow } from '../db/schema';
import type { Conn } from './catalogue.repository';

export interface User {
  id: number;
  username: string;
  role: Role;
  passwordHash: string;
  passwordChangedAt: string;
  mustChangePassword: boolean;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: string | null;
  createdAt: string;
  version: number;
}

const toUser = (r: UserRow): User => ({
  id: r.id, username: r.username, role: r.role, passwordHash: r.password_hash, passwordChangedAt: r.password_changed_at,
  mustChangePassword: r.must_change_password === 1, disabled: r.disabled === 1, failedAttempts: r.failed_attempts,
  lockedUntil: r.locked_until, createdAt: r.created_at, version: r.version,
});

export async function findUserByUsername(db: Conn, username: string): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function findUserById(db: Conn, id: number): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

export async function listUsers(db: Conn): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
}

export async function countUsers(db: Conn): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(db: Conn, u: { username: string; role: Role; passwordHash: string; now: string; mustChange: boolean }): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: u.username, role: u.role, password_hash: u.passwordHash, password_changed_at: u.now,
      must_change_password: u.mustChange ? 1 : 0, created_at: u.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateUser(
  db: Conn,
  id: number,
  changes: Partial<{ role: Role; passwordHash: string; passwordChangedAt: string; mustChangePassword: boolean; disabled: boolean; failedAttempts: number; lockedUntil: string | null }>,
): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
      ...(changes.passwordChangedAt !== undefined && { password_changed_at: changes.passwordChangedAt }),
      ...(changes.mustChangePassword !== undefined && { must_change_password: changes.mustChangePassword ? 1 : 0 }),
      ...(changes.disabled !== undefined && { disabled: changes.disabled ? 1 : 0 }),
      ...(changes.failedAttempts !== undefined && { failed_attempts: changes.failedAttempts }),
      ...(changes.lockedUntil !== undefined && { locked_until: changes.lockedUntil }),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/**
 * Counts one more sign-in attempt in a single statement (no read-then-write, so parallel attempts
 * each get their own number) and returns that number with the lock. A lock that has run out is
 * cleared and the count starts again at 1.
 */
export async function claimSignInAttempt(db: Conn, id: number, now: string): Promise<{ attempt: number; lockedUntil: string | null }> {
  const expired = sql<boolean>`locked_until is not null and locked_until <= ${now}`;
  const row = await db
    .updateTable('users')
    .set({
      failed_attempts: sql`case when ${expired} then 1 else failed_attempts + 1 end`,
      locked_until: sql`case when ${expired} then null else locked_until end`,
    })
    .where('id', '=', id)
    .returning(['failed_attempts', 'locked_until'])
    .executeTakeFirstOrThrow();
  return { attempt: Number(row.failed_attempts), lockedUntil: row.locked_until };
}

/** Locks the account unless a lock is already in force; true when this call set it (audited once). */
export async function lockAccount(db: Conn, id: number, until: string, now: string): Promise<boolean> {
  const rows = await db
    .updateTable('users')
    .set({ locked_until: until, failed_attempts: 0 })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** After the right password: the count starts again, unless the account was locked meanwhile (false). */
export async function clearFailedAttempts(db: Conn, id: number, now: string): Promise<boolean> {
  const rows = await db
    .updateTable('users')
    .set({ failed_attempts: 0, locked_until: null })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('id')
    .execute();
  return rows.length > 0;
}

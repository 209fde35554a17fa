import type { Config } from '../config';
import type { Db } from '../db/create-db';
import type { Role } from '../db/schema';
import { afterFailedSignIn, isLocked, passwordExpired } from '../domain/password-policy';
import { findUserById, findUserByUsername, updateUser, type User } from '../repositories/user.repository';
import { deleteSessionsOfUser } from '../repositories/session.repository';
import { audit, type Actor } from './audit.service';
import { dummyHash, verifyPassword } from './passwords';

export type SignInResult =
  | { ok: true; user: Pick<User, 'id' | 'username' | 'role'>; mustChangePassword: boolean }
  | { ok: false };

/**
 * One answer for an unknown user, a wrong password, a locked or a disabled account, so that the
 * page reveals nothing; the audit log records which it was.
 */
export async function signIn(db: Db, config: Config, input: { username: string; password: string; ip: string | null }): Promise<SignInResult> {
  const now = new Date();
  const user = await findUserByUsername(db, input.username);
  const anon: Actor = { userId: user?.id ?? null, username: input.username.slice(0, 64), role: null, ip: input.ip };
  if (!user) {
    await verifyPassword(input.password, await dummyHash(config.scryptLogN));
    await audit(db, anon, { action: 'sign_in', result: 'failed', detail: 'unknown user' });
    return { ok: false };
  }
  if (user.disabled || isLocked(user.lockedUntil, now)) {
    await verifyPassword(input.password, await dummyHash(config.scryptLogN));
    await audit(db, anon, { action: 'sign_in', result: 'denied', objectType: 'user', objectId: user.id, detail: user.disabled ? 'disabled' : 'locked' });
    return { ok: false };
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    const next = afterFailedSignIn(user.failedAttempts, config.lockoutThreshold, config.lockoutMinutes, now);
    await db.transaction().execute(async (trx) => {
      await updateUser(trx, user.id, next);
      await audit(trx, anon, { action: 'sign_in', result: 'failed', objectType: 'user', objectId: user.id, detail: 'wrong password' });
      if (next.lockedUntil) {
        await audit(trx, anon, { action: 'lock_out', result: 'ok', objectType: 'user', objectId: user.id, detail: `locked until ${next.lockedUntil}` });
      }
    });
    return { ok: false };
  }
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { failedAttempts: 0, lockedUntil: null });
    await audit(trx, { ...anon, role: user.role }, { action: 'sign_in', objectType: 'user', objectId: user.id });
  });
  return {
    ok: true,
    user: { id: user.id, username: user.username, role: user.role },
    mustChangePassword: user.mustChangePassword || passwordExpired(user.passwordChangedAt, now, config.passwordPolicy),
  };
}

export async function signOut(db: Db, actor: Actor): Promise<void> {
  await audit(db, actor, { action: 'sign_out', objectType: 'user', objectId: actor.userId });
}

/** The current user as the session names them, or null when disabled or gone (the session then ends). */
export async function currentUser(db: Db, config: Config, userId: number, readDb: Db = db): Promise<{ id: number; username: string; role: Role; mustChangePassword: boolean } | null> {
  const user = await findUserById(readDb, userId);
  if (!user || user.disabled) {
    await deleteSessionsOfUser(db, userId);
    return null;
  }
  return {
    id: user.id, username: user.username, role: user.role,
    mustChangePassword: user.mustChangePassword || passwordExpired(user.passwordChangedAt, new Date(), config.passwordPolicy),
  };
}

import type { Config } from '../config';
import type { Db } from '../db/create-db';
import type { Role } from '../db/schema';
import { judgeAttempt, lockEnd, locksAfterWrongPassword, passwordExpired } from '../domain/password-policy';
import { claimSignInAttempt, clearFailedAttempts, findUserById, findUserByUsername, lockAccount, type User } from '../repositories/user.repository';
import { deleteSessionsOfUser } from '../repositories/session.repository';
import { audit, type Actor } from './audit.service';
import { dummyHash, verifyPassword } from './passwords';

export type SignInResult =
  | { ok: true; user: Pick<User, 'id' | 'username' | 'role'>; mustChangePassword: boolean }
  | { ok: false };

/**
 * One answer for an unknown user, a wrong password, a locked or a disabled account, so that the
 * page reveals nothing; the audit log records which it was. The attempt is counted before the
 * password is checked and the lock is read again after, so guesses sent together cannot slip past
 * the threshold and a right password sent in such a burst does not sign in.
 */
export async function signIn(db: Db, config: Config, input: { username: string; password: string; ip: string | null }, now: () => Date = () => new Date()): Promise<SignInResult> {
  const user = await findUserByUsername(db, input.username);
  const anon: Actor = { userId: user?.id ?? null, username: input.username.slice(0, 64), ip: input.ip };
  const refuse = async (result: 'failed' | 'denied', detail: string): Promise<SignInResult> => {
    await audit(db, anon, { action: 'sign_in', result, ...(user ? { objectType: 'user', objectId: user.id } : {}), detail });
    return { ok: false };
  };
  const lock = async (at: Date) => {
    const until = lockEnd(at, config.lockoutMinutes);
    if (await lockAccount(db, user!.id, until, at.toISOString())) {
      await audit(db, anon, { action: 'lock_out', result: 'ok', objectType: 'user', objectId: user!.id, detail: `locked until ${until}` });
    }
  };
  const dummyCheck = async () => verifyPassword(input.password, await dummyHash(config.scryptLogN));
  if (!user) {
    await dummyCheck();
    return refuse('failed', 'unknown user');
  }
  if (user.disabled) {
    await dummyCheck();
    return refuse('denied', 'disabled');
  }
  const claim = await claimSignInAttempt(db, user.id, now().toISOString());
  const verdict = judgeAttempt(claim, config.lockoutThreshold, now());
  if (verdict !== 'check') {
    if (verdict === 'over_threshold') await lock(now()); // more guesses in flight than the threshold allows: lock at once
    await dummyCheck();
    return verdict === 'locked' ? refuse('denied', 'locked') : refuse('failed', 'attempt beyond the threshold');
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    const result = await refuse('failed', 'wrong password');
    if (locksAfterWrongPassword(claim.attempt, config.lockoutThreshold)) await lock(now());
    return result;
  }
  const signedIn = await db.transaction().execute(async (trx) => {
    if (!(await clearFailedAttempts(trx, user.id, now().toISOString()))) return false;
    await audit(trx, anon, { action: 'sign_in', objectType: 'user', objectId: user.id });
    return true;
  });
  if (!signedIn) return refuse('denied', 'locked');
  return {
    ok: true,
    user: { id: user.id, username: user.username, role: user.role },
    mustChangePassword: user.mustChangePassword || passwordExpired(user.passwordChangedAt, now(), config.passwordPolicy),
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

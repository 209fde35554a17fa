import type { Config } from '../config';
import type { Db } from '../db/create-db';
import type { Role } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import { findUserById, findUserByUsername, insertUser, listUsers, updateUser, type User } from '../repositories/user.repository';
import { deleteSessionsOfUser } from '../repositories/session.repository';
import { audit, type Actor } from './audit.service';
import { checkPassword, hashPassword, verifyPassword } from './passwords';

export const ROLES: readonly Role[] = ['admin', 'staff', 'official'];
const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;

/** Field errors are message keys (`validation.password.too_short`), translated where they are shown. */
function passwordErrors(password: string, username: string, config: Config, current?: string): Record<string, string> {
  const problems = checkPassword(password, username, config.passwordPolicy, current);
  return problems.length ? { password: `validation.password.${problems[0]}` } : {};
}

export const publicUser = (u: User) => ({
  id: u.id, username: u.username, role: u.role, disabled: u.disabled, lockedUntil: u.lockedUntil,
  mustChangePassword: u.mustChangePassword, createdAt: u.createdAt, version: u.version,
});

export async function createUser(db: Db, config: Config, actor: Actor, input: { username: string; role: string; password: string }): Promise<number> {
  const errors: Record<string, string> = {};
  if (!USERNAME.test(input.username)) errors.username = 'validation.username.format';
  if (!(ROLES as readonly string[]).includes(input.role)) errors.role = 'validation.role';
  Object.assign(errors, passwordErrors(input.password, input.username, config));
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const hash = await hashPassword(input.password, config.scryptLogN);
  return db.transaction().execute(async (trx) => {
    if (await findUserByUsername(trx, input.username)) throw new ValidationError({ username: 'validation.username.taken' });
    const id = await insertUser(trx, { username: input.username, role: input.role as Role, passwordHash: hash, now: new Date().toISOString(), mustChange: false });
    await audit(trx, actor, { action: 'create', objectType: 'user', objectId: id, after: { username: input.username, role: input.role } });
    return id;
  });
}

/**
 * A user's own change ends every session of theirs, this one included (the route starts a new one
 * under a new id): a session someone else took over, on another machine, ends with the old password.
 */
export async function changeOwnPassword(db: Db, config: Config, actor: Actor & { userId: number }, current: string, next: string): Promise<void> {
  const user = await findUserById(db, actor.userId);
  if (!user) throw new NotFoundError('user', actor.userId);
  if (!(await verifyPassword(current, user.passwordHash))) {
    await audit(db, actor, { action: 'change_password', objectType: 'user', objectId: user.id, result: 'failed', detail: 'wrong current password' });
    throw new ValidationError({ currentPassword: 'validation.password.current_wrong' });
  }
  const errors = passwordErrors(next, user.username, config, current);
  if (Object.keys(errors).length) throw new ValidationError({ newPassword: errors.password! });
  const hash = await hashPassword(next, config.scryptLogN);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { passwordHash: hash, passwordChangedAt: new Date().toISOString(), mustChangePassword: false });
    await deleteSessionsOfUser(trx, user.id);
    await audit(trx, actor, { action: 'change_password', objectType: 'user', objectId: user.id });
  });
}

export type UserChange =
  | { kind: 'role'; role: string }
  | { kind: 'disable' }
  | { kind: 'enable' }
  | { kind: 'reset_password'; password: string };

/** Admin changes to another account. Disabling or resetting ends that user's sessions at once. */
export async function changeUser(db: Db, config: Config, actor: Actor, id: number, version: number, change: UserChange): Promise<void> {
  const user = await findUserById(db, id);
  if (!user) throw new NotFoundError('user', id);
  if (user.version !== version) throw new ConflictError('user', id);
  if (actor.userId === id && change.kind !== 'reset_password') throw new ValidationError({ user: 'validation.user.not_self' });
  let changes: Parameters<typeof updateUser>[2];
  switch (change.kind) {
    case 'role':
      if (!(ROLES as readonly string[]).includes(change.role)) throw new ValidationError({ role: 'validation.role' });
      changes = { role: change.role as Role };
      break;
    case 'disable':
      changes = { disabled: true };
      break;
    case 'enable':
      changes = { disabled: false, failedAttempts: 0, lockedUntil: null };
      break;
    case 'reset_password': {
      const errors = passwordErrors(change.password, user.username, config);
      if (Object.keys(errors).length) throw new ValidationError(errors);
      changes = { passwordHash: await hashPassword(change.password, config.scryptLogN), passwordChangedAt: new Date().toISOString(), mustChangePassword: true, failedAttempts: 0, lockedUntil: null };
      break;
    }
  }
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, id, changes);
    if (change.kind === 'disable' || change.kind === 'reset_password' || change.kind === 'role') await deleteSessionsOfUser(trx, id);
    await audit(trx, actor, {
      action: change.kind === 'reset_password' ? 'reset_password' : 'update',
      objectType: 'user', objectId: id,
      before: { role: user.role, disabled: user.disabled },
      after: { role: changes.role ?? user.role, disabled: changes.disabled ?? user.disabled },
    });
  });
}

export { listUsers };

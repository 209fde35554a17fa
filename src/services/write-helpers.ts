import type { Db } from '../db/create-db';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import type { FieldErrors } from '../domain/rules';
import type { Conn } from '../repositories/catalogue.repository';
import { audit, type Actor } from './audit.service';

export function throwIfErrors(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

export async function mustExist<T>(value: Promise<T | null>, entity: string, id: number): Promise<T> {
  const found = await value;
  if (found === null) throw new NotFoundError(entity, id);
  return found;
}

/** Runs a write and its audit record in one transaction: both happen, or neither. */
export function writeAudited<T>(
  db: Db,
  actor: Actor,
  run: (trx: Conn) => Promise<{ result: T; objectType: string; objectId: number; action: string; before: unknown; after: unknown }>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const r = await run(trx);
    await audit(trx, actor, { action: r.action, objectType: r.objectType, objectId: r.objectId, before: r.before, after: r.after });
    return r.result;
  });
}

export function conflictUnless(updated: boolean, entity: string, id: number): void {
  if (!updated) throw new ConflictError(entity, id);
}

/** SQLite and PostgreSQL both report a broken unique constraint with "unique" in the message. */
export function isUniqueViolation(err: unknown): boolean {
  return /unique/i.test(String((err as Error)?.message ?? ''));
}

import crypto from 'node:crypto';
import type { Conn } from './catalogue.repository';

/** A random secret made on first start and kept in the database: never a default. */
export async function ensureSecret(db: Conn, key: string): Promise<string> {
  const found = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (found?.value) return found.value;
  const value = crypto.randomBytes(32).toString('base64url');
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const stored = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return stored.value;
}

/** A new random value for `key`, replacing the old one. */
export async function replaceSecret(db: Conn, key: string): Promise<void> {
  const value = crypto.randomBytes(32).toString('base64url');
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

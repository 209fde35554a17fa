import type { Db } from '../db/create-db';
import { replaceSecret } from '../repositories/secret.repository';
import { deleteAllSessions } from '../repositories/session.repository';
import { audit, type Actor } from './audit.service';

/**
 * A new session-signing secret, and every session ended with the old one (all users sign in
 * again). A running server keeps the secret it read at start: restart it afterwards.
 */
export async function rotateSessionSecret(db: Db, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await replaceSecret(trx, 'session_secret');
    await deleteAllSessions(trx);
    await audit(trx, actor, { action: 'rotate_session_secret', objectType: 'settings' });
  });
}

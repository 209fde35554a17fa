import { Kysely } from 'kysely';

// Session rows are now keyed by SHA-256 of the session id (session.repository.ts). Rows written
// under raw ids could never be found again, and they are exactly what must not sit in a database
// file or a backup: they go. Everyone signs in once more. Frozen in time.

export async function up(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('sessions').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // Hashed keys cannot be turned back into ids: signing in again is the only way back.
  await db.deleteFrom('sessions').execute();
}

import { sql } from 'kysely';
import type { Conn } from './catalogue.repository';

export async function pingDatabase(db: Conn): Promise<void> {
  await sql`select 1`.execute(db);
}

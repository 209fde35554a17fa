import type { Conn } from './catalogue.repository';

/** The counter every committed write to the model has bumped (see migration 0003). */
export async function getDataVersion(db: Conn): Promise<number> {
  const row = await db.selectFrom('data_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

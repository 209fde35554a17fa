import { sql } from 'kysely';
import type { Conn } from './catalogue.repository';

/** The counter every committed write to the model has bumped (see migration 0003). */
export async function getDataVersion(db: Conn): Promise<number> {
  const row = await db.selectFrom('data_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/**
 * Whose district counters a figure depends on (migration 0009): a district, the district a village,
 * project or batch is in now, the first district (the overview without `?district=`), or every one.
 */
export type VersionScope =
  | { kind: 'district' | 'village' | 'project' | 'batch'; id: number }
  | { kind: 'first' }
  | { kind: 'site' };

const districtOf = (scope: Exclude<VersionScope, { kind: 'site' }>) => {
  if (scope.kind === 'first') return sql<number>`(select min(id) from districts)`;
  if (scope.kind === 'district') return sql<number>`${scope.id}`;
  if (scope.kind === 'village') return sql<number>`(select district_id from villages where id = ${scope.id})`;
  if (scope.kind === 'project') return sql<number>`(select v.district_id from projects p join villages v on v.id = p.village_id where p.id = ${scope.id})`;
  return sql<number>`(select v.district_id from batches b join projects p on p.id = b.project_id join villages v on v.id = p.village_id where b.id = ${scope.id})`;
};

/**
 * The counters a scope's figures depend on, in one read: district 0 (what every page shows) and the
 * scope's district, or all of them for the whole site; as `id:version` pairs in district order.
 */
export async function getScopeVersions(db: Conn, scope: VersionScope): Promise<string> {
  let q = db.selectFrom('district_versions').select(['district_id', 'version']).orderBy('district_id');
  if (scope.kind !== 'site') q = q.where((eb) => eb.or([eb('district_id', '=', 0), eb('district_id', '=', districtOf(scope))]));
  return (await q.execute()).map((r) => `${r.district_id}:${r.version}`).join(',');
}

/** Every district's counter and district 0's (the site's figures are put together from the districts' parts). */
export async function getDistrictVersions(db: Conn): Promise<Map<number, number>> {
  const rows = await db.selectFrom('district_versions').select(['district_id', 'version']).execute();
  return new Map(rows.map((r) => [Number(r.district_id), Number(r.version)]));
}

/** After a write no trigger sees (rollups rebuilt from scratch): every cached figure is let go. */
export async function bumpSiteVersion(db: Conn): Promise<void> {
  // in the order every writer's triggers take them (data_version first), so no two writers wait on each other
  await db.updateTable('data_version').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', 1).execute();
  await db.updateTable('district_versions').set((eb) => ({ version: eb('version', '+', 1) })).where('district_id', '=', 0).execute();
}

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
 * The counters a scope's figures depend on and the whole model's, in one read (a cached page costs
 * this one statement): `key`, district 0 (what every page shows) and the scope's district, or all
 * of them for the whole site, as `id:version` pairs in district order, then the same districts'
 * feedback counters (migration 0011) as `f<id>:version`; `version`, data_version.
 */
export async function getScopeVersions(db: Conn, scope: VersionScope): Promise<{ key: string; version: number }> {
  const which = scope.kind === 'site' ? sql`` : sql`where district_id = 0 or district_id = ${districtOf(scope)}`;
  const { rows } = await sql<{ kind: string; district_id: number; version: number }>`
    select 'd' as kind, district_id, version from district_versions ${which}
    union all select 'f' as kind, district_id, version from feedback_versions ${which}
    union all select 'v' as kind, -1 as district_id, version from data_version where id = 1
    order by kind, district_id`.execute(db);
  let version = 0;
  const pairs: string[] = [];
  for (const r of rows) {
    if (r.kind === 'v') version = Number(r.version);
    else pairs.push(`${r.kind === 'f' ? 'f' : ''}${r.district_id}:${r.version}`);
  }
  return { key: pairs.join(','), version };
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

import type { Conn } from './catalogue.repository';

/** Districts are matched by their Chinese name and created when missing (as imports do). */
export async function findOrCreateDistrict(db: Conn, nameZh: string): Promise<number> {
  const found = await db.selectFrom('districts').select('id').where('name_zh', '=', nameZh).executeTakeFirst();
  if (found) return found.id;
  const row = await db.insertInto('districts').values({ name_zh: nameZh, name_en: null }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function listDistrictNames(db: Conn): Promise<string[]> {
  return (await db.selectFrom('districts').select('name_zh').where('is_demo', '=', 0).orderBy('id').execute()).map((r) => r.name_zh);
}

export async function listVillageOptions(db: Conn): Promise<{ id: number; label: string }[]> {
  const rows = await db
    .selectFrom('villages')
    .innerJoin('districts', 'districts.id', 'villages.district_id')
    .select(['villages.id as id', 'villages.name_zh as village', 'districts.name_zh as district'])
    .orderBy('districts.id')
    .orderBy('villages.name_zh')
    .execute();
  return rows.map((r) => ({ id: r.id, label: `${r.district} · ${r.village}` }));
}

/** Where a report can be filed: districts, villages and projects of the real (not demo) data. */
export async function reportScopeOptions(db: Conn): Promise<{ value: string; label: string }[]> {
  const [districts, villages, projects] = await Promise.all([
    db.selectFrom('districts').select(['id', 'name_zh']).where('is_demo', '=', 0).orderBy('id').execute(),
    db.selectFrom('villages').select(['id', 'name_zh']).where('is_demo', '=', 0).orderBy('id').execute(),
    db.selectFrom('projects').innerJoin('villages', 'villages.id', 'projects.village_id')
      .select(['projects.id as id', 'projects.name_zh as project', 'villages.name_zh as village'])
      .where('projects.is_demo', '=', 0).orderBy('projects.id').execute(),
  ]);
  return [
    ...districts.map((d) => ({ value: `district:${d.id}`, label: d.name_zh })),
    ...villages.map((v) => ({ value: `village:${v.id}`, label: v.name_zh })),
    ...projects.map((p) => ({ value: `project:${p.id}`, label: `${p.village} · ${p.project}` })),
  ];
}

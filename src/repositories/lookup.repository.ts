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

import { sql } from 'kysely';
import type { Conn } from './catalogue.repository';

type Named = { nameZh: string; nameEn: string | null };

export interface TargetOption {
  value: string;
  district: Named;
  village: Named;
  project: Named;
  batch: Named;
  building: string | null;
  buildings: number;
  demo: boolean;
}

/** `%` and `_` typed in a search are letters, not wildcards. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * What a milestone can be recorded for: every batch (or those whose district, village, project or
 * batch name contains `search`), and, when the form is opened for one batch, that batch's
 * buildings. Never every building of the city in one list. Real data first, demonstration data after.
 */
export async function milestoneTargets(db: Conn, batchId: number | null, search: string | null = null): Promise<TargetOption[]> {
  const pattern = search ? likePattern(search) : null;
  const batches = await db
    .selectFrom('batches')
    .innerJoin('projects', 'projects.id', 'batches.project_id')
    .innerJoin('villages', 'villages.id', 'projects.village_id')
    .innerJoin('districts', 'districts.id', 'villages.district_id')
    .select((eb) => [
      'batches.id as id', 'batches.name_zh as batch', 'projects.name_zh as project', 'villages.name_zh as village', 'districts.name_zh as district',
      'batches.name_en as batchEn', 'projects.name_en as projectEn', 'villages.name_en as villageEn', 'districts.name_en as districtEn',
      'projects.is_demo as projectDemo', 'villages.is_demo as villageDemo', 'districts.is_demo as districtDemo',
      eb.selectFrom('buildings').whereRef('buildings.batch_id', '=', 'batches.id').select((e) => e.fn.countAll<number>().as('n')).as('buildings'),
    ])
    .$if(batchId !== null, (q) => q.where('batches.id', '=', batchId!))
    .$if(pattern !== null, (q) => q.where(sql<boolean>`(${sql.ref('districts.name_zh')} like ${pattern} escape '\\' or ${sql.ref('villages.name_zh')} like ${pattern} escape '\\'
      or ${sql.ref('projects.name_zh')} like ${pattern} escape '\\' or ${sql.ref('batches.name_zh')} like ${pattern} escape '\\')`))
    .orderBy(sql`case when ${sql.ref('projects.is_demo')} = 1 or ${sql.ref('villages.is_demo')} = 1 or ${sql.ref('districts.is_demo')} = 1 then 1 else 0 end`)
    .orderBy('districts.id').orderBy('villages.id').orderBy('projects.id').orderBy('batches.sequence')
    .execute();
  const out: TargetOption[] = [];
  for (const b of batches) {
    const base = {
      district: { nameZh: b.district, nameEn: b.districtEn }, village: { nameZh: b.village, nameEn: b.villageEn },
      project: { nameZh: b.project, nameEn: b.projectEn }, batch: { nameZh: b.batch, nameEn: b.batchEn }, demo: [b.projectDemo, b.villageDemo, b.districtDemo].some((d) => Number(d) === 1) };
    out.push({ ...base, value: `batch:${b.id}`, building: null, buildings: Number(b.buildings ?? 0) });
    if (batchId === null) continue;
    const buildings = await db.selectFrom('buildings').select(['id', 'code', 'seq']).where('batch_id', '=', b.id).orderBy('seq').execute();
    for (const x of buildings) out.push({ ...base, value: `building:${x.id}`, building: x.code ?? `#${x.seq}`, buildings: 1 });
  }
  return out;
}

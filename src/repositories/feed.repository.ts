// What a scope's feed names: the scope itself and the projects and batches inside it.
import type { Conn } from './catalogue.repository';

export type FeedScope = 'district' | 'village' | 'project' | 'batch';

export interface FeedPlaces {
  name: { nameZh: string; nameEn: string | null };
  projects: { id: number; nameZh: string; nameEn: string | null }[];
  batches: { id: number; projectId: number; nameZh: string; nameEn: string | null }[];
  isDemo: boolean;
}

/** The scope's name and what lies in it; null when there is no such scope. */
export async function feedPlaces(db: Conn, scope: FeedScope, id: number): Promise<FeedPlaces | null> {
  const table = ({ district: 'districts', village: 'villages', project: 'projects', batch: 'batches' } as const)[scope];
  const own = await db.selectFrom(table).select(['name_zh', 'name_en']).where('id', '=', id).executeTakeFirst();
  if (!own) return null;
  let projects = db.selectFrom('projects').innerJoin('villages', 'villages.id', 'projects.village_id')
    .innerJoin('districts', 'districts.id', 'villages.district_id')
    .select(['projects.id', 'projects.name_zh', 'projects.name_en', 'projects.is_demo as p_demo', 'villages.is_demo as v_demo', 'districts.is_demo as d_demo']);
  if (scope === 'district') projects = projects.where('villages.district_id', '=', id);
  else if (scope === 'village') projects = projects.where('projects.village_id', '=', id);
  else if (scope === 'project') projects = projects.where('projects.id', '=', id);
  else projects = projects.where('projects.id', 'in', db.selectFrom('batches').select('project_id').where('id', '=', id));
  const p = await projects.orderBy('projects.id').execute();
  const ids = p.map((r) => Number(r.id));
  let batches = ids.length ? await db.selectFrom('batches').select(['id', 'project_id', 'name_zh', 'name_en']).where('project_id', 'in', ids).orderBy('project_id').orderBy('sequence').execute() : [];
  if (scope === 'batch') batches = batches.filter((b) => Number(b.id) === id);
  return {
    name: { nameZh: own.name_zh, nameEn: own.name_en },
    projects: p.map((r) => ({ id: Number(r.id), nameZh: r.name_zh, nameEn: r.name_en })),
    batches: batches.map((b) => ({ id: Number(b.id), projectId: Number(b.project_id), nameZh: b.name_zh, nameEn: b.name_en })),
    isDemo: p.some((r) => Boolean(Number(r.p_demo)) || Boolean(Number(r.v_demo)) || Boolean(Number(r.d_demo))),
  };
}

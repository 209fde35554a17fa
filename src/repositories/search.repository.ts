// The names a search looks through (search.service.ts): every district, village, project and batch
// with the place it lies in, and the buildings whose code holds a given text.
import { sql } from 'kysely';
import type { Stage } from '../domain/types';
import type { Conn } from './catalogue.repository';

/** `isDemo`: generated demonstration data (a batch is, where its project is). */
export interface NameRow { id: number; parentId: number | null; nameZh: string; nameEn: string | null; isDemo: boolean }

export interface SearchNames {
  districts: NameRow[];
  villages: NameRow[];
  projects: NameRow[];
  batches: NameRow[];
}

/** Every district, village, project and batch: its id, names and the id of what it lies in (in id order). */
export async function searchNames(db: Conn): Promise<SearchNames> {
  const row = (r: { id: number; parent: number | null; name_zh: string; name_en: string | null; is_demo?: number | boolean }): NameRow => ({
    id: Number(r.id), parentId: r.parent === null ? null : Number(r.parent), nameZh: r.name_zh, nameEn: r.name_en, isDemo: Boolean(Number(r.is_demo ?? 0)),
  });
  const districts = await db.selectFrom('districts').select(['id', 'name_zh', 'name_en', 'is_demo']).orderBy('id').execute();
  const villages = await db.selectFrom('villages').select(['id', 'district_id as parent', 'name_zh', 'name_en', 'is_demo']).orderBy('id').execute();
  const projects = await db.selectFrom('projects').select(['id', 'village_id as parent', 'name_zh', 'name_en', 'is_demo']).orderBy('id').execute();
  const batches = await db.selectFrom('batches').select(['id', 'project_id as parent', 'name_zh', 'name_en']).orderBy('project_id').orderBy('sequence').execute();
  return {
    districts: districts.map((r) => row({ ...r, parent: null })),
    villages: villages.map(row),
    projects: projects.map(row),
    batches: batches.map(row),
  };
}

export interface BuildingHit { id: number; batchId: number; code: string; stage: Stage; stageDate: string | null }

/** The buildings whose code holds `text` (case aside), in id order, at most `limit` of them. */
export async function buildingsWithCode(db: Conn, text: string, limit: number): Promise<BuildingHit[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.selectFrom('buildings').select(['id', 'batch_id', 'code', 'stage', 'stage_date'])
    // the escape character named: SQLite has none by default, PostgreSQL's is the same backslash
    .where(sql<boolean>`lower(code) like ${pattern.toLowerCase()} escape '\\'`)
    .orderBy('id').limit(limit).execute();
  return rows.filter((r) => r.code !== null).map((r) => ({ id: Number(r.id), batchId: Number(r.batch_id), code: r.code!, stage: r.stage as Stage, stageDate: r.stage_date }));
}

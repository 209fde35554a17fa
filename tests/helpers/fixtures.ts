// Rows written straight into the test database with Kysely, for cases the real data set lacks
// (hostile names, demonstration data, a third project to sort by). Tests only. Buildings written
// here bypass the writers, so the batch's rollups are refreshed the way a writer would.
import type { Db } from '../../src/db/create-db';
import { refreshBatches } from '../../src/services/rollup.service';

type Stage = 'planned' | 'foundation' | 'structure' | 'topped_out' | 'finishing' | 'landscaping' | 'accepted' | 'delivered';

export async function addDistrict(db: Db, v: { nameZh: string; nameEn?: string | null; isDemo?: boolean }): Promise<number> {
  const row = await db.insertInto('districts')
    .values({ name_zh: v.nameZh, name_en: v.nameEn ?? null, is_demo: v.isDemo ? 1 : 0 })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function addVillage(db: Db, v: { districtId: number; nameZh: string; nameEn?: string | null; isDemo?: boolean; note?: string | null }): Promise<number> {
  const row = await db.insertInto('villages')
    .values({
      district_id: v.districtId, subdistrict_id: null, name_zh: v.nameZh, name_en: v.nameEn ?? null,
      households_entitled: null, people_entitled: null, demolition_date: null, note: v.note ?? null, is_demo: v.isDemo ? 1 : 0,
    })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function addProject(db: Db, v: {
  villageId: number; nameZh: string; nameEn?: string | null; isDemo?: boolean; note?: string | null;
  plannedFloorAreaM2?: number | null; plannedCompletion?: string | null; actualStart?: string | null; sourceId?: number | null;
  /** The status typed on the project (under construction unless said); `halted` is what staff store when work stops. */
  status?: 'planned' | 'under_construction' | 'completed' | 'delivered'; halted?: 'suspended' | 'cancelled' | null;
}): Promise<number> {
  const row = await db.insertInto('projects')
    .values({
      village_id: v.villageId, name_zh: v.nameZh, name_en: v.nameEn ?? null, kind: 'resettlement',
      land_area_m2: null, planned_floor_area_m2: v.plannedFloorAreaM2 ?? null, investment_yuan: null,
      developer: null, construction_entity: null, planned_start: null, planned_completion: v.plannedCompletion ?? null,
      actual_start: v.actualStart ?? null, actual_completion: null, status: v.status ?? 'under_construction', halted: v.halted ?? null, note: v.note ?? null,
      source_id: v.sourceId ?? null, is_demo: v.isDemo ? 1 : 0,
    })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function addSource(db: Db, v: { title: string }): Promise<number> {
  const row = await db.insertInto('sources')
    .values({ kind: 'demo', title: v.title, publisher: null, published_on: null, url: null, excerpt: null, note: null })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A batch with `buildings` buildings, all at `stage` since `stageDate` (and an actual milestone each). */
export async function addBatch(db: Db, v: {
  projectId: number; sequence: number; nameZh: string; nameEn?: string | null; note?: string | null;
  targetDeliveryDate?: string | null; buildings: number; stage: Stage; stageDate: string; code?: (seq: number) => string | null;
  floorAreaM2?: number | null; sourceId?: number | null;
}): Promise<{ batchId: number; buildingIds: number[] }> {
  const batch = await db.insertInto('batches')
    .values({
      project_id: v.projectId, sequence: v.sequence, name_zh: v.nameZh, name_en: v.nameEn ?? null,
      target_delivery_date: v.targetDeliveryDate ?? null, target_precision: 'day', actual_delivery_date: null,
      households: null, note: v.note ?? null,
    })
    .returning('id').executeTakeFirstOrThrow();
  const batchId = Number(batch.id);
  const buildingIds: number[] = [];
  for (let seq = 1; seq <= v.buildings; seq++) {
    const b = await db.insertInto('buildings')
      .values({
        batch_id: batchId, seq, code: v.code ? v.code(seq) : null, floors: null, floor_area_m2: v.floorAreaM2 ?? null,
        dwelling_units: null, stage: v.stage, stage_date: v.stageDate,
      })
      .returning('id').executeTakeFirstOrThrow();
    buildingIds.push(Number(b.id));
    await db.insertInto('milestones')
      .values({ building_id: Number(b.id), stage: v.stage, date: v.stageDate, kind: 'actual', source_id: v.sourceId ?? null, note: null, created_at: '2026-11-26T00:00:00.000Z' })
      .execute();
  }
  await refreshBatches(db, [batchId]);
  return { batchId, buildingIds };
}

/** A project's progress report on `asOf` (figures left unknown unless given). */
export async function addProjectReport(db: Db, v: { projectId: number; asOf: string; startedAreaM2?: number | null; sourceId?: number | null }): Promise<number> {
  const row = await db.insertInto('progress_reports')
    .values({
      scope_type: 'project', district_id: null, village_id: null, project_id: v.projectId, as_of: v.asOf,
      planned_area_m2: null, started_area_m2: v.startedAreaM2 ?? null, delivered_area_m2: null, households_entitled: null,
      households_returned: null, people_entitled: null, people_returned: null, published_start_rate: null,
      published_delivery_rate: null, published_return_rate: null, source_id: v.sourceId ?? null, note: null,
      created_at: '2026-11-26T00:00:00.000Z',
    })
    .returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

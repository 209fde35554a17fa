import type { Transaction } from 'kysely';
import type { Database } from '../src/db/schema';
import {
  insertBatch, insertBuilding, insertDistrict, insertMilestone, insertProject, insertReport, insertSource, insertVillage,
} from '../src/repositories/write.repository';
import * as real from './real/zhengzhou-high-tech-2023-11';

/** Writes the real November 2023 data set. Runs inside the caller's transaction. */
export async function seedRealData(trx: Transaction<Database>, now: string): Promise<void> {
  const s = real.SOURCE;
  const sourceId = await insertSource(trx, {
    kind: s.kind, title: s.title, publisher: s.publisher, published_on: s.publishedOn,
    url: null, excerpt: s.excerpt, note: s.note,
  });
  const districtId = await insertDistrict(trx, { name_zh: real.DISTRICT.nameZh, name_en: real.DISTRICT.nameEn });
  const r = real.DISTRICT_REPORT;
  await insertReport(trx, {
    scope_type: 'district', district_id: districtId, village_id: null, project_id: null, as_of: r.asOf,
    planned_area_m2: null, started_area_m2: r.startedAreaM2, delivered_area_m2: r.deliveredAreaM2,
    households_entitled: null, households_returned: null, people_entitled: null, people_returned: r.peopleReturned,
    published_start_rate: r.publishedStartRate, published_delivery_rate: r.publishedDeliveryRate,
    published_return_rate: r.publishedReturnRate, source_id: sourceId, note: r.note, correction_reason: null,
    created_at: now,
  });

  const v = real.VILLAGE;
  const villageId = await insertVillage(trx, {
    district_id: districtId, subdistrict_id: null, name_zh: v.nameZh, name_en: v.nameEn,
    households_entitled: null, people_entitled: null, demolition_date: null, note: v.note,
  });

  const rp = real.RESETTLEMENT_PROJECT;
  const resettlementId = await insertProject(trx, {
    village_id: villageId, name_zh: rp.nameZh, name_en: rp.nameEn, kind: rp.kind, land_area_m2: null,
    planned_floor_area_m2: null, investment_yuan: null, developer: null, construction_entity: null,
    planned_start: null, planned_completion: null, actual_start: null, actual_completion: null,
    status: rp.status, note: rp.note, source_id: sourceId,
  });
  for (const b of rp.batches) {
    const batchId = await insertBatch(trx, {
      project_id: resettlementId, sequence: b.sequence, name_zh: b.nameZh, name_en: b.nameEn,
      target_delivery_date: b.targetDeliveryDate, target_precision: b.targetPrecision,
      actual_delivery_date: null, households: null, note: b.note,
    });
    for (let seq = 1; seq <= b.buildings; seq++) {
      const buildingId = await insertBuilding(trx, {
        batch_id: batchId, seq, code: null, floors: null, floor_area_m2: null, dwelling_units: null,
        stage: b.stage, stage_date: real.REPORT_DATE,
      });
      await insertMilestone(trx, {
        building_id: buildingId, stage: b.stage, date: real.REPORT_DATE, kind: 'actual', source_id: sourceId,
        note: null, created_at: now,
      });
    }
  }

  const cp = real.COLLECTIVE_PROJECT;
  await insertProject(trx, {
    village_id: villageId, name_zh: cp.nameZh, name_en: cp.nameEn, kind: cp.kind,
    land_area_m2: cp.landAreaM2, planned_floor_area_m2: cp.plannedFloorAreaM2, investment_yuan: cp.investmentYuan,
    developer: cp.developer, construction_entity: cp.constructionEntity, planned_start: null,
    planned_completion: cp.plannedCompletion, planned_completion_precision: cp.plannedCompletionPrecision,
    actual_start: cp.actualStart, actual_completion: null, status: cp.status, note: cp.note, source_id: sourceId,
  });
}

/**
 * The English notes of the real data set, beside the Chinese ones `seedRealData` wrote (a separate
 * step, so that `seedRealData` also writes what a database from before migration 0008 can hold).
 */
export async function seedRealEnglishNotes(trx: Transaction<Database>): Promise<void> {
  const pairs: ['villages' | 'projects' | 'batches' | 'progress_reports', { note: string; noteEn: string }][] = [
    ['progress_reports', real.DISTRICT_REPORT], ['villages', real.VILLAGE], ['projects', real.RESETTLEMENT_PROJECT],
    ['projects', real.COLLECTIVE_PROJECT], ...real.RESETTLEMENT_PROJECT.batches.map((b): ['batches', { note: string; noteEn: string }] => ['batches', b]),
  ];
  for (const [table, n] of pairs) await trx.updateTable(table).set({ note_en: n.noteEn }).where('note', '=', n.note).execute();
}

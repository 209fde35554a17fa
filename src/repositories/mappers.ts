import type { Batch, Building, District, Milestone, Project, Report, Source, Village } from '../domain/entities';
import type { Stage } from '../domain/types';
import type {
  BatchRow, BuildingRow, DistrictRow, MilestoneRow, ProjectRow, ReportRow, SourceRow, VillageRow,
} from '../db/schema';

// Rows (snake_case, 0/1 flags) to domain objects (camelCase, booleans). Fields copied one by one.

export const toSource = (r: SourceRow): Source => ({
  id: r.id, kind: r.kind, title: r.title, publisher: r.publisher, publishedOn: r.published_on,
  url: r.url, excerpt: r.excerpt, note: r.note,
});

export const toDistrict = (r: DistrictRow): District => ({
  id: r.id, nameZh: r.name_zh, nameEn: r.name_en, isDemo: r.is_demo === 1,
});

export const toVillage = (r: VillageRow): Village => ({
  id: r.id, districtId: r.district_id, subdistrictId: r.subdistrict_id, nameZh: r.name_zh, nameEn: r.name_en,
  householdsEntitled: r.households_entitled, peopleEntitled: r.people_entitled,
  demolitionDate: r.demolition_date, note: r.note, noteEn: r.note_en, isDemo: r.is_demo === 1, version: r.version,
});

export const toProject = (r: ProjectRow): Project => ({
  id: r.id, villageId: r.village_id, nameZh: r.name_zh, nameEn: r.name_en, kind: r.kind,
  landAreaM2: r.land_area_m2, plannedFloorAreaM2: r.planned_floor_area_m2, investmentYuan: r.investment_yuan,
  developer: r.developer, constructionEntity: r.construction_entity, plannedStart: r.planned_start,
  plannedCompletion: r.planned_completion, plannedCompletionPrecision: r.planned_completion_precision,
  baselineCompletion: r.baseline_completion, baselineCompletionPrecision: r.baseline_completion_precision,
  actualStart: r.actual_start, actualCompletion: r.actual_completion, status: r.status,
  halted: r.halted === 'suspended' || r.halted === 'cancelled' ? r.halted : null, note: r.note, noteEn: r.note_en,
  sourceId: r.source_id, isDemo: r.is_demo === 1, version: r.version,
});

export const toBatch = (r: BatchRow): Batch => ({
  id: r.id, projectId: r.project_id, sequence: r.sequence, nameZh: r.name_zh, nameEn: r.name_en,
  targetDeliveryDate: r.target_delivery_date, targetPrecision: r.target_precision,
  baselineTargetDate: r.baseline_target_date, baselineTargetPrecision: r.baseline_target_precision,
  actualDeliveryDate: r.actual_delivery_date, households: r.households, note: r.note, noteEn: r.note_en, version: r.version,
});

export const toBuilding = (r: BuildingRow): Building => ({
  id: r.id, batchId: r.batch_id, seq: r.seq, code: r.code, floors: r.floors, floorAreaM2: r.floor_area_m2,
  dwellingUnits: r.dwelling_units, stage: r.stage as Stage, stageDate: r.stage_date, version: r.version,
});

export const toMilestone = (r: MilestoneRow): Milestone => ({
  id: r.id, buildingId: r.building_id, stage: r.stage as Stage, date: r.date, kind: r.kind,
  sourceId: r.source_id, note: r.note, isCorrection: r.is_correction === 1, correctionReason: r.correction_reason,
});

export const toReport = (r: ReportRow): Report => ({
  id: r.id, scopeType: r.scope_type,
  scopeId: (r.scope_type === 'district' ? r.district_id : r.scope_type === 'village' ? r.village_id : r.project_id) ?? 0,
  asOf: r.as_of, plannedAreaM2: r.planned_area_m2, startedAreaM2: r.started_area_m2,
  deliveredAreaM2: r.delivered_area_m2, householdsEntitled: r.households_entitled,
  householdsReturned: r.households_returned, peopleEntitled: r.people_entitled, peopleReturned: r.people_returned,
  publishedStartRate: r.published_start_rate, publishedDeliveryRate: r.published_delivery_rate,
  publishedReturnRate: r.published_return_rate, sourceId: r.source_id, note: r.note,
  isCorrection: r.is_correction === 1, correctionReason: r.correction_reason,
});

// Carries out a plan inside the caller's transaction, in order: records created earlier in the plan
// are referred to by key. A versioned update that finds the record changed meanwhile fails the lot.
// New buildings and reports go in many rows per statement, to keep the transaction short.
import { ConflictError } from '../../domain/errors';
import type { BuildingValues, PlanOp, ProjectValues, Ref } from '../../domain/import-types';
import type { Conn } from '../../repositories/catalogue.repository';
import { nextBatchSequence, nextBuildingSeq, updateVersioned } from '../../repositories/entity.repository';
import { insertBuildings, insertMilestones, insertReports } from '../../repositories/import.repository';
import {
  insertBatch, insertDistrict, insertMilestone, insertProject, insertSource, insertVillage,
} from '../../repositories/write.repository';
import { batchOfBuilding } from '../../repositories/entity.repository';
import { refreshBatches } from '../rollup.service';
import { refreshHouseholds } from '../household-rollup';
import { putHouseholdRecord, replaceAllowanceRule } from '../../repositories/household.repository';
import type { Actor } from '../audit.service';
import { checkTargetChange, recordTargetChange, type TargetChange } from '../target-revision.service';
import type { IsoDate } from '../../domain/types';
import type { TargetOpChange } from '../../domain/import-types';

/** Who imports, and the day: a target revision is dated and signed like one made in a form. */
export interface Importer {
  actor: Actor;
  asOf: IsoDate;
}

const projectColumns = (v: Partial<ProjectValues>) => {
  const out: Record<string, unknown> = {};
  if (v.kind !== undefined) out.kind = v.kind;
  if (v.landAreaM2 !== undefined) out.land_area_m2 = v.landAreaM2;
  if (v.plannedFloorAreaM2 !== undefined) out.planned_floor_area_m2 = v.plannedFloorAreaM2;
  if (v.investmentYuan !== undefined) out.investment_yuan = v.investmentYuan;
  if (v.developer !== undefined) out.developer = v.developer;
  if (v.constructionEntity !== undefined) out.construction_entity = v.constructionEntity;
  if (v.plannedStart !== undefined) out.planned_start = v.plannedStart;
  if (v.plannedCompletion !== undefined) out.planned_completion = v.plannedCompletion;
  if (v.plannedCompletionPrecision !== undefined) out.planned_completion_precision = v.plannedCompletionPrecision;
  return out;
};

const buildingColumns = (v: Partial<BuildingValues>) => {
  const out: Record<string, unknown> = {};
  if (v.code !== undefined) out.code = v.code;
  if (v.floors !== undefined) out.floors = v.floors;
  if (v.floorAreaM2 !== undefined) out.floor_area_m2 = v.floorAreaM2;
  if (v.dwellingUnits !== undefined) out.dwelling_units = v.dwellingUnits;
  if (v.stage !== undefined) out.stage = v.stage;
  if (v.stageDate !== undefined) out.stage_date = v.stageDate;
  return out;
};

type Op<K extends PlanOp['op']> = Extract<PlanOp, { op: K }>;

/** Consecutive new buildings, or new reports, are written many rows per statement. */
function runOf<K extends 'building' | 'report'>(ops: readonly PlanOp[], from: number, kind: K): Op<K>[] {
  let to = from;
  while (to < ops.length && ops[to]!.op === kind) to++;
  return ops.slice(from, to) as Op<K>[];
}

export async function applyPlan(trx: Conn, ops: readonly PlanOp[], who: Importer, onStep: (done: number) => void = () => undefined): Promise<void> {
  const ids = new Map<string, number>();
  /** Batches whose buildings or stage events changed: their rollups are brought up to date at the end, in this transaction. */
  const touched = new Set<number>();
  /** Batches whose household records changed: their household rollups likewise. */
  const householdBatches = new Set<number>();
  const id = (r: Ref) => ('id' in r ? r.id : ids.get(r.key)!);
  const now = new Date().toISOString();
  const milestone = (buildingId: number, m: { stage: string; date: string; correctionReason: string | null }) =>
    insertMilestone(trx, {
      building_id: buildingId, stage: m.stage, date: m.date, kind: 'actual', source_id: null, note: 'import', created_at: now,
      is_correction: m.correctionReason ? 1 : 0, correction_reason: m.correctionReason,
    });
  const updated = async (table: 'projects' | 'batches' | 'buildings', rowId: number, version: number, values: Record<string, unknown>) => {
    if (!(await updateVersioned(trx, table, rowId, version, values as never))) throw new ConflictError(table, rowId);
  };
  // The plan refused a change without its reason already; checked again here as the forms do.
  const target = async (scopeType: TargetChange['scopeType'], scopeId: number, c: TargetOpChange, next: TargetChange['next']) => {
    const change: TargetChange = { scopeType, scopeId, stored: c.stored, next, reason: c.reason };
    await recordTargetChange(trx, who.actor, who.asOf, change, checkTargetChange(change, 'target_reason'));
  };
  const nextSeq = new Map<number, number>();
  const buildings = async (run: Op<'building'>[]) => {
    const rows = [];
    for (const op of run) {
      const batchId = id(op.batch);
      touched.add(batchId);
      const seq = nextSeq.get(batchId) ?? (await nextBuildingSeq(trx, batchId));
      nextSeq.set(batchId, seq + 1);
      rows.push({ batch_id: batchId, seq, ...buildingColumns(op.values) });
    }
    const newIds = await insertBuildings(trx, rows);
    await insertMilestones(trx, run.flatMap((op, i) => (op.values.stage !== 'planned' && op.values.stageDate
      ? [{ building_id: newIds[i]!, stage: op.values.stage, date: op.values.stageDate, kind: 'actual' as const, source_id: null, note: 'import', created_at: now }]
      : [])));
  };
  const reports = (run: Op<'report'>[]) => insertReports(trx, run.map(({ values: v, scopeType, scope, source }) => {
    const scopeId = id(scope);
    return {
      scope_type: scopeType, district_id: scopeType === 'district' ? scopeId : null,
      village_id: scopeType === 'village' ? scopeId : null, project_id: scopeType === 'project' ? scopeId : null,
      as_of: v.asOf, planned_area_m2: v.plannedAreaM2, started_area_m2: v.startedAreaM2, delivered_area_m2: v.deliveredAreaM2,
      households_entitled: v.householdsEntitled, households_returned: v.householdsReturned, people_entitled: v.peopleEntitled,
      people_returned: v.peopleReturned, published_start_rate: v.publishedStartRate, published_delivery_rate: v.publishedDeliveryRate,
      published_return_rate: v.publishedReturnRate, source_id: source ? id(source) : null, note: null,
      is_correction: v.isCorrection ? 1 : 0, correction_reason: v.isCorrection ? v.correctionReason : null, created_at: now,
    };
  }));

  let done = 0;
  while (done < ops.length) {
    const op = ops[done]!;
    let step = 1;
    switch (op.op) {
      case 'district':
        ids.set(op.key, await insertDistrict(trx, { name_zh: op.nameZh, name_en: null }));
        break;
      case 'village':
        ids.set(op.key, await insertVillage(trx, {
          district_id: id(op.district), subdistrict_id: null, name_zh: op.nameZh, name_en: null, households_entitled: null,
          people_entitled: null, demolition_date: null, note: null,
        }));
        break;
      case 'project':
        ids.set(op.key, await insertProject(trx, {
          village_id: id(op.village), name_zh: op.nameZh, name_en: null, actual_start: null, actual_completion: null,
          status: 'planned', note: null, source_id: null, ...(projectColumns(op.values) as { kind: ProjectValues['kind'] }),
        }));
        break;
      case 'projectUpdate':
        await updated('projects', op.id, op.version, projectColumns(op.set));
        if (op.target && op.set.plannedCompletion !== undefined) {
          await target('project', op.id, op.target, { date: op.set.plannedCompletion, precision: op.set.plannedCompletionPrecision ?? 'day' });
        }
        break;
      case 'batch': {
        const projectId = id(op.project);
        ids.set(op.key, await insertBatch(trx, {
          project_id: projectId, sequence: await nextBatchSequence(trx, projectId), name_zh: op.nameZh, name_en: null,
          target_delivery_date: op.target, target_precision: op.precision, actual_delivery_date: null, households: null, note: null,
        }));
        break;
      }
      case 'batchUpdate':
        await updated('batches', op.id, op.version, { target_delivery_date: op.target, target_precision: op.precision });
        await target('batch', op.id, op.change, { date: op.target, precision: op.precision });
        break;
      case 'building': {
        const run = runOf(ops, done, 'building');
        await buildings(run);
        step = run.length;
        break;
      }
      case 'buildingUpdate':
        await updated('buildings', op.id, op.version, buildingColumns(op.set));
        if (op.milestone) await milestone(op.id, op.milestone);
        touched.add(await batchOfBuilding(trx, op.id));
        break;
      case 'source':
        ids.set(op.key, await insertSource(trx, { kind: 'staff_entry', title: op.title, publisher: null, published_on: op.publishedOn, url: null, excerpt: null, note: null }));
        break;
      case 'report': {
        const run = runOf(ops, done, 'report');
        await reports(run);
        step = run.length;
        break;
      }
      case 'allowanceRule':
        await replaceAllowanceRule(trx, op.district, op.effectiveFrom, op.steps);
        break;
      case 'households': {
        const batchId = id(op.batch);
        await putHouseholdRecord(trx, { ...op.values, batchId, isCorrection: op.correctionReason !== null, correctionReason: op.correctionReason, sourceId: null, createdAt: now });
        householdBatches.add(batchId);
        break;
      }
    }
    done += step;
    onStep(done);
  }
  await refreshBatches(trx, touched);
  await refreshHouseholds(trx, householdBatches);
}

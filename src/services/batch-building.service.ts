import type { Db } from '../db/create-db';
import { ValidationError } from '../domain/errors';
import { notInFuture, type FieldErrors } from '../domain/rules';
import type { DatePrecision, Stage } from '../domain/types';
import { getBatch, getBuilding, getProject, nextBatchSequence, nextBuildingSeq, updateVersioned } from '../repositories/entity.repository';
import { insertBatch, insertBuilding, insertMilestone } from '../repositories/write.repository';
import type { Actor } from './audit.service';
import { conflictUnless, isUniqueViolation, mustExist, throwIfErrors, writeAudited } from './write-helpers';

export interface BatchInput {
  nameZh: string;
  nameEn: string | null;
  targetDeliveryDate: string | null;
  targetPrecision: DatePrecision;
  actualDeliveryDate: string | null;
  households: number | null;
  note: string | null;
}

function batchErrors(b: BatchInput, asOf: string): FieldErrors {
  const errors: FieldErrors = {};
  notInFuture(errors, 'actualDeliveryDate', b.actualDeliveryDate, asOf);
  return errors;
}

const batchRow = (b: BatchInput) => ({
  name_zh: b.nameZh, name_en: b.nameEn, target_delivery_date: b.targetDeliveryDate, target_precision: b.targetPrecision,
  actual_delivery_date: b.actualDeliveryDate, households: b.households, note: b.note,
});

export async function createBatch(db: Db, actor: Actor, asOf: string, projectId: number, b: BatchInput): Promise<number> {
  throwIfErrors(batchErrors(b, asOf));
  return writeAudited(db, actor, async (trx) => {
    await mustExist(getProject(trx, projectId), 'project', projectId);
    const id = await insertBatch(trx, { ...batchRow(b), project_id: projectId, sequence: await nextBatchSequence(trx, projectId) });
    return { result: id, objectType: 'batch', objectId: id, action: 'create', before: null, after: { projectId, ...b } };
  });
}

export async function updateBatch(db: Db, actor: Actor, asOf: string, id: number, version: number, b: BatchInput): Promise<void> {
  throwIfErrors(batchErrors(b, asOf));
  await writeAudited(db, actor, async (trx) => {
    const before = await mustExist(getBatch(trx, id), 'batch', id);
    conflictUnless(await updateVersioned(trx, 'batches', id, version, batchRow(b)), 'batch', id);
    return { result: undefined, objectType: 'batch', objectId: id, action: 'update', before, after: b };
  });
}

export interface BuildingInput {
  code: string | null;
  floors: number | null;
  floorAreaM2: number | null;
  dwellingUnits: number | null;
  stage: Stage;
  stageDate: string | null;
}

function buildingErrors(b: BuildingInput, asOf: string): FieldErrors {
  const errors: FieldErrors = {};
  notInFuture(errors, 'stageDate', b.stageDate, asOf);
  if (b.stage !== 'planned' && !b.stageDate) errors.stageDate = 'validation.stage_needs_date';
  if (b.floors !== null && b.floors < 1) errors.floors = 'validation.min|1';
  return errors;
}

const buildingRow = (b: BuildingInput) => ({
  code: b.code, floors: b.floors, floor_area_m2: b.floorAreaM2, dwelling_units: b.dwellingUnits, stage: b.stage, stage_date: b.stageDate,
});

/** A new building; its stage, when past `planned`, is also its first milestone. */
export async function createBuilding(db: Db, actor: Actor, asOf: string, batchId: number, b: BuildingInput): Promise<number> {
  throwIfErrors(buildingErrors(b, asOf));
  return writeAudited(db, actor, async (trx) => {
    await mustExist(getBatch(trx, batchId), 'batch', batchId);
    const id = await insertBuilding(trx, { ...buildingRow(b), batch_id: batchId, seq: await nextBuildingSeq(trx, batchId) }).catch((err) => {
      if (isUniqueViolation(err)) throw new ValidationError({ code: 'validation.name_taken' });
      throw err;
    });
    if (b.stage !== 'planned' && b.stageDate) {
      await insertMilestone(trx, { building_id: id, stage: b.stage, date: b.stageDate, kind: 'actual', source_id: null, note: null, created_at: new Date().toISOString() });
    }
    return { result: id, objectType: 'building', objectId: id, action: 'create', before: null, after: { batchId, ...b } };
  });
}

/** Corrects a building's facts. A stage change here is a correction and is recorded as a milestone too. */
export async function updateBuilding(db: Db, actor: Actor, asOf: string, id: number, version: number, b: BuildingInput): Promise<void> {
  throwIfErrors(buildingErrors(b, asOf));
  await writeAudited(db, actor, async (trx) => {
    const before = await mustExist(getBuilding(trx, id), 'building', id);
    conflictUnless(await updateVersioned(trx, 'buildings', id, version, buildingRow(b)), 'building', id);
    if ((before.stage !== b.stage || before.stageDate !== b.stageDate) && b.stageDate) {
      await insertMilestone(trx, { building_id: id, stage: b.stage, date: b.stageDate, kind: 'actual', source_id: null, note: 'correction', created_at: new Date().toISOString() });
    }
    return { result: undefined, objectType: 'building', objectId: id, action: 'update', before, after: b };
  });
}

import type { Db } from '../db/create-db';
import { ValidationError } from '../domain/errors';
import { notInFuture, type FieldErrors } from '../domain/rules';
import type { DatePrecision, Stage } from '../domain/types';
import { deleteBuildingRow, eventsOfBuilding, getBatch, getBuilding, getProject, nextBatchSequence, nextBuildingSeq, updateVersioned } from '../repositories/entity.repository';
import type { Conn } from '../repositories/catalogue.repository';
import type { Building } from '../domain/entities';
import { ConflictError } from '../domain/errors';
import { wouldSetBack } from '../domain/tally';
import { refreshBatches } from './rollup.service';
import { insertBatch, insertBuilding, insertMilestone } from '../repositories/write.repository';
import type { Actor } from './audit.service';
import { checkTargetChange, recordTargetChange, type TargetChange } from './target-revision.service';
import { conflictUnless, isUniqueViolation, mustExist, throwIfErrors, writeAudited } from './write-helpers';

export interface BatchInput {
  nameZh: string;
  nameEn: string | null;
  targetDeliveryDate: string | null;
  targetPrecision: DatePrecision;
  actualDeliveryDate: string | null;
  households: number | null;
  note: string | null;
  /** The note for the English pages; when null they show the Chinese one. */
  noteEn?: string | null;
  /** Why a target already entered changes (a target revision; shown publicly). */
  targetReason?: string | null;
}

function batchErrors(b: BatchInput, asOf: string): FieldErrors {
  const errors: FieldErrors = {};
  notInFuture(errors, 'actualDeliveryDate', b.actualDeliveryDate, asOf);
  return errors;
}

const batchRow = (b: BatchInput) => ({
  name_zh: b.nameZh, name_en: b.nameEn, target_delivery_date: b.targetDeliveryDate, target_precision: b.targetPrecision,
  actual_delivery_date: b.actualDeliveryDate, households: b.households, note: b.note,
  ...(b.noteEn === undefined ? {} : { note_en: b.noteEn }),
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
    const target: TargetChange = {
      scopeType: 'batch', scopeId: id, reason: b.targetReason ?? null,
      stored: { current: { date: before.targetDeliveryDate, precision: before.targetPrecision }, baseline: { date: before.baselineTargetDate, precision: before.baselineTargetPrecision } },
      next: { date: b.targetDeliveryDate, precision: b.targetPrecision },
    };
    conflictUnless(await updateVersioned(trx, 'batches', id, version, batchRow(b)), 'batch', id);
    // after the version check, so that a stale form is told of the conflict, not asked for a reason
    const write = checkTargetChange(target, 'targetReason');
    await recordTargetChange(trx, actor, asOf, target, write);
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
  /** Putting the building back to an earlier stage is a correction: why (shown publicly). */
  correctionReason?: string | null;
  /** Moving the building to another batch (a mistake corrected); its own batch when absent. */
  batchId?: number;
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

/** The building's stage as a milestone, refused when it would set the building back without a reason. */
async function stageEvent(trx: Conn, buildingId: number, b: BuildingInput, fallback: Pick<Building, 'stage' | 'stageDate'>, note: string | null): Promise<void> {
  if (!b.stageDate) return;
  const reason = b.correctionReason?.trim() || null;
  const back = wouldSetBack(await eventsOfBuilding(trx, buildingId), { stage: b.stage, date: b.stageDate, isCorrection: reason !== null }, fallback);
  if (back && !reason) throw new ValidationError({ stage: `validation.stage_back|${back.from}` });
  await insertMilestone(trx, {
    building_id: buildingId, stage: b.stage, date: b.stageDate, kind: 'actual', source_id: null, note, created_at: new Date().toISOString(),
    is_correction: reason ? 1 : 0, correction_reason: reason,
  });
}

/** A new building; its stage, when past `planned`, is also its first milestone. */
export async function createBuilding(db: Db, actor: Actor, asOf: string, batchId: number, b: BuildingInput): Promise<number> {
  throwIfErrors(buildingErrors(b, asOf));
  return writeAudited(db, actor, async (trx) => {
    await mustExist(getBatch(trx, batchId), 'batch', batchId);
    const id = await insertBuilding(trx, { ...buildingRow(b), batch_id: batchId, seq: await nextBuildingSeq(trx, batchId) }).catch((err) => {
      if (isUniqueViolation(err)) throw new ValidationError({ code: 'validation.name_taken' });
      throw err;
    });
    if (b.stage !== 'planned') await stageEvent(trx, id, b, { stage: 'planned', stageDate: null }, null);
    await refreshBatches(trx, [batchId]);
    return { result: id, objectType: 'building', objectId: id, action: 'create', before: null, after: { batchId, ...b } };
  });
}

/**
 * Corrects a building's facts. A new stage or stage date is recorded as a milestone (its stage is
 * derived from them); one that sets the building back needs a correction reason. A building can be
 * moved to another batch of the same project. The rollups of every batch concerned change with it.
 */
export async function updateBuilding(db: Db, actor: Actor, asOf: string, id: number, version: number, b: BuildingInput): Promise<void> {
  throwIfErrors(buildingErrors(b, asOf));
  await writeAudited(db, actor, async (trx) => {
    const before = await mustExist(getBuilding(trx, id), 'building', id);
    const batchId = b.batchId ?? before.batchId;
    if (batchId !== before.batchId) {
      const [from, to] = [await mustExist(getBatch(trx, before.batchId), 'batch', before.batchId), await getBatch(trx, batchId)];
      if (!to || to.projectId !== from.projectId) throw new ValidationError({ batchId: 'validation.batch_other_project' });
    }
    // The stage is derived from the stage events; the form's stage becomes one of them (below).
    const { stage: _stage, stage_date: _date, ...facts } = buildingRow(b);
    if (before.stage !== b.stage && !b.stageDate) throw new ValidationError({ stageDate: 'validation.stage_needs_date' });
    const row = batchId === before.batchId ? facts : { ...facts, batch_id: batchId, seq: await nextBuildingSeq(trx, batchId) };
    conflictUnless(await updateVersioned(trx, 'buildings', id, version, row), 'building', id);
    if (before.stage !== b.stage || before.stageDate !== b.stageDate) await stageEvent(trx, id, b, before, 'correction');
    await refreshBatches(trx, [before.batchId, batchId]);
    return { result: undefined, objectType: 'building', objectId: id, action: 'update', before, after: b };
  });
}

/** A building entered by mistake: it goes with its stage events (kept in the audit record), and the rollups follow. */
export async function deleteBuilding(db: Db, actor: Actor, id: number, version: number): Promise<number> {
  return writeAudited(db, actor, async (trx) => {
    const before = await mustExist(getBuilding(trx, id), 'building', id);
    if (before.version !== version) throw new ConflictError('building', id);
    const events = await eventsOfBuilding(trx, id);
    await deleteBuildingRow(trx, id);
    await refreshBatches(trx, [before.batchId]);
    return { result: before.batchId, objectType: 'building', objectId: id, action: 'delete', before: { ...before, events }, after: null };
  });
}

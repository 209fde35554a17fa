import type { Db } from '../db/create-db';
import type { Project, Village } from '../domain/entities';
import { ValidationError } from '../domain/errors';
import { inOrder, notInFuture, type FieldErrors } from '../domain/rules';
import type { Conn } from '../repositories/catalogue.repository';
import { getProject, getVillage, updateVersioned } from '../repositories/entity.repository';
import { findOrCreateDistrict } from '../repositories/lookup.repository';
import { insertProject, insertVillage } from '../repositories/write.repository';
import type { Actor } from './audit.service';
import { chainAboveProject, chainAboveVillage, projectMoved, villageMoved } from './rollup.service';
import { checkTargetChange, recordTargetChange, type TargetChange } from './target-revision.service';
import { conflictUnless, isUniqueViolation, mustExist, throwIfErrors, writeAudited } from './write-helpers';

export interface VillageInput {
  districtName: string;
  nameZh: string;
  nameEn: string | null;
  householdsEntitled: number | null;
  peopleEntitled: number | null;
  demolitionDate: string | null;
  note: string | null;
  /** Absent: the English note stays as it is. */
  noteEn?: string | null;
}

function villageErrors(v: VillageInput, asOf: string): FieldErrors {
  const errors: FieldErrors = {};
  notInFuture(errors, 'demolitionDate', v.demolitionDate, asOf);
  if (v.householdsEntitled !== null && v.peopleEntitled !== null && v.peopleEntitled < v.householdsEntitled) {
    errors.peopleEntitled = 'validation.people_below_households';
  }
  return errors;
}

/** The row of a village; a sub-district (which no form sets) is kept while the village stays in its district. */
async function villageRow(trx: Conn, v: VillageInput, before?: Village) {
  const districtId = await findOrCreateDistrict(trx, v.districtName);
  return {
    district_id: districtId, subdistrict_id: before?.districtId === districtId ? before.subdistrictId : null, name_zh: v.nameZh, name_en: v.nameEn,
    households_entitled: v.householdsEntitled, people_entitled: v.peopleEntitled, demolition_date: v.demolitionDate, note: v.note, note_en: v.noteEn,
  };
}

const uniqueName = (err: unknown): never => {
  if (isUniqueViolation(err)) throw new ValidationError({ nameZh: 'validation.name_taken' });
  throw err;
};

export async function createVillage(db: Db, actor: Actor, asOf: string, v: VillageInput): Promise<number> {
  throwIfErrors(villageErrors(v, asOf));
  return writeAudited(db, actor, async (trx) => {
    const id = await insertVillage(trx, await villageRow(trx, v)).catch(uniqueName);
    return { result: id, objectType: 'village', objectId: id, action: 'create', before: null, after: v };
  });
}

export async function updateVillage(db: Db, actor: Actor, asOf: string, id: number, version: number, v: VillageInput): Promise<void> {
  throwIfErrors(villageErrors(v, asOf));
  await writeAudited(db, actor, async (trx) => {
    const before: Village = await mustExist(getVillage(trx, id), 'village', id);
    const chainBefore = await chainAboveVillage(trx, id);
    const row = await villageRow(trx, v, before);
    conflictUnless(await updateVersioned(trx, 'villages', id, version, row).catch(uniqueName), 'village', id);
    // Another district: the village's figures leave the old district's rollups and join the new one's.
    if (row.district_id !== before.districtId && chainBefore) await villageMoved(trx, id, chainBefore);
    return { result: undefined, objectType: 'village', objectId: id, action: 'update', before, after: v };
  });
}

/** What staff enter for a project: the entity without what the system keeps itself, and why its planned completion changed. */
export type ProjectInput = Omit<Project, 'id' | 'sourceId' | 'isDemo' | 'version' | 'status' | 'baselineCompletion' | 'baselineCompletionPrecision'> & {
  completionReason?: string | null;
};

function projectErrors(p: ProjectInput, asOf: string): FieldErrors {
  const errors: FieldErrors = {};
  inOrder(errors, 'plannedStart', p.plannedStart, 'plannedCompletion', p.plannedCompletion);
  inOrder(errors, 'actualStart', p.actualStart, 'actualCompletion', p.actualCompletion);
  notInFuture(errors, 'actualStart', p.actualStart, asOf);
  notInFuture(errors, 'actualCompletion', p.actualCompletion, asOf);
  return errors;
}

const projectRow = (p: ProjectInput) => ({
  village_id: p.villageId, name_zh: p.nameZh, name_en: p.nameEn, kind: p.kind, land_area_m2: p.landAreaM2,
  planned_floor_area_m2: p.plannedFloorAreaM2, investment_yuan: p.investmentYuan, developer: p.developer,
  construction_entity: p.constructionEntity, planned_start: p.plannedStart, planned_completion: p.plannedCompletion,
  planned_completion_precision: p.plannedCompletionPrecision, actual_start: p.actualStart,
  actual_completion: p.actualCompletion, halted: p.halted, note: p.note, note_en: p.noteEn,
});

export async function createProject(db: Db, actor: Actor, asOf: string, p: ProjectInput): Promise<number> {
  throwIfErrors(projectErrors(p, asOf));
  return writeAudited(db, actor, async (trx) => {
    await mustExist(getVillage(trx, p.villageId), 'village', p.villageId);
    const id = await insertProject(trx, { ...projectRow(p), source_id: null }).catch(uniqueName);
    return { result: id, objectType: 'project', objectId: id, action: 'create', before: null, after: p };
  });
}

export async function updateProject(db: Db, actor: Actor, asOf: string, id: number, version: number, p: ProjectInput): Promise<void> {
  throwIfErrors(projectErrors(p, asOf));
  await writeAudited(db, actor, async (trx) => {
    const before = await mustExist(getProject(trx, id), 'project', id);
    await mustExist(getVillage(trx, p.villageId), 'village', p.villageId);
    const target: TargetChange = {
      scopeType: 'project', scopeId: id, reason: p.completionReason ?? null,
      stored: { current: { date: before.plannedCompletion, precision: before.plannedCompletionPrecision }, baseline: { date: before.baselineCompletion, precision: before.baselineCompletionPrecision } },
      next: { date: p.plannedCompletion, precision: p.plannedCompletionPrecision },
    };
    const chainBefore = await chainAboveProject(trx, id);
    conflictUnless(await updateVersioned(trx, 'projects', id, version, projectRow(p)).catch(uniqueName), 'project', id);
    // after the version check, so that a stale form is told of the conflict, not asked for a reason
    const write = checkTargetChange(target, 'completionReason');
    await recordTargetChange(trx, actor, asOf, target, write);
    if (p.villageId !== before.villageId && chainBefore) await projectMoved(trx, id, chainBefore);
    return { result: undefined, objectType: 'project', objectId: id, action: 'update', before, after: p };
  });
}

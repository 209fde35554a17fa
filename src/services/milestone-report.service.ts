import type { Db } from '../db/create-db';
import type { Report } from '../domain/entities';
import { NotFoundError, ValidationError } from '../domain/errors';
import { checkReportInput, notInFuture, type FieldErrors, type ReportInput } from '../domain/rules';
import type { Stage } from '../domain/types';
import { advanceBuilding, buildingsOfBatch, getBatch, getBuilding, reportsOfScope, scopeExists } from '../repositories/entity.repository';
import { insertMilestone, insertReport, insertSource } from '../repositories/write.repository';
import type { Actor } from './audit.service';
import { mustExist, throwIfErrors, writeAudited } from './write-helpers';

export interface MilestoneInput {
  target: { kind: 'building'; id: number } | { kind: 'batch'; id: number };
  stage: Stage;
  date: string;
  note: string | null;
}

/** A building, or every building of a batch, reached a stage on a date. */
export async function recordMilestone(db: Db, actor: Actor, asOf: string, m: MilestoneInput): Promise<number> {
  const errors: FieldErrors = {};
  notInFuture(errors, 'date', m.date, asOf);
  throwIfErrors(errors);
  return writeAudited(db, actor, async (trx) => {
    const buildings =
      m.target.kind === 'building'
        ? [await mustExist(getBuilding(trx, m.target.id), 'building', m.target.id)]
        : (await mustExist(getBatch(trx, m.target.id), 'batch', m.target.id), await buildingsOfBatch(trx, m.target.id));
    if (buildings.length === 0) throw new ValidationError({ target: 'validation.batch_empty' });
    const now = new Date().toISOString();
    for (const b of buildings) {
      await insertMilestone(trx, { building_id: b.id, stage: m.stage, date: m.date, kind: 'actual', source_id: null, note: m.note, created_at: now });
      await advanceBuilding(trx, b.id, m.stage, m.date);
    }
    return {
      result: buildings.length, objectType: m.target.kind, objectId: m.target.id, action: 'record_milestone',
      before: { stages: buildings.map((b) => ({ id: b.id, stage: b.stage, stageDate: b.stageDate })) },
      after: { stage: m.stage, date: m.date, buildings: buildings.length, note: m.note },
    };
  });
}

export interface ReportSubmission extends ReportInput {
  scopeType: Report['scopeType'];
  scopeId: number;
  publishedStartRate: number | null;
  publishedDeliveryRate: number | null;
  publishedReturnRate: number | null;
  sourceTitle: string | null;
  note: string | null;
}

/** Reports are history: each submission is a new row, never an overwrite. */
export async function submitReport(db: Db, actor: Actor, asOf: string, r: ReportSubmission): Promise<number> {
  return writeAudited(db, actor, async (trx) => {
    if (!(await scopeExists(trx, r.scopeType, r.scopeId))) throw new NotFoundError(r.scopeType, r.scopeId);
    throwIfErrors(checkReportInput(r, await reportsOfScope(trx, { type: r.scopeType, id: r.scopeId }), asOf));
    const sourceId = r.sourceTitle
      ? await insertSource(trx, { kind: 'staff_entry', title: r.sourceTitle, publisher: null, published_on: r.asOf, url: null, excerpt: null, note: null })
      : null;
    const id = await insertReport(trx, {
      scope_type: r.scopeType,
      district_id: r.scopeType === 'district' ? r.scopeId : null,
      village_id: r.scopeType === 'village' ? r.scopeId : null,
      project_id: r.scopeType === 'project' ? r.scopeId : null,
      as_of: r.asOf, planned_area_m2: r.plannedAreaM2, started_area_m2: r.startedAreaM2, delivered_area_m2: r.deliveredAreaM2,
      households_entitled: r.householdsEntitled, households_returned: r.householdsReturned,
      people_entitled: r.peopleEntitled, people_returned: r.peopleReturned,
      published_start_rate: r.publishedStartRate, published_delivery_rate: r.publishedDeliveryRate,
      published_return_rate: r.publishedReturnRate, source_id: sourceId, note: r.note,
      is_correction: r.isCorrection ? 1 : 0, correction_reason: r.isCorrection ? r.correctionReason : null, created_at: new Date().toISOString(),
    });
    return { result: id, objectType: 'report', objectId: id, action: r.isCorrection ? 'correct_report' : 'create', before: null, after: r };
  });
}

// A batch's household counts as of a day: recorded by staff or imported, audited, and rolled up in
// the same transaction (household-rollup.ts). Counts only, never names.
import type { Db } from '../db/create-db';
import { ValidationError } from '../domain/errors';
import { countProblems, historyProblems, HOUSEHOLD_STEPS, latestOnOrBefore, type HouseholdCounts, type HouseholdField } from '../domain/households';
import { notInFuture, type FieldErrors } from '../domain/rules';
import type { Conn } from '../repositories/catalogue.repository';
import { getBatch } from '../repositories/entity.repository';
import { householdRecordsOf, lockBatch, putHouseholdRecord } from '../repositories/household.repository';
import type { Actor } from './audit.service';
import { refreshHouseholds } from './household-rollup';
import { mustExist, throwIfErrors, writeAudited } from './write-helpers';

/** What staff enter: a count left empty (null) keeps the stored value (the batch's latest record on or before the day). */
export interface HouseholdInput {
  batchId: number;
  asOf: string;
  households: number | null;
  allocated: number | null;
  notices: number | null;
  handedOver: number | null;
  movedIn: number | null;
  certificates: number | null;
  /** Required for a count that falls below an earlier record (a mistake corrected); shown publicly. */
  correctionReason: string | null;
}

/** The field name a rule's problem is shown on, with its message key and what it was compared with. */
const messageOf = (key: string, other: string) => `validation.${key}|${other}`;

/**
 * The record the input makes against the batch's history, or the field errors: each step within the
 * one before it, no count below an earlier record (or above a later one) unless as a correction with
 * a reason. Empty counts are filled from the latest earlier record, households from the batch.
 */
export async function planHouseholdRecord(trx: Conn, input: HouseholdInput, today: string): Promise<{ record: HouseholdCounts; isCorrection: boolean; history: HouseholdCounts[] }> {
  const errors: FieldErrors = {};
  notInFuture(errors, 'asOf', input.asOf, today);
  throwIfErrors(errors);
  const batch = await mustExist(getBatch(trx, input.batchId), 'batch', input.batchId);
  const history = await householdRecordsOf(trx, input.batchId);
  const stored = latestOnOrBefore(history, input.asOf);
  const households = input.households ?? stored?.households ?? batch.households;
  if (households === null) throw new ValidationError({ households: 'validation.required' });
  const record: HouseholdCounts = { asOf: input.asOf, households, allocated: 0, notices: 0, handedOver: 0, movedIn: 0, certificates: 0 };
  for (const s of HOUSEHOLD_STEPS) record[s] = input[s] ?? stored?.[s] ?? 0;
  const problems = countProblems(record);
  const reason = input.correctionReason?.trim() || null;
  const against = historyProblems(history, record);
  const falls = against.filter((p) => p.key === 'households.falls');
  const out: Partial<Record<HouseholdField, string>> = {};
  for (const p of problems) out[p.field] ??= messageOf(p.key, p.other);
  // above a later record: refused even with a reason (that record would fall unmarked)
  for (const p of against) if (p.key !== 'households.falls' || !reason) out[p.field] ??= messageOf(p.key, p.other);
  if (Object.keys(out).length) throw new ValidationError(out as FieldErrors);
  return { record, isCorrection: falls.length > 0, history };
}

/** Records a batch's counts for a day (replacing that day's record), audited, with its rollups. */
export async function recordHouseholds(db: Db, actor: Actor, today: string, input: HouseholdInput): Promise<number> {
  return writeAudited(db, actor, async (trx) => {
    await lockBatch(trx, input.batchId);
    const { record, isCorrection, history } = await planHouseholdRecord(trx, input, today);
    const before = history.find((h) => h.asOf === input.asOf) ?? null;
    const reason = isCorrection ? input.correctionReason!.trim() : null;
    const id = await putHouseholdRecord(trx, { ...record, batchId: input.batchId, isCorrection, correctionReason: reason, sourceId: null, createdAt: new Date().toISOString() });
    await refreshHouseholds(trx, [input.batchId]);
    return {
      result: id, objectType: 'batch', objectId: input.batchId, action: isCorrection ? 'correct_households' : 'record_households',
      before, after: { ...record, ...(reason ? { correctionReason: reason } : {}) },
    };
  });
}

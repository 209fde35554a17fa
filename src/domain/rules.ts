// Business rules of DESIGN.md for what staff submit. Pure: returns { field: messageKey }.
import type { Report } from './entities';
import type { IsoDate } from './types';

export type FieldErrors = Record<string, string>;

export function notInFuture(errors: FieldErrors, field: string, date: IsoDate | null | undefined, asOf: IsoDate): void {
  if (date && date > asOf && !errors[field]) errors[field] = 'validation.future';
}

export function inOrder(errors: FieldErrors, earlierField: string, earlier: IsoDate | null | undefined, laterField: string, later: IsoDate | null | undefined): void {
  if (earlier && later && later < earlier && !errors[laterField]) errors[laterField] = `validation.date_order|${earlierField}`;
}

function notAbove(errors: FieldErrors, field: string, value: number | null, limitField: string, limit: number | null): void {
  if (value !== null && limit !== null && value > limit && !errors[field]) errors[field] = `validation.not_above|${limitField}`;
}

/** The quantities of a report that the rules judge (the fields of the Report entity). */
export type ReportInput = Pick<
  Report,
  'asOf' | 'plannedAreaM2' | 'startedAreaM2' | 'deliveredAreaM2' | 'householdsEntitled' | 'householdsReturned'
  | 'peopleEntitled' | 'peopleReturned' | 'isCorrection' | 'correctionReason'
>;

const CUMULATIVE = ['startedAreaM2', 'deliveredAreaM2', 'householdsReturned', 'peopleReturned'] as const;

/**
 * delivered ≤ started ≤ planned, returned ≤ entitled, no future date, and a cumulative figure below
 * the previous report only as a correction with a reason.
 */
export function checkReportInput(r: ReportInput, previous: Report | null, asOf: IsoDate): FieldErrors {
  const errors: FieldErrors = {};
  notInFuture(errors, 'asOf', r.asOf, asOf);
  notAbove(errors, 'startedAreaM2', r.startedAreaM2, 'plannedAreaM2', r.plannedAreaM2);
  notAbove(errors, 'deliveredAreaM2', r.deliveredAreaM2, 'startedAreaM2', r.startedAreaM2);
  notAbove(errors, 'deliveredAreaM2', r.deliveredAreaM2, 'plannedAreaM2', r.plannedAreaM2);
  notAbove(errors, 'peopleReturned', r.peopleReturned, 'peopleEntitled', r.peopleEntitled);
  notAbove(errors, 'householdsReturned', r.householdsReturned, 'householdsEntitled', r.householdsEntitled);
  const values = [r.startedAreaM2, r.deliveredAreaM2, r.householdsReturned, r.peopleReturned, r.peopleEntitled, r.householdsEntitled, r.plannedAreaM2];
  if (values.every((v) => v === null)) errors.startedAreaM2 ??= 'validation.report_empty';
  if (r.isCorrection && !r.correctionReason) errors.correctionReason = 'validation.correction_reason';
  if (previous && !r.isCorrection) {
    for (const f of CUMULATIVE) {
      const before = previous[f];
      const now = r[f];
      if (before !== null && now !== null && now < before && !errors[f]) errors[f] = 'validation.cumulative_fell';
    }
  }
  return errors;
}

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
type Cumulative = (typeof CUMULATIVE)[number];

/** Another report of the same scope, as far as the cumulative check reads it. */
export type OtherReport = Pick<Report, 'asOf' | Cumulative>;

/**
 * For each cumulative figure, the value of the latest report on or before `asOf` that gives it, and
 * of the earliest report after `asOf` that gives it. `others` is in the order the reports were
 * made (date, then id); a later entry of the same date is the later report.
 */
export function neighbourFigures(others: readonly OtherReport[], asOf: IsoDate): { before: Record<Cumulative, number | null>; after: Record<Cumulative, number | null> } {
  const byDate = [...others].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0)); // stable: keeps the order of a date
  const before = { startedAreaM2: null, deliveredAreaM2: null, householdsReturned: null, peopleReturned: null } as Record<Cumulative, number | null>;
  const after = { ...before };
  for (const o of byDate) {
    for (const f of CUMULATIVE) {
      const v = o[f];
      if (v === null) continue;
      if (o.asOf <= asOf) before[f] = v;
      else after[f] ??= v;
    }
  }
  return { before, after };
}

/**
 * delivered ≤ started ≤ planned, returned ≤ entitled, no future date, and a cumulative figure neither
 * below the last earlier report that gives it nor above the next later one (a back-dated report) but
 * as a correction with a reason. `others` are the scope's other reports, in the order they were made.
 */
export function checkReportInput(r: ReportInput, others: readonly OtherReport[], asOf: IsoDate): FieldErrors {
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
  if (!r.isCorrection) {
    const { before, after } = neighbourFigures(others, r.asOf);
    for (const f of CUMULATIVE) {
      const now = r[f];
      if (now === null || errors[f]) continue;
      if (before[f] !== null && now < before[f]) errors[f] = 'validation.cumulative_fell';
      else if (after[f] !== null && now > after[f]) errors[f] = 'validation.cumulative_above_next';
    }
  }
  return errors;
}

// Deadlines judged against `asOf`: a target that passed with no report of delivery is overdue.
import type { DeadlineStatus, IsoDate } from './types';
import { compareIso, daysBetween } from './dates';
import { countsAsDone } from './target-history';

export interface DeadlineInput {
  targetDate: IsoDate | null;
  deliveredOn: IsoDate | null;
  forecastDate: IsoDate | null;
  asOf: IsoDate;
}

export interface DeadlineResult {
  status: DeadlineStatus | null;
  /** Whole days past the target (0 when not late); null when there is no target. */
  daysLate: number | null;
}

const DAYS_PER_MONTH = 365.25 / 12;

/**
 * A delivery dated after `asOf` has not happened yet as far as `asOf` is concerned. `deliveredOn` is
 * a confirmed date (from a record); a forecast never reaches here (target-history.ts, countsAsDone).
 */
function deliveredBy(deliveredOn: IsoDate | null, asOf: IsoDate): IsoDate | null {
  return countsAsDone('confirmed', deliveredOn, asOf) ? deliveredOn : null;
}

export function deadlineStatus(input: DeadlineInput): DeadlineResult {
  const { targetDate, forecastDate, asOf } = input;
  if (targetDate === null) return { status: null, daysLate: null };
  const delivered = deliveredBy(input.deliveredOn, asOf);
  if (delivered !== null) {
    return { status: 'delivered', daysLate: Math.max(0, daysBetween(targetDate, delivered)) };
  }
  if (compareIso(targetDate, asOf) < 0) {
    return { status: 'overdue', daysLate: daysBetween(targetDate, asOf) };
  }
  if (forecastDate !== null && compareIso(forecastDate, targetDate) > 0) {
    return { status: 'at_risk', daysLate: 0 };
  }
  return { status: 'on_track', daysLate: 0 };
}

export interface Staleness {
  lastReported: IsoDate | null;
  daysSince: number | null;
  stale: boolean;
}

/** A scope nobody has reported on is stale by definition: we know nothing current about it. */
export function staleness(
  lastReported: IsoDate | null,
  asOf: IsoDate,
  staleAfterDays: number,
): Staleness {
  if (lastReported === null) return { lastReported, daysSince: null, stale: true };
  const daysSince = daysBetween(lastReported, asOf);
  return { lastReported, daysSince, stale: daysSince > staleAfterDays };
}

export interface CostOfDelayInput {
  householdsNotReturned: number | null;
  monthlyAllowanceYuanPerHousehold: number | null;
  targetDate: IsoDate | null;
  deliveredOn: IsoDate | null;
  asOf: IsoDate;
}

export interface CostOfDelay {
  /** Rounded to one decimal for display; the cost uses the unrounded value. */
  monthsLate: number;
  costYuan: number;
}

/** Allowance paid because flats came late: households × monthly allowance × months past target. */
export function costOfDelay(input: CostOfDelayInput): CostOfDelay | null {
  const { householdsNotReturned, monthlyAllowanceYuanPerHousehold, targetDate, asOf } = input;
  if (householdsNotReturned === null || monthlyAllowanceYuanPerHousehold === null) return null;
  if (targetDate === null) return null;
  const end = deliveredBy(input.deliveredOn, asOf) ?? asOf;
  const daysLate = daysBetween(targetDate, end);
  // Stryker disable next-line EqualityOperator: 0 days late costs 0 by the formula below as well
  if (daysLate <= 0) return { monthsLate: 0, costYuan: 0 };
  const months = daysLate / DAYS_PER_MONTH;
  return {
    monthsLate: Math.round(months * 10) / 10,
    costYuan: Math.round(householdsNotReturned * monthlyAllowanceYuanPerHousehold * months),
  };
}

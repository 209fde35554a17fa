// A batch's household ladder for its public page: 交付 → 选房 → 交房 → 入住 → 办证, each step with its
// count over the households, the day it got there and how long the step now under way has taken;
// the keys-to-certificate wait; and the cost of delay by the district's allowance rules.
import { costOfDelayByRules, type AllowanceRule, type CostOfDelayByRules } from '../../domain/allowance';
import { daysBetween } from '../../domain/dates';
import { certificateWait, latestOnOrBefore, rateOf, type CertificateWait, type HouseholdCounts, type HouseholdLadder, type Rate } from '../../domain/households';
import type { Batch, Report } from '../../domain/entities';
import type { BatchSummary } from '../../domain/scopes';
import type { IsoDate } from '../../domain/types';

/** The steps the page shows, in order; notices are shown with the keys (a notice comes just before them). */
export const LADDER = ['allocated', 'notices', 'handedOver', 'movedIn', 'certificates'] as const;
export type LadderStep = (typeof LADDER)[number];

export interface LadderStepVm {
  step: LadderStep;
  count: number;
  rate: Rate;
  /** The day its count was first what it is now (the last change); null at 0. */
  since: IsoDate | null;
  /** Every household has reached it. */
  done: boolean;
  /** The first step not done: how many days it has been under way (since its first household), else null. */
  daysUnderWay: number | null;
}

export interface HouseholdLadderVm {
  /** The latest record known on the day; its date. */
  asOf: IsoDate;
  households: number;
  /** Delivery, from the batch's own deadline: the ladder's first rung. */
  deliveredOn: IsoDate | null;
  steps: LadderStepVm[];
  wait: CertificateWait | null;
  lagMonths: number;
  /** How many records there are (the records the figures come from, shown in the table). */
  records: HouseholdCounts[];
}

/** The first day a step's count was at least `n`, among records oldest first. */
const firstAtLeast = (sorted: readonly HouseholdCounts[], step: LadderStep, n: number): IsoDate | null => sorted.find((r) => r[step] >= n)?.asOf ?? null;

export function householdLadderVm(records: readonly HouseholdCounts[], summary: BatchSummary, asOf: IsoDate, lagMonths: number): HouseholdLadderVm | null {
  const known = records.filter((r) => r.asOf <= asOf).sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  const latest = latestOnOrBefore(known, asOf);
  if (!latest) return null;
  let underWayFound = false;
  const steps = LADDER.map((step): LadderStepVm => {
    const count = latest[step];
    const done = latest.households > 0 && count >= latest.households;
    let daysUnderWay: number | null = null;
    if (!done && !underWayFound) {
      underWayFound = true;
      const started = firstAtLeast(known, step, 1);
      daysUnderWay = started === null ? null : daysBetween(started, asOf);
    }
    return { step, count, rate: rateOf(count, latest.households), since: count > 0 ? firstAtLeast(known, step, count) : null, done, daysUnderWay };
  });
  return {
    asOf: latest.asOf, households: latest.households, deliveredOn: summary.deadline.deliveredOn, steps,
    wait: certificateWait(known, asOf, lagMonths), lagMonths, records: known,
  };
}

/** The cost of delay of a batch by its district's rules: past its original target, to the forecast. */
export function batchCostByRules(batch: Batch, summary: BatchSummary, records: readonly HouseholdCounts[], rules: readonly AllowanceRule[], asOf: IsoDate): CostOfDelayByRules | null {
  if (rules.length === 0) return null;
  // delivered: keys still to come have no forecast of their own; a target already passed is no
  // forecast either: nothing is projected then, and the page says why
  const ahead = (d: IsoDate | null) => (d !== null && d >= asOf ? d : null);
  const forecastDelivery = summary.deadline.deliveredOn ? null : ahead(summary.forecast.kind === 'forecast' ? summary.forecast.date : batch.targetDeliveryDate);
  return costOfDelayByRules({ originalTarget: batch.baselineTargetDate ?? batch.targetDeliveryDate, households: batch.households, history: records, rules, asOf, forecastDelivery });
}

/** A project's, village's or district's household rates, with the households returned its latest report gives beside them. */
export interface HouseholdRatesVm {
  asOf: IsoDate | null;
  households: number;
  steps: { step: LadderStep; count: number; rate: number | null }[];
  /** The latest report known on the day that gives households returned, to set beside the counted "moved in". */
  reported: { asOf: IsoDate; householdsReturned: number } | null;
  /** The report and the records disagree on how many households are back. */
  differs: boolean;
  /**
   * A district's 首套房回迁 (every household to be resettled has had keys to a flat): the day, computed
   * from the records, never typed; null while households wait, or while `unrecorded` batches (any
   * not known to have no households) have no records yet: their households cannot be known to have keys.
   */
  firstFlat?: { on: IsoDate | null; unrecorded: number };
}

/** The households moved back and their share, from a scope's household records: where there are any, the return rate comes from them. */
export function movedInOf(ladder: HouseholdLadder | undefined): { count: number; rate: number | null } | null {
  return ladder ? { count: ladder.counts.movedIn, rate: ladder.rates.movedIn.rate } : null;
}

/** A district's household rates with its 首套房回迁 day (see HouseholdRatesVm.firstFlat). */
export function districtHouseholdRatesVm(ladder: HouseholdLadder | undefined, reports: readonly Report[], asOf: IsoDate, batches: readonly Batch[], recorded: ReadonlyMap<number, unknown>): HouseholdRatesVm | null {
  const vm = householdRatesVm(ladder, reports, asOf);
  if (!vm) return null;
  // a batch with no records cannot be known to be done, unless it is known to have no households
  const unrecorded = batches.filter((b) => b.households !== 0 && !recorded.has(b.id)).length;
  return { ...vm, firstFlat: { on: unrecorded === 0 ? ladder?.allKeysOn ?? null : null, unrecorded } };
}

export function householdRatesVm(ladder: HouseholdLadder | undefined, reports: readonly Report[], asOf: IsoDate): HouseholdRatesVm | null {
  if (!ladder) return null;
  let reported: HouseholdRatesVm['reported'] = null;
  for (const r of reports) {
    if (r.asOf > asOf || r.householdsReturned === null) continue;
    if (!reported || r.asOf > reported.asOf) reported = { asOf: r.asOf, householdsReturned: r.householdsReturned };
  }
  return {
    asOf: ladder.asOf, households: ladder.households,
    steps: LADDER.map((step) => ({ step, count: ladder.counts[step], rate: ladder.rates[step].rate })),
    reported, differs: reported !== null && reported.householdsReturned !== ladder.counts.movedIn,
  };
}

// The transitional allowance (过渡安置费) a district pays while a family waits for its keys, by the
// district's own dated rules, and the part of it that is the cost of delay: what is paid for the
// months past the batch's original target. Month by month, from the batch's household history.
import { endOfMonth } from './dates';
import { latestOnOrBefore, type HouseholdCounts } from './households';
import type { IsoDate } from './types';

export const ALLOWANCE_BASES = ['household', 'm2'] as const;
export type AllowanceBasis = (typeof ALLOWANCE_BASES)[number];
/**
 * Until when a household is paid: to the end of the month its keys were handed over (the default),
 * or to the end of the month after its delivery notice.
 */
export const PAID_UNTIL = ['handover_month', 'notice_next_month'] as const;
export type PaidUntil = (typeof PAID_UNTIL)[number];

/** One escalation step of a district's rule; the rows with one `effectiveFrom` are one rule. */
export interface AllowanceRule {
  districtId: number;
  effectiveFrom: IsoDate;
  basis: AllowanceBasis;
  /** Yuan per month, per household or per m². */
  amountYuan: number;
  /** Per m² only: the area a household is paid for at least. */
  minAreaM2: number | null;
  /** The step applies from month `afterMonths + 1` past the target (0: from the first month). */
  afterMonths: number;
  multiplier: number;
  paidUntil: PaidUntil;
}

/** A calendar month as `YYYY-MM`. */
export type Month = string;

const monthOf = (d: IsoDate): Month => d.slice(0, 7);
function addMonths(m: Month, n: number): Month {
  const i = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}
const lastDay = (m: Month): IsoDate => endOfMonth(Number(m.slice(0, 4)), Number(m.slice(5, 7)));
const firstDay = (m: Month): IsoDate => `${m}-01`;
/** Months from `a` to `b` (b − a). */
const monthsBetween = (a: Month, b: Month) => (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

/** The rule in force in a month: the steps with the latest `effectiveFrom` on or before its first day. */
export function ruleInForce(rules: readonly AllowanceRule[], month: Month): AllowanceRule[] {
  const day = firstDay(month);
  let from: IsoDate | null = null;
  for (const r of rules) if (r.effectiveFrom <= day && (from === null || r.effectiveFrom > from)) from = r.effectiveFrom;
  return from === null ? [] : rules.filter((r) => r.effectiveFrom === from);
}

/** The step of a rule for the k-th month past the target: the one with the largest `afterMonths` below k. */
export function stepFor(steps: readonly AllowanceRule[], monthPastTarget: number): AllowanceRule | null {
  let best: AllowanceRule | null = null;
  for (const s of steps) if (s.afterMonths < monthPastTarget && (best === null || s.afterMonths > best.afterMonths)) best = s;
  return best;
}

/** Yuan a household is paid in a month under a step (per m²: for the minimum area, the least it is owed). */
export function perHousehold(step: AllowanceRule): number {
  return step.basis === 'household' ? step.amountYuan * step.multiplier : step.amountYuan * (step.minAreaM2 ?? 0) * step.multiplier;
}

/** Households still paid in a month: those whose handover (or notice) was not yet counted before the paid-until month ended. */
export function paidHouseholds(history: readonly HouseholdCounts[], month: Month, paidUntil: PaidUntil, households: number): number {
  // handover_month: keys handed over in month M end the payment after M, so M is paid for
  // everyone without keys at the end of M−1; notice_next_month: paid through the month after the notice.
  const cutoff = lastDay(addMonths(month, paidUntil === 'handover_month' ? -1 : -2));
  const r = latestOnOrBefore(history, cutoff);
  const done = r ? (paidUntil === 'handover_month' ? r.handedOver : r.notices) : 0;
  return Math.max(0, households - done);
}

export interface AllowanceMonth {
  month: Month;
  /** Months past the original target (1: the month after the target's month). */
  monthPastTarget: number;
  households: number;
  yuanPerHousehold: number;
  multiplier: number;
  yuan: number;
  /** Projected (after `asOf`'s month), not paid yet. */
  projected: boolean;
}

export type AllowanceMissing = 'target' | 'households' | 'household_records' | 'rule' | 'min_area' | 'forecast';

export interface CostOfDelayByRules {
  /** Paid for the months past the target up to and including `asOf`'s month. */
  toDateYuan: number;
  /** What `asOf`'s month costs. */
  thisMonthYuan: number;
  /** From the month after `asOf`'s to the forecast delivery, households without keys paid until then; null without a forecast. */
  projectedYuan: number | null;
  months: AllowanceMonth[];
  /** Inputs missing: with `household_records` the figure assumes no household has keys yet; with `min_area`, per m² is paid for 0 m². */
  missing: AllowanceMissing[];
  /** The rule's effective dates the months used. */
  rulesUsed: IsoDate[];
}

export interface CostOfDelayByRulesInput {
  /** The original target (the baseline): the cost of delay is what is paid past it. */
  originalTarget: IsoDate | null;
  /** Households to resettle in the batch; the latest household record's count wins when there is one. */
  households: number | null;
  history: readonly HouseholdCounts[];
  rules: readonly AllowanceRule[];
  asOf: IsoDate;
  /** The forecast (or target) delivery, when the batch is not delivered: the projection runs to its month. */
  forecastDelivery: IsoDate | null;
}

/**
 * The allowance paid for the months past the original target, month by month: the households
 * without keys × the amount in force × the multiplier in force, under "paid until the end of the
 * month of handover" (or of the month after the notice, where the rule says so). A month counts once
 * it has begun by `asOf`. Null when there is no target, no household count or no rule at all.
 */
export function costOfDelayByRules(input: CostOfDelayByRulesInput): CostOfDelayByRules | null {
  const missing: AllowanceMissing[] = [];
  const known = input.history.filter((h) => h.asOf <= input.asOf);
  const latest = latestOnOrBefore(known, input.asOf);
  const households = latest?.households ?? input.households;
  if (input.originalTarget === null) missing.push('target');
  if (households === null) missing.push('households');
  if (input.rules.length === 0) missing.push('rule');
  if (input.originalTarget === null || households === null || input.rules.length === 0) return null;
  if (known.length === 0) missing.push('household_records');
  const targetMonth = monthOf(input.originalTarget);
  const nowMonth = monthOf(input.asOf);
  // Still paid after asOf's month: those without keys (or, where the rule pays to the month after the
  // notice, without a notice), as the latest record counts them, until the delivery month.
  const waiting = (paidUntil: PaidUntil) => Math.max(0, households - (latest ? (paidUntil === 'handover_month' ? latest.handedOver : latest.notices) : 0));
  const nextStep = stepFor(ruleInForce(input.rules, addMonths(nowMonth, 1)), monthsBetween(targetMonth, addMonths(nowMonth, 1)));
  const allDone = latest !== undefined && waiting(nextStep?.paidUntil ?? 'handover_month') === 0;
  const months: AllowanceMonth[] = [];
  const used = new Set<IsoDate>();
  const monthFor = (m: Month, projected: boolean): AllowanceMonth | null => {
    const k = monthsBetween(targetMonth, m);
    const step = stepFor(ruleInForce(input.rules, m), k);
    if (!step) return null;
    if (step.basis === 'm2' && step.minAreaM2 === null && !missing.includes('min_area')) missing.push('min_area');
    const paid = projected ? waiting(step.paidUntil) : paidHouseholds(known, m, step.paidUntil, households);
    used.add(step.effectiveFrom);
    const each = perHousehold(step);
    return { month: m, monthPastTarget: k, households: paid, yuanPerHousehold: each, multiplier: step.multiplier, yuan: paid * each, projected };
  };
  for (let m = addMonths(targetMonth, 1); m <= nowMonth; m = addMonths(m, 1)) {
    const row = monthFor(m, false);
    if (row) months.push(row);
  }
  let projectedYuan: number | null = null;
  if (allDone) projectedYuan = 0;
  else if (input.forecastDelivery === null) missing.push('forecast');
  else {
    projectedYuan = 0;
    const until = monthOf(input.forecastDelivery);
    for (let m = addMonths(nowMonth, 1); m <= until; m = addMonths(m, 1)) {
      if (monthsBetween(targetMonth, m) < 1) continue;
      const row = monthFor(m, true);
      if (!row) continue;
      months.push(row);
      projectedYuan += row.yuan;
    }
  }
  const paidMonths = months.filter((m) => !m.projected);
  return {
    toDateYuan: paidMonths.reduce((s, m) => s + m.yuan, 0),
    thisMonthYuan: paidMonths.find((m) => m.month === nowMonth)?.yuan ?? 0,
    projectedYuan,
    months,
    missing,
    rulesUsed: [...used].sort(),
  };
}

/** An escalation step as typed: "after N months past the target, × k". */
export interface Escalation { afterMonths: number; multiplier: number }

/**
 * Escalation steps written as `18×1.5, 24×2` (also `18x1.5`, `18:1.5`, `18*1.5`; separated by commas,
 * 、, ； or new lines; full-width digits read as digits): months past the target (a whole number
 * from 1) and the multiplier from the month after them (above 0). Null when the text does not read
 * so, or names one month twice. The step from the first month (× 1) is implied.
 */
export function parseEscalation(text: string): Escalation[] | null {
  const normal = text.replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
  if (normal === '') return [];
  const out: Escalation[] = [];
  for (const part of normal.split(/[,，、;；\n]+/)) {
    const item = part.trim();
    if (item === '') continue;
    const m = /^(\d{1,3})\s*[×xX*:：]\s*(\d{1,2}(?:\.\d{1,3})?)$/.exec(item);
    if (!m) return null;
    const afterMonths = Number(m[1]);
    const multiplier = Number(m[2]);
    if (afterMonths < 1 || multiplier <= 0 || out.some((e) => e.afterMonths === afterMonths)) return null;
    out.push({ afterMonths, multiplier });
  }
  return out.sort((a, b) => a.afterMonths - b.afterMonths);
}

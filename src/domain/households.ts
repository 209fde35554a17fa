// A batch's households after delivery, counted, never named: dated cumulative counts of the steps a
// family goes through (选房 → 交房通知 → 交房 → 入住 → 办证), the rules they obey, and the figures
// taken from them. Pure: the records come in, the figures go out.
import { daysBetween, endOfMonth } from './dates';
import type { IsoDate } from './types';

/** The steps, in the order a household goes through them; each is a cumulative count. */
export const HOUSEHOLD_STEPS = ['allocated', 'notices', 'handedOver', 'movedIn', 'certificates'] as const;
export type HouseholdStep = (typeof HOUSEHOLD_STEPS)[number];

/**
 * Which count each one may not exceed: every step is bounded by the one a household must have gone
 * through first (keys need a notice, a notice an allocated flat), moving in and the certificate both by the keys.
 */
export const BOUNDED_BY: Readonly<Record<HouseholdStep, HouseholdStep | 'households'>> = {
  allocated: 'households',
  notices: 'allocated',
  handedOver: 'notices',
  movedIn: 'handedOver',
  certificates: 'handedOver',
};

/** One record: the counts as of a day. */
export interface HouseholdCounts {
  asOf: IsoDate;
  households: number;
  allocated: number;
  notices: number;
  handedOver: number;
  movedIn: number;
  certificates: number;
}

export type HouseholdField = 'households' | HouseholdStep;
/** A broken rule, by the field it is about and a message key. */
export interface HouseholdProblem {
  field: HouseholdField;
  key: 'households.exceeds' | 'households.falls' | 'households.above_later' | 'households.not_count';
  /** The field it is compared with (exceeds), or the date of the record before (falls) or after it (above_later). */
  other: string;
}

const isCount = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** The rules one record obeys on its own: whole counts, each step within the one before it. */
export function countProblems(c: HouseholdCounts): HouseholdProblem[] {
  const out: HouseholdProblem[] = [];
  for (const f of ['households', ...HOUSEHOLD_STEPS] as const) if (!isCount(c[f])) out.push({ field: f, key: 'households.not_count', other: '' });
  if (out.length) return out;
  for (const step of HOUSEHOLD_STEPS) {
    const bound = BOUNDED_BY[step];
    if (c[step] > c[bound]) out.push({ field: step, key: 'households.exceeds', other: bound });
  }
  return out;
}

/**
 * The rules a new record obeys against the stored history: no cumulative count falls below the
 * record it replaces (one of the same day) or else the latest earlier one (`falls`: only a
 * correction, with its reason, may do that), and none exceeds a later record (`above_later`: never,
 * since that later record would then fall unmarked; it is corrected first).
 */
export function historyProblems(history: readonly HouseholdCounts[], next: HouseholdCounts): HouseholdProblem[] {
  const out: HouseholdProblem[] = [];
  const before = latestOnOrBefore(history, next.asOf);
  const after = history.filter((h) => h.asOf > next.asOf).sort((a, b) => (a.asOf < b.asOf ? -1 : 1))[0];
  for (const step of HOUSEHOLD_STEPS) {
    if (before && next[step] < before[step]) out.push({ field: step, key: 'households.falls', other: before.asOf });
    else if (after && next[step] > after[step]) out.push({ field: step, key: 'households.above_later', other: after.asOf });
  }
  return out;
}

/** The latest record dated on or before `day` (strictly before with `strict`), or undefined. */
export function latestOnOrBefore(history: readonly HouseholdCounts[], day: IsoDate, strict = false): HouseholdCounts | undefined {
  let best: HouseholdCounts | undefined;
  for (const h of history) {
    const inRange = strict ? h.asOf < day : h.asOf <= day;
    if (inRange && (!best || h.asOf > best.asOf)) best = h;
  }
  return best;
}

/** A rate with what it is made of; `null` when the denominator is unknown or zero. */
export interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export const rateOf = (numerator: number, denominator: number): Rate => ({ numerator, denominator, rate: denominator > 0 ? numerator / denominator : null });

/** The ladder of a scope as of a day: its counts (sums over its batches) and their rates over its households. */
export interface HouseholdLadder {
  /** The last day, on or before the day asked for, that a count changed (a record repeating the one before changes nothing). */
  asOf: IsoDate | null;
  households: number;
  counts: Record<HouseholdStep, number>;
  rates: Record<HouseholdStep, Rate>;
  /** From a scope's rollup only: the day every household counted had its keys, and still has (household-changes.ts). */
  allKeysOn?: IsoDate | null;
}

/** Sums the latest record known on `asOf` of each batch; batches without one add nothing. */
export function ladderOf(histories: readonly (readonly HouseholdCounts[])[], asOf: IsoDate): HouseholdLadder | null {
  let any = false;
  let latest: IsoDate | null = null;
  let households = 0;
  const counts = { allocated: 0, notices: 0, handedOver: 0, movedIn: 0, certificates: 0 };
  for (const h of histories) {
    const r = latestOnOrBefore(h, asOf);
    if (!r) continue;
    any = true;
    const changed = lastChange(h, asOf);
    if (changed !== null && (latest === null || changed > latest)) latest = changed;
    households += r.households;
    for (const s of HOUSEHOLD_STEPS) counts[s] += r[s];
  }
  // records that never counted anything say nothing (as the rollup, which keeps no row for them)
  if (!any || latest === null) return null;
  const rates = Object.fromEntries(HOUSEHOLD_STEPS.map((s) => [s, rateOf(counts[s], households)])) as Record<HouseholdStep, Rate>;
  return { asOf: latest, households, counts, rates };
}

const sameCounts = (a: HouseholdCounts, b: HouseholdCounts) => a.households === b.households && HOUSEHOLD_STEPS.every((s) => a[s] === b[s]);

/** The latest record on or before `asOf` whose counts differ from the record before it (the first record always does, unless all zero). */
function lastChange(history: readonly HouseholdCounts[], asOf: IsoDate): IsoDate | null {
  const known = history.filter((h) => h.asOf <= asOf).sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  const zero: HouseholdCounts = { asOf: '', households: 0, allocated: 0, notices: 0, handedOver: 0, movedIn: 0, certificates: 0 };
  let out: IsoDate | null = null;
  known.forEach((h, i) => { if (!sameCounts(h, known[i - 1] ?? zero)) out = h.asOf; });
  return out;
}

/** The day a step's cumulative count first reached `k` (records in any order), or null. */
function dayReached(sorted: readonly HouseholdCounts[], step: HouseholdStep, k: number): IsoDate | null {
  for (const h of sorted) if (h[step] >= k) return h.asOf;
  return null;
}

export interface CertificateWait {
  /** Median days from keys to certificate of the households that have one; null when none has. */
  medianDays: number | null;
  /** Days the household waiting longest (keys, no certificate) has waited on `asOf`; null when none waits. */
  longestWaitingDays: number | null;
  /** Households with keys and no certificate. */
  waiting: number;
  /** The longest wait passed `lagMonths` calendar months (keys on 1 March, 12 months: late from 2 March a year on). */
  lagging: boolean;
}

/**
 * How long households wait from keys to certificate. The records count households, not which ones,
 * so certificates are taken to go in the order the keys did (the first household handed its keys
 * is the first to get its certificate): the k-th certificate's wait is from the day the k-th key was
 * handed over to the day the k-th certificate was issued.
 */
export function certificateWait(history: readonly HouseholdCounts[], asOf: IsoDate, lagMonths: number): CertificateWait | null {
  const known = history.filter((h) => h.asOf <= asOf).sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  const last = known[known.length - 1];
  if (!last || last.handedOver === 0) return null;
  // Households group by the pair of records at which their key and certificate were first counted:
  // walking both step functions together gives each group's size and wait without a loop per household.
  const waits: { days: number; n: number }[] = [];
  let k = 0;
  while (k < last.certificates) {
    const cert = dayReached(known, 'certificates', k + 1)!;
    const key = dayReached(known, 'handedOver', k + 1) ?? cert;
    // the next household whose key or certificate day differs starts a new group
    const sameCert = known.find((h) => h.asOf === cert)!.certificates;
    const sameKey = known.find((h) => h.asOf === key)!.handedOver;
    const upTo = Math.min(sameCert, sameKey, last.certificates);
    waits.push({ days: Math.max(0, daysBetween(key, cert)), n: upTo - k });
    k = upTo;
  }
  const waiting = last.handedOver - last.certificates;
  const firstWaiting = waiting > 0 ? dayReached(known, 'handedOver', last.certificates + 1) : null;
  const longestWaitingDays = firstWaiting === null ? null : daysBetween(firstWaiting, asOf);
  return {
    medianDays: median(waits),
    longestWaitingDays,
    waiting,
    lagging: firstWaiting !== null && addCalendarMonths(firstWaiting, lagMonths) < asOf,
  };
}

/** The same day `n` months on (2024-01-31 + 1 month = 2024-02-29: the month's last day where it has no such day). */
export function addCalendarMonths(d: IsoDate, n: number): IsoDate {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const i = y * 12 + (m - 1) + n;
  const year = Math.floor(i / 12);
  const month = (i % 12) + 1;
  const last = Number(endOfMonth(year, month).slice(8, 10));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** The median of values given with their multiplicities: the middle one, or the mean of the two middle ones. */
function median(groups: readonly { days: number; n: number }[]): number | null {
  const total = groups.reduce((s, g) => s + g.n, 0);
  if (total === 0) return null;
  const sorted = [...groups].sort((a, b) => a.days - b.days);
  const at = (i: number) => {
    let seen = 0;
    for (const g of sorted) {
      seen += g.n;
      if (i < seen) return g.days;
    }
    return sorted[sorted.length - 1]!.days;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

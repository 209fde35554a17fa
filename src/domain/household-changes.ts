// The rollup of household counts: a batch's records as the differences from one to the next, so that
// a scope's counts on a day are the sum of its rows up to that day (a prefix sum), whatever its size.
// The same idea as the stage changes of tally.ts, for the household ladder.
import { HOUSEHOLD_STEPS, rateOf, type HouseholdCounts, type HouseholdLadder } from './households';
import type { IsoDate } from './types';

export const COUNT_FIELDS = ['households', 'allocated', 'notices', 'handedOver', 'movedIn', 'certificates'] as const;
export type CountField = (typeof COUNT_FIELDS)[number];

/** One scope's difference on a day. */
export type HouseholdChange = { date: IsoDate } & Record<CountField, number>;

const zero = (date: IsoDate): HouseholdChange => ({ date, households: 0, allocated: 0, notices: 0, handedOver: 0, movedIn: 0, certificates: 0 });
const isZero = (c: HouseholdChange) => COUNT_FIELDS.every((f) => c[f] === 0);
const byDate = (a: { date: IsoDate }, b: { date: IsoDate }) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/** A batch's records (one per day) as differences: the first record from zero, each later one from the one before. */
export function householdDeltas(records: readonly HouseholdCounts[]): HouseholdChange[] {
  const sorted = [...records].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  const out: HouseholdChange[] = [];
  let prev: HouseholdChange = zero('');
  for (const r of sorted) {
    const c = zero(r.asOf);
    for (const f of COUNT_FIELDS) c[f] = r[f] - prev[f];
    if (!isZero(c)) out.push(c);
    prev = { date: r.asOf, households: r.households, allocated: r.allocated, notices: r.notices, handedOver: r.handedOver, movedIn: r.movedIn, certificates: r.certificates };
  }
  return out;
}

/** Several scopes' changes summed per day, rows that say nothing left out; in date order. */
export function mergeHouseholdChanges(changes: readonly HouseholdChange[]): HouseholdChange[] {
  const byDay = new Map<IsoDate, HouseholdChange>();
  for (const c of changes) {
    const m = byDay.get(c.date) ?? zero(c.date);
    for (const f of COUNT_FIELDS) m[f] += c[f];
    byDay.set(c.date, m);
  }
  return [...byDay.values()].filter((c) => !isZero(c)).sort(byDate);
}

/** What to add to `from` to make it `to`. */
export function householdDelta(from: readonly HouseholdChange[], to: readonly HouseholdChange[]): HouseholdChange[] {
  const negated = from.map((c) => {
    const n = zero(c.date);
    for (const f of COUNT_FIELDS) n[f] = -c[f];
    return n;
  });
  return mergeHouseholdChanges([...negated, ...to]);
}

/** A scope's counts on a day: its changes up to and including it summed; null when it has none by then. */
export function countsOn(changes: readonly HouseholdChange[], asOf: IsoDate): Record<CountField, number> | null {
  const sum = zero('');
  let any = false;
  for (const c of changes) {
    if (c.date > asOf) continue;
    any = true;
    for (const f of COUNT_FIELDS) sum[f] += c[f];
  }
  if (!any) return null;
  const { date: _date, ...counts } = sum;
  return counts;
}

/**
 * A scope's household ladder on a day from its rollup (the same figures as `ladderOf` over its
 * batches' records): counts, their rates over the households, and the latest record's day. Null
 * when nothing is recorded by then.
 */
export function householdFigures(changes: readonly HouseholdChange[], asOf: IsoDate): HouseholdLadder | null {
  const counts = countsOn(changes, asOf);
  if (counts === null) return null;
  let latest: IsoDate | null = null;
  for (const c of changes) if (c.date <= asOf && (latest === null || c.date > latest)) latest = c.date;
  const { households, ...steps } = counts;
  const rates = Object.fromEntries(HOUSEHOLD_STEPS.map((s) => [s, rateOf(steps[s], households)])) as HouseholdLadder['rates'];
  return { asOf: latest, households, counts: steps, rates, allKeysOn: allKeysOn(changes, asOf) };
}

/**
 * The day every household counted had its keys (Σ keys reached Σ households, above 0) and still
 * had on `asOf`: a district's 首套房回迁 when its every batch has records. Null before, or when
 * households were added since and wait again.
 */
export function allKeysOn(changes: readonly HouseholdChange[], asOf: IsoDate): IsoDate | null {
  let households = 0;
  let keys = 0;
  let since: IsoDate | null = null;
  for (const c of [...changes].sort(byDate)) {
    if (c.date > asOf) break;
    households += c.households;
    keys += c.handedOver;
    const all = households > 0 && keys >= households;
    if (!all) since = null;
    else if (since === null) since = c.date;
  }
  return since;
}

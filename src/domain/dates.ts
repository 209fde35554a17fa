// Calendar arithmetic on ISO dates, done in UTC so results never depend on the host's time zone.
import type { IsoDate } from './types';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

function parts(s: string): [number, number, number] | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

// Date.UTC treats years 0–99 as 1900+; setUTCFullYear does not.
function utcMs(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

// Parsing dominates date arithmetic at city scale; a small memo keeps it pure and fast.
const parsed = new Map<string, number>();

function toUtcMs(d: IsoDate): number {
  const hit = parsed.get(d);
  // Stryker disable next-line ConditionalExpression: a memo; without it the answer is the same, only slower
  if (hit !== undefined) return hit;
  const p = parts(d);
  if (!p || !isIsoDate(d)) throw new RangeError(`Not an ISO date: ${d}`);
  const ms = utcMs(p[0], p[1] - 1, p[2]);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: bounds the memo's memory, not its answers
  if (parsed.size > 50_000) parsed.clear();
  parsed.set(d, ms);
  return ms;
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Strict `YYYY-MM-DD` that names a real calendar day (no 2023-02-30): the day it names, written
 * back, is the same text (an impossible day or month rolls over into another date).
 */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const p = parts(s);
  return p !== null && fromUtcMs(utcMs(p[0], p[1] - 1, p[2])) === s;
}

/** `to − from` in whole days; negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / MS_PER_DAY);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromUtcMs(toUtcMs(d) + Math.round(n) * MS_PER_DAY);
}

export function endOfMonth(year: number, month1to12: number): IsoDate {
  if (!Number.isInteger(month1to12) || month1to12 < 1 || month1to12 > 12) {
    throw new RangeError(`Month out of range: ${month1to12}`);
  }
  // Day 0 of the next month is the last day of this one.
  return fromUtcMs(utcMs(year, month1to12, 0));
}

export function endOfYear(year: number): IsoDate {
  return endOfMonth(year, 12);
}

/** Sort comparator; ISO dates order correctly as strings. */
export function compareIso(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

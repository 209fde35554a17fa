// A deadline's history: the first target ever entered (the baseline, as OC4IDS keeps `period`) and
// every later change as a dated revision with its reason. Pure: the rule a write follows, the story a
// page tells, and the slips of a reporting period.
import { compareIso, daysBetween } from './dates';
import type { FieldErrors } from './rules';
import type { DatePrecision, IsoDate } from './types';

export type TargetScope = 'batch' | 'project';

export interface TargetPoint {
  date: IsoDate | null;
  precision: DatePrecision;
}

export interface TargetRevision {
  id: number;
  scopeType: TargetScope;
  scopeId: number;
  /** The day the change was recorded. */
  revisedOn: IsoDate;
  /** The new target; null when it was withdrawn. */
  targetDate: IsoDate | null;
  targetPrecision: DatePrecision;
  reason: string;
  /** Who recorded it (a staff account's name); not shown publicly. */
  author: string | null;
}

/**
 * How a date is known: `confirmed` happened, from a record; `planned` is a target; `estimated` is a
 * forecast. Only a confirmed date can make something done.
 */
export type DateCertainty = 'confirmed' | 'planned' | 'estimated';

export function countsAsDone(certainty: DateCertainty, date: IsoDate | null, asOf: IsoDate): boolean {
  return certainty === 'confirmed' && date !== null && compareIso(date, asOf) <= 0;
}

const samePoint = (a: TargetPoint, b: TargetPoint) => a.date === b.date && (a.date === null || a.precision === b.precision);

/**
 * What saving a target does. The first target ever entered becomes the baseline (no reason needed);
 * any later change is a revision and needs its reason, refused under `reasonField` without one.
 */
export type TargetWrite = { kind: 'unchanged' } | { kind: 'baseline'; baseline: TargetPoint & { date: IsoDate } } | { kind: 'revision'; reason: string };

export function planTargetWrite(
  stored: { current: TargetPoint; baseline: IsoDate | null },
  next: TargetPoint,
  reason: string | null,
  reasonField: string,
): { write: TargetWrite; errors: FieldErrors } {
  if (samePoint(stored.current, next)) return { write: { kind: 'unchanged' }, errors: {} };
  if (stored.baseline === null && stored.current.date === null) {
    return next.date === null ? { write: { kind: 'unchanged' }, errors: {} } : { write: { kind: 'baseline', baseline: { date: next.date, precision: next.precision } }, errors: {} };
  }
  const why = reason?.trim() ?? '';
  if (why === '') return { write: { kind: 'unchanged' }, errors: { [reasonField]: 'validation.target_reason_required' } };
  return { write: { kind: 'revision', reason: why }, errors: {} };
}

export type StepDirection = 'later' | 'earlier' | 'reworded' | 'withdrawn' | 'set';

export interface TargetStep {
  revisedOn: IsoDate;
  from: TargetPoint;
  to: TargetPoint;
  direction: StepDirection;
  /** Days the target moved (positive: later); null when either end has no date. */
  daysMoved: number | null;
  reason: string;
  author: string | null;
}

export interface TargetHistory {
  /** The first target ever entered; null when none has been. */
  baseline: TargetPoint | null;
  current: TargetPoint;
  /** Each revision, oldest first, with where it moved the target from. */
  steps: TargetStep[];
  /** How many revisions put the target later (推迟). */
  postponements: number;
  /** Days between the baseline and the current target (positive: later); null without both. */
  daysMoved: number | null;
}

function direction(from: TargetPoint, to: TargetPoint): StepDirection {
  if (to.date === null) return 'withdrawn';
  if (from.date === null) return 'set';
  const c = compareIso(to.date, from.date);
  return c > 0 ? 'later' : c < 0 ? 'earlier' : 'reworded';
}

const moved = (from: TargetPoint, to: TargetPoint) => (from.date !== null && to.date !== null ? daysBetween(from.date, to.date) : null);

/**
 * The story of one target. `revisions` in the order they were made (by id). A database from before
 * the history was kept has a current target and no baseline: the current one stands for both.
 */
export function targetHistory(baseline: TargetPoint | null, current: TargetPoint, revisions: readonly TargetRevision[]): TargetHistory {
  const start = baseline ?? (current.date !== null && revisions.length === 0 ? current : null);
  const steps: TargetStep[] = [];
  let from: TargetPoint = start ?? { date: null, precision: 'day' };
  for (const r of [...revisions].sort((a, b) => a.id - b.id)) {
    const to: TargetPoint = { date: r.targetDate, precision: r.targetPrecision };
    steps.push({ revisedOn: r.revisedOn, from, to, direction: direction(from, to), daysMoved: moved(from, to), reason: r.reason, author: r.author });
    from = to;
  }
  return {
    baseline: start,
    current,
    steps,
    postponements: steps.filter((s) => s.direction === 'later').length,
    daysMoved: start ? moved(start, current) : null,
  };
}

/** A reporting period: a calendar quarter, as the dashboard groups slips. */
export interface Period {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  from: IsoDate;
  to: IsoDate;
}

export function periodOf(date: IsoDate): Period {
  const year = Number(date.slice(0, 4));
  const quarter = (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as Period['quarter'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = [31, 30, 30, 31][quarter - 1]!;
  return { year, quarter, from: `${year}-${pad(quarter * 3 - 2)}-01`, to: `${year}-${pad(quarter * 3)}-${lastDay}` };
}

export interface Slip<K> extends TargetStep {
  key: K;
}

export interface PeriodSlips<K> {
  period: Period;
  slips: Slip<K>[];
  /** Σ days the slips of the period put their targets back. */
  daysMoved: number;
}

/**
 * Every revision that put a target later (or withdrew it), grouped by the reporting period it was
 * recorded in, newest period first and, within one, by the day recorded; revisions after `asOf`
 * are not known yet.
 */
export function slipsByPeriod<K>(histories: readonly { key: K; history: TargetHistory }[], asOf: IsoDate): PeriodSlips<K>[] {
  const byPeriod = new Map<string, PeriodSlips<K>>();
  for (const { key, history } of histories) {
    for (const step of history.steps) {
      if (step.revisedOn > asOf || (step.direction !== 'later' && step.direction !== 'withdrawn')) continue;
      const period = periodOf(step.revisedOn);
      const k = period.from;
      const entry = byPeriod.get(k) ?? { period, slips: [], daysMoved: 0 };
      entry.slips.push({ ...step, key });
      entry.daysMoved += step.daysMoved ?? 0;
      byPeriod.set(k, entry);
    }
  }
  const out = [...byPeriod.values()].sort((a, b) => compareIso(b.period.from, a.period.from));
  for (const p of out) p.slips.sort((a, b) => compareIso(a.revisedOn, b.revisedOn));
  return out;
}

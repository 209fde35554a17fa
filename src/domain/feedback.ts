// Residents' feedback (留言): what a message is, the steps staff take it through, the service
// deadlines in working days and the statistics the public sees. Pure: the clock and the database are
// the caller's.
import { addDays, compareIso, daysBetween } from './dates';
import type { IsoDate } from './types';

export const FEEDBACK_KINDS = ['question', 'suggestion', 'complaint'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_CATEGORIES = ['delay', 'quality', 'allowance', 'allocation', 'certificate', 'other'] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];
export const FEEDBACK_STATUSES = ['received', 'acknowledged', 'answered', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];
/** What a message is about: a project, one of its batches or one building. */
export const FEEDBACK_SCOPES = ['project', 'batch', 'building'] as const;
export type FeedbackScope = (typeof FEEDBACK_SCOPES)[number];

/** The longest message; a complaint longer than a page is better split or sent in writing. */
export const FEEDBACK_MAX_CHARS = 2000;
export const ANSWER_MAX_CHARS = 4000;

export type FeedbackAction = 'acknowledge' | 'answer' | 'close' | 'publish' | 'unpublish';

/**
 * Which step may follow which. Answering a message not yet acknowledged acknowledges it on the same
 * day; closing without an answer (a duplicate, nothing to answer) needs a reason the resident sees.
 * Only an answered question may be published as a public Q&A, and its text is then public.
 */
export function allowedActions(m: { status: FeedbackStatus; kind: FeedbackKind; published: boolean; answer: string | null }): FeedbackAction[] {
  const out: FeedbackAction[] = [];
  if (m.status === 'received') out.push('acknowledge');
  if (m.status === 'received' || m.status === 'acknowledged') out.push('answer');
  if (m.status !== 'closed') out.push('close');
  if (m.answer !== null && m.kind === 'question') out.push(m.published ? 'unpublish' : 'publish');
  return out;
}

/** Monday to Friday. Public holidays are not known offline; the deadlines count them as working days. */
export function isWorkingDay(d: IsoDate): boolean {
  const day = new Date(`${d}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/** The n-th working day after `from` (n = 0: `from` itself). Received on a Friday, 2 working days: Tuesday. */
export function addWorkingDays(from: IsoDate, n: number): IsoDate {
  let d = from;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

export interface ServiceDeadlines {
  /** Working days from receipt to acknowledgement. */
  acknowledgeDays: number;
  /** Working days from receipt to answer. */
  answerDays: number;
}

/** Until an administrator sets others. */
export const DEFAULT_DEADLINES: ServiceDeadlines = { acknowledgeDays: 2, answerDays: 10 };

/** The days a message took its steps (China calendar); a step dated after `today` is not yet taken then. */
export interface FeedbackDates {
  receivedOn: IsoDate;
  acknowledgedOn: IsoDate | null;
  answeredOn: IsoDate | null;
  closedOn: IsoDate | null;
}

const takenBy = (d: IsoDate | null, today: IsoDate) => d !== null && compareIso(d, today) <= 0;

export interface DeadlineState {
  acknowledgeBy: IsoDate;
  answerBy: IsoDate;
  /** Still waiting for that step on `today`, after its last day. */
  acknowledgeOverdue: boolean;
  answerOverdue: boolean;
}

/** A step is late from the day after its last day; a step taken (on any day) is no longer overdue. */
export function deadlineState(m: FeedbackDates, d: ServiceDeadlines, today: IsoDate): DeadlineState {
  const acknowledgeBy = addWorkingDays(m.receivedOn, d.acknowledgeDays);
  const answerBy = addWorkingDays(m.receivedOn, d.answerDays);
  // answering acknowledges too; a message closed without an answer is no longer waiting for either
  const answered = takenBy(m.answeredOn, today) || takenBy(m.closedOn, today);
  const acknowledged = answered || takenBy(m.acknowledgedOn, today);
  return {
    acknowledgeBy,
    answerBy,
    acknowledgeOverdue: !acknowledged && compareIso(today, acknowledgeBy) > 0,
    answerOverdue: !answered && compareIso(today, answerBy) > 0,
  };
}

export interface FeedbackStats {
  received: number;
  answered: number;
  /** Calendar days from receipt to answer, the median of those answered; null when none is. */
  medianDaysToAnswer: number | null;
  /** Not yet answered (nor closed) after the answer deadline. */
  openPastDeadline: number;
  byCategory: Record<FeedbackCategory, number>;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Counts of messages received on or before `today` (one received later is not known that day). */
export function feedbackStats(messages: readonly (FeedbackDates & { category: FeedbackCategory })[], d: ServiceDeadlines, today: IsoDate): FeedbackStats {
  const known = messages.filter((m) => compareIso(m.receivedOn, today) <= 0);
  const byCategory = Object.fromEntries(FEEDBACK_CATEGORIES.map((c) => [c, 0])) as Record<FeedbackCategory, number>;
  const days: number[] = [];
  let openPastDeadline = 0;
  for (const m of known) {
    byCategory[m.category]++;
    if (takenBy(m.answeredOn, today)) days.push(daysBetween(m.receivedOn, m.answeredOn!));
    if (deadlineState(m, d, today).answerOverdue) openPastDeadline++;
  }
  return { received: known.length, answered: days.length, medianDaysToAnswer: median(days), openPastDeadline, byCategory };
}

export const SATISFACTION_SCORES = [1, 2, 3, 4, 5] as const;

export interface SatisfactionSummary {
  count: number;
  /** How many gave each score, 1 to 5. */
  distribution: [number, number, number, number, number];
  /** Mean score to one decimal; null without ratings. */
  mean: number | null;
}

export function satisfactionSummary(scores: readonly number[]): SatisfactionSummary {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let sum = 0;
  for (const s of scores) {
    distribution[s - 1]!++;
    sum += s;
  }
  return { count: scores.length, distribution, mean: scores.length ? Math.round((sum / scores.length) * 10) / 10 : null };
}

/** A batch can be rated once its keys have been handed to at least one of its households. */
export function canRate(handedOver: number | null): boolean {
  return (handedOver ?? 0) > 0;
}

export interface ComplaintCluster {
  projectId: number;
  category: FeedbackCategory;
  count: number;
}

/**
 * Where complaints cluster: complaints received from `since` to `today`, counted per project and
 * category, most first (ties by project id), the top `limit`. Complaints about a removed scope
 * (no project) are left out: there is nowhere to send anyone.
 */
export function complaintClusters(rows: readonly { kind: FeedbackKind; category: FeedbackCategory; projectId: number | null; receivedOn: IsoDate }[], since: IsoDate, today: IsoDate, limit = 10): ComplaintCluster[] {
  const counts = new Map<string, ComplaintCluster>();
  for (const r of rows) {
    if (r.kind !== 'complaint' || r.projectId === null || compareIso(r.receivedOn, since) < 0 || compareIso(r.receivedOn, today) > 0) continue;
    const key = `${r.projectId}:${r.category}`;
    const c = counts.get(key) ?? { projectId: r.projectId, category: r.category, count: 0 };
    c.count++;
    counts.set(key, c);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.projectId - b.projectId || FEEDBACK_CATEGORIES.indexOf(a.category) - FEEDBACK_CATEGORIES.indexOf(b.category)).slice(0, limit);
}

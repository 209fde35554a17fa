// What the feedback pages show: the place a message is about, its steps as a ladder, statistics as
// table rows. Text is escaped by the templates; nothing here builds HTML.
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, type FeedbackScope, type FeedbackStats, type FeedbackStatus } from '../../domain/feedback';
import type { FeedbackTarget } from '../../repositories/feedback.repository';
import type { PageFeedback } from '../../services/feedback.service';
import type { Formatter } from '../format';

type T = (key: string, o?: Record<string, unknown>) => string;
type NameOf = (x: { nameZh: string; nameEn: string | null }) => string;

/** "项目 · 第一批 · 8栋", each part a link to its page. */
export function targetParts(target: FeedbackTarget, t: T, nameOf: NameOf): { href: string; label: string }[] {
  const parts = [{ href: `/projects/${target.projectId}`, label: nameOf({ nameZh: target.projectNameZh, nameEn: target.projectNameEn }) }];
  if (target.batchId !== null) parts.push({ href: `/batches/${target.batchId}`, label: nameOf({ nameZh: target.batchNameZh!, nameEn: target.batchNameEn }) });
  if (target.buildingId !== null) parts.push({ href: `/buildings/${target.buildingId}`, label: target.buildingCode ?? t('building.unnamed', { n: target.buildingSeq }) });
  return parts;
}

/** The form's address for a scope: `/feedback/new?batch=3`. */
export const feedbackFormHref = (scope: FeedbackScope, id: number): string => `/feedback/new?${scope}=${id}`;

/** The four steps, each done (with its day), the current one, or still to come. */
export function statusLadder(status: FeedbackStatus, days: Partial<Record<FeedbackStatus, string | null>>, fmt: Formatter): { status: FeedbackStatus; state: 'done' | 'current' | 'todo'; date: string | null }[] {
  const at = FEEDBACK_STATUSES.indexOf(status);
  return FEEDBACK_STATUSES.map((s, i) => ({ status: s, state: i < at ? 'done' : i === at ? 'current' : 'todo', date: i <= at && days[s] ? fmt.date(days[s]!) : null }));
}

export interface StatsRow {
  label: string;
  receivedCount: number;
  href: string | null;
  received: string;
  answered: string;
  median: string;
  overdue: string;
  overdueCount: number;
  categories: { category: string; n: string }[];
}

export function statsRow(label: string, href: string | null, s: FeedbackStats, t: T, fmt: Formatter): StatsRow {
  return {
    label,
    href,
    receivedCount: s.received,
    received: fmt.number(s.received),
    answered: fmt.number(s.answered),
    median: s.medianDaysToAnswer === null ? t('feedback.stats.noMedian') : t('feedback.stats.days', { n: fmt.number(s.medianDaysToAnswer, 1), count: s.medianDaysToAnswer }),
    overdue: fmt.number(s.openPastDeadline),
    overdueCount: s.openPastDeadline,
    categories: FEEDBACK_CATEGORIES.filter((c) => s.byCategory[c] > 0).map((c) => ({ category: t(`feedback.category.${c}`), n: fmt.number(s.byCategory[c]) })),
  };
}

/** The feedback parts of a project, batch or building page. */
export function pageFeedbackVm(scope: FeedbackScope, id: number, f: PageFeedback, t: T, fmt: Formatter) {
  return {
    cta: { scope, href: feedbackFormHref(scope, id), rateHref: f.canRate ? `/feedback/rate?batch=${id}` : null },
    stats: f.stats ? statsRow('', null, f.stats, t, fmt) : null,
    questions: f.questions,
    sat: f.satisfaction,
  };
}

// What residents do with feedback: leave a message (anonymous, refused if it holds personal data or
// was just sent), follow it by its tracking code, rate a batch once its keys were handed over; and
// the statistics everyone may see. Staff steps are in feedback-staff.service.ts.
import crypto from 'node:crypto';
import type { Db } from '../db/create-db';
import { todayInChina } from '../clock';
import { NotFoundError, ValidationError } from '../domain/errors';
import { canRate, complaintClusters, deadlineState, DEFAULT_DEADLINES, feedbackStats, type ComplaintCluster, type DeadlineState, satisfactionSummary, type FeedbackCategory, type FeedbackKind, type FeedbackScope, type FeedbackStats, type SatisfactionSummary, type ServiceDeadlines } from '../domain/feedback';
import { findResidentData } from '../domain/feedback-privacy';
import { codeFromBytes, formatCode, normaliseCode } from '../domain/tracking-code';
import type { IsoDate } from '../domain/types';
import { addDays } from '../domain/dates';
import type { Conn } from '../repositories/catalogue.repository';
import { feedbackByCodeHash, feedbackForStats, feedbackTarget, hasRecentDuplicate, insertFeedback, lockBodyHash, insertRating, publishedQuestions, ratingsByBatch, ratingsOf, type FeedbackTarget, type LocatedFeedback } from '../repositories/feedback.repository';
import { householdRecordsOf } from '../repositories/household.repository';
import { getNumberSetting } from '../repositories/settings.repository';

const toMinute = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000).toISOString();

/** The same text about the same place within this many days is a repeat, not a new message. */
export const REPEAT_WINDOW_DAYS = 30;

export const hashCode = (code: string): string => crypto.createHash('sha256').update(`feedback:${code}`).digest('hex');
const hashBody = (scope: FeedbackScope, id: number, body: string) =>
  crypto.createHash('sha256').update(`${scope}:${id}:${body.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase()}`).digest('hex');

export async function serviceDeadlines(db: Conn): Promise<ServiceDeadlines> {
  return {
    acknowledgeDays: await getNumberSetting(db, 'feedback_acknowledge_days', DEFAULT_DEADLINES.acknowledgeDays),
    answerDays: await getNumberSetting(db, 'feedback_answer_days', DEFAULT_DEADLINES.answerDays),
  };
}

/** The place a message would be about, or NotFoundError. */
export async function readFeedbackTarget(db: Conn, scope: FeedbackScope, id: number): Promise<FeedbackTarget> {
  const target = await feedbackTarget(db, scope, id);
  if (!target) throw new NotFoundError(scope, id);
  return target;
}

export interface NewMessage {
  scope: FeedbackScope;
  scopeId: number;
  kind: FeedbackKind;
  category: FeedbackCategory;
  body: string;
}

/** Stores a message and returns its tracking code (shown once; only its hash is kept). */
export async function submitFeedback(db: Db, m: NewMessage, now: Date): Promise<string> {
  const personal = findResidentData(m.body);
  if (personal) throw new ValidationError({ body: `validation.resident_data.${personal}` });
  const bodyHash = hashBody(m.scope, m.scopeId, m.body);
  const code = codeFromBytes(crypto.randomBytes(8));
  await db.transaction().execute(async (trx) => {
    await readFeedbackTarget(trx, m.scope, m.scopeId);
    await lockBodyHash(trx, bodyHash);
    const since = new Date(now.getTime() - REPEAT_WINDOW_DAYS * 86_400_000).toISOString();
    if (await hasRecentDuplicate(trx, bodyHash, since)) throw new ValidationError({ body: 'validation.feedback_repeat' });
    await insertFeedback(trx, {
      code_hash: hashCode(code), scope_type: m.scope, scope_id: m.scopeId, kind: m.kind, category: m.category, body: m.body, body_hash: bodyHash,
      // to the minute: deadlines count days, and a finer time could be matched with an address in a proxy's log
      status: 'received', received_at: toMinute(now),
    });
  });
  return formatCode(code);
}

export interface TrackedMessage {
  code: string;
  message: LocatedFeedback;
  target: FeedbackTarget | null;
  deadlines: DeadlineState;
}

/** A message by its code as typed; NotFoundError for a code that is malformed or unknown (the same answer, so codes cannot be probed). */
export async function readTracked(db: Conn, typed: string, asOf: IsoDate): Promise<TrackedMessage> {
  const code = normaliseCode(typed);
  if (!code) throw new NotFoundError('feedback', 'code');
  const message = await feedbackByCodeHash(db, hashCode(code));
  if (!message) throw new NotFoundError('feedback', 'code');
  return { code: formatCode(code), message, target: await feedbackTarget(db, message.scope_type, message.scope_id), deadlines: deadlineState(toDates(message), await serviceDeadlines(db), asOf) };
}

/** The China calendar day of a stored timestamp. */
export const dayOf = (iso: string): IsoDate => todayInChina(new Date(iso)) as IsoDate;

/** Statistics of a project, a district or the whole site on `asOf`. */
export async function readFeedbackStats(db: Conn, where: { projectId: number } | { districtId: number } | 'site', asOf: IsoDate): Promise<FeedbackStats> {
  const rows = await feedbackForStats(db, where);
  return feedbackStats(rows.map(toDates), await serviceDeadlines(db), asOf);
}

const dayOrNull = (iso: string | null) => (iso ? dayOf(iso) : null);
export const toDates = (r: { category: FeedbackCategory; received_at: string; acknowledged_at: string | null; answered_at: string | null; closed_at: string | null }) => ({
  category: r.category, receivedOn: dayOf(r.received_at), acknowledgedOn: dayOrNull(r.acknowledged_at), answeredOn: dayOrNull(r.answered_at), closedOn: dayOrNull(r.closed_at),
});

/** Per district on `asOf`, for the public statistics page; districts without messages are left out. */
export async function readDistrictFeedbackStats(db: Conn, asOf: IsoDate): Promise<{ districtId: number | null; stats: FeedbackStats }[]> {
  const rows = await feedbackForStats(db, 'site');
  const deadlines = await serviceDeadlines(db);
  const by = new Map<number | null, typeof rows>();
  for (const r of rows) {
    const list = by.get(r.district_id);
    if (list) list.push(r);
    else by.set(r.district_id, [r]);
  }
  return [...by].map(([districtId, rs]) => ({ districtId, stats: feedbackStats(rs.map(toDates), deadlines, asOf) })).filter((d) => d.stats.received > 0);
}

/** A published Q&A: only what the public may read (no hashes, no dates but the answer's day). */
export interface PublicQuestion {
  category: FeedbackCategory;
  body: string;
  answer: string;
  answeredOn: IsoDate | null;
  projectId: number | null;
  projectNameZh: string | null;
  projectNameEn: string | null;
}

export async function readPublishedQuestions(db: Conn, where: { projectId: number } | 'site', limit = 20): Promise<PublicQuestion[]> {
  return (await publishedQuestions(db, where, limit)).map((q) => ({
    category: q.category, body: q.body, answer: q.answer ?? '', answeredOn: dayOrNull(q.answered_at),
    projectId: q.project_id === null ? null : Number(q.project_id), projectNameZh: q.project_name_zh, projectNameEn: q.project_name_en,
  }));
}

/** Whether a batch can be rated on `asOf`: keys handed to at least one household by its latest record then. */
export async function batchCanBeRated(db: Conn, batchId: number, asOf: IsoDate): Promise<boolean> {
  const records = (await householdRecordsOf(db, batchId)).filter((r) => r.asOf <= asOf);
  return canRate(records.at(-1)?.handedOver ?? null);
}

/** A rating, if the batch's keys were handed over by `asOf` (the site's today). */
export async function rateBatch(db: Db, batchId: number, score: number, now: Date, asOf: IsoDate): Promise<void> {
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new ValidationError({ score: 'validation.choice' });
  await db.transaction().execute(async (trx) => {
    await readFeedbackTarget(trx, 'batch', batchId);
    if (!(await batchCanBeRated(trx, batchId, asOf))) throw new ValidationError({ score: 'validation.rating_not_yet' });
    await insertRating(trx, batchId, score, toMinute(now));
  });
}

/** A batch's ratings given by the end of `asOf` (China time). */
export async function readSatisfaction(db: Conn, batchId: number, asOf: IsoDate): Promise<SatisfactionSummary> {
  return satisfactionSummary(await ratingsOf(db, batchId, endOfChinaDay(asOf)));
}

/** The last instant of a China calendar day, as a stored timestamp compares with it. */
export const endOfChinaDay = (d: IsoDate): string => new Date(Date.parse(`${d}T23:59:59.999+08:00`)).toISOString();

export { districtNamesById as readDistrictNames } from '../repositories/feedback.repository';

export interface PageFeedback {
  stats: FeedbackStats | null;
  questions: Awaited<ReturnType<typeof readPublishedQuestions>>;
  satisfaction: SatisfactionSummary | null;
  canRate: boolean;
}

/** What a project, batch or building page shows of feedback: a project's statistics and Q&A, a batch's satisfaction. */
export async function readPageFeedback(db: Conn, scope: FeedbackScope, id: number, asOf: IsoDate): Promise<PageFeedback> {
  const none: PageFeedback = { stats: null, questions: [], satisfaction: null, canRate: false };
  if (scope === 'project') return { ...none, stats: await readFeedbackStats(db, { projectId: id }, asOf), questions: await readPublishedQuestions(db, { projectId: id }, 5) };
  if (scope === 'batch') return { ...none, satisfaction: await readSatisfaction(db, id, asOf), canRate: await batchCanBeRated(db, id, asOf) };
  return none;
}

export interface DashboardFeedback {
  stats: FeedbackStats;
  clusters: (ComplaintCluster & { projectNameZh: string; projectNameEn: string | null })[];
  satisfaction: { batchId: number; batchNameZh: string; batchNameEn: string | null; projectId: number; projectNameZh: string; projectNameEn: string | null; summary: SatisfactionSummary }[];
}

/** The cluster window: complaints of the last 90 days. */
export const CLUSTER_DAYS = 90;

/** For the officials' dashboard: a district's (or every district's) feedback, clusters of complaints and satisfaction per batch. */
export async function readDashboardFeedback(db: Conn, districtId: number | null, asOf: IsoDate): Promise<DashboardFeedback> {
  const rows = await feedbackForStats(db, districtId === null ? 'site' : { districtId });
  const names = new Map(rows.filter((r) => r.project_id !== null).map((r) => [Number(r.project_id), { zh: r.project_name_zh ?? '', en: r.project_name_en }]));
  const clusters = complaintClusters(rows.map((r) => ({ kind: r.kind, category: r.category, projectId: r.project_id === null ? null : Number(r.project_id), receivedOn: dayOf(r.received_at) })), addDays(asOf, -(CLUSTER_DAYS - 1)), asOf)
    .map((c) => ({ ...c, projectNameZh: names.get(c.projectId)!.zh, projectNameEn: names.get(c.projectId)!.en }));
  const byBatch = new Map<number, { batchId: number; batchNameZh: string; batchNameEn: string | null; projectId: number; projectNameZh: string; projectNameEn: string | null; scores: number[] }>();
  for (const r of await ratingsByBatch(db, districtId, endOfChinaDay(asOf))) {
    const b = byBatch.get(r.batchId) ?? { ...r, scores: [] };
    b.scores.push(r.score);
    byBatch.set(r.batchId, b);
  }
  return {
    stats: feedbackStats(rows.map(toDates), await serviceDeadlines(db), asOf),
    clusters,
    satisfaction: [...byBatch.values()].map(({ scores, ...b }) => ({ ...b, summary: satisfactionSummary(scores) })),
  };
}

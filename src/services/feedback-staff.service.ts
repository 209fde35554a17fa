// Staff work residents' messages: a queue with the service deadlines, and the steps (acknowledge,
// answer, close, publish as a public Q&A), each audited in its own transaction. A step is taken only
// from the status it was read in: two staff members answering at once, the second is told.
import type { Db } from '../db/create-db';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import { allowedActions, deadlineState, type DeadlineState, type FeedbackAction, type FeedbackCategory, type FeedbackStatus } from '../domain/feedback';
import { findPersonalData } from '../domain/personal-data';
import type { IsoDate } from '../domain/types';
import type { Conn } from '../repositories/catalogue.repository';
import { feedbackById, feedbackQueue, updateFeedbackStep, type LocatedFeedback, type QueueFilter } from '../repositories/feedback.repository';
import type { Actor } from './audit.service';
import { serviceDeadlines, toDates } from './feedback.service';
import { writeAudited } from './write-helpers';

export interface QueueItem {
  message: LocatedFeedback;
  deadlines: DeadlineState;
  actions: FeedbackAction[];
}

const itemOf = (m: LocatedFeedback, d: Awaited<ReturnType<typeof serviceDeadlines>>, asOf: IsoDate): QueueItem => ({
  message: m,
  deadlines: deadlineState(toDates(m), d, asOf),
  actions: allowedActions({ status: m.status, kind: m.kind, published: Number(m.published) === 1, answer: m.answer }),
});

export async function readFeedbackQueue(db: Conn, f: QueueFilter & { overdueOnly: boolean }, asOf: IsoDate): Promise<QueueItem[]> {
  const d = await serviceDeadlines(db);
  const items = (await feedbackQueue(db, f)).map((m) => itemOf(m, d, asOf));
  return f.overdueOnly ? items.filter((i) => i.deadlines.acknowledgeOverdue || i.deadlines.answerOverdue) : items;
}

export async function readFeedbackForStaff(db: Conn, id: number, asOf: IsoDate): Promise<QueueItem> {
  const m = await feedbackById(db, id);
  if (!m) throw new NotFoundError('feedback', id);
  return itemOf(m, await serviceDeadlines(db), asOf);
}

export interface StepInput {
  action: FeedbackAction;
  /** acknowledge: staff may put a message under the category it belongs to. */
  category: FeedbackCategory | null;
  answer: string | null;
  closeReason: string | null;
}

const AUDIT_ACTION: Record<FeedbackAction, string> = {
  acknowledge: 'acknowledge_feedback', answer: 'answer_feedback', close: 'close_feedback', publish: 'publish_feedback', unpublish: 'unpublish_feedback',
};

/** What a step changes, or the field errors that refuse it. */
function patchOf(m: LocatedFeedback, s: StepInput, at: string): Parameters<typeof updateFeedbackStep>[3] {
  switch (s.action) {
    case 'acknowledge':
      return { status: 'acknowledged', acknowledged_at: at, ...(s.category ? { category: s.category } : {}) };
    case 'answer': {
      if (!s.answer) throw new ValidationError({ answer: 'validation.required' });
      const personal = findPersonalData(s.answer);
      if (personal) throw new ValidationError({ answer: `validation.personal_data.${personal}` });
      return { status: 'answered', answer: s.answer, answered_at: at, acknowledged_at: m.acknowledged_at ?? at, ...(s.category ? { category: s.category } : {}) };
    }
    case 'close':
      if (m.answer === null && !s.closeReason) throw new ValidationError({ closeReason: 'validation.feedback_close_reason' });
      return { status: 'closed', closed_at: at, close_reason: s.closeReason };
    case 'publish':
      return { published: 1 };
    case 'unpublish':
      return { published: 0 };
  }
}

const visible = (m: LocatedFeedback) => ({ status: m.status, category: m.category, answer: m.answer, closeReason: m.close_reason, published: Number(m.published) === 1 });

export async function takeFeedbackStep(db: Db, actor: Actor, id: number, readIn: FeedbackStatus, step: StepInput, now: Date): Promise<void> {
  await writeAudited(db, actor, async (trx) => {
    const m = await feedbackById(trx, id);
    if (!m) throw new NotFoundError('feedback', id);
    if (m.status !== readIn) throw new ConflictError('feedback', id);
    if (!allowedActions({ status: m.status, kind: m.kind, published: Number(m.published) === 1, answer: m.answer }).includes(step.action)) {
      throw new ValidationError({ action: 'validation.feedback_step' });
    }
    const patch = patchOf(m, step, now.toISOString());
    if (!(await updateFeedbackStep(trx, id, { status: m.status, published: Number(m.published) }, patch))) throw new ConflictError('feedback', id);
    const after = await feedbackById(trx, id);
    return { result: undefined, objectType: 'feedback', objectId: id, action: AUDIT_ACTION[step.action], before: visible(m), after: visible(after!) };
  });
}

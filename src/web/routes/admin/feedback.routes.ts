// Staff work the residents' messages: the queue (oldest first, with what is overdue flagged) and one
// message with the steps it can take. Every step is audited (feedback-staff.service.ts).
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../../db/create-db';
import { ConflictError, ValidationError } from '../../../domain/errors';
import { ANSWER_MAX_CHARS, FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, type FeedbackAction, type FeedbackCategory, type FeedbackStatus } from '../../../domain/feedback';
import { readFeedbackForStaff, readFeedbackQueue, takeFeedbackStep } from '../../../services/feedback-staff.service';
import { field, fieldErrors } from '../../forms/fields';
import { actorOf } from '../../middleware/current-user';
import { setFlash } from '../../middleware/flash';
import { translateErrors } from '../../messages';
import { parseEnum, parseId, parsePage, queryValue } from '../../validate';
import { pageOf, pagerVm } from '../../view-models/paging';

const SHOWN = ['open', ...FEEDBACK_STATUSES, 'all'] as const;
type Shown = (typeof SHOWN)[number];
const STATUSES_OF: Record<Shown, readonly FeedbackStatus[]> = {
  open: ['received', 'acknowledged'], received: ['received'], acknowledged: ['acknowledged'], answered: ['answered'], closed: ['closed'], all: FEEDBACK_STATUSES,
};
const ACTIONS = ['acknowledge', 'answer', 'close', 'publish', 'unpublish'] as const satisfies readonly FeedbackAction[];
export const QUEUE_PER_PAGE = 50;

const stepSchema = z.object({
  action: field.choice(ACTIONS),
  readIn: field.choice(FEEDBACK_STATUSES),
  category: field.optionalChoice(FEEDBACK_CATEGORIES),
  answer: field.note(ANSWER_MAX_CHARS),
  closeReason: field.optionalText(500),
});

export function feedbackAdminRoutes(db: Db, now: () => Date): Router {
  const router = Router();

  router.get('/admin/feedback', async (req, res) => {
    const shown = parseEnum<Shown>(req.query.status, SHOWN, 'open');
    const categoryParam = queryValue(req.query.category);
    const category = categoryParam ? parseEnum<FeedbackCategory | ''>(categoryParam, FEEDBACK_CATEGORIES, '') || null : null;
    const overdueOnly = queryValue(req.query.overdue) === '1';
    const page = { page: parsePage(req.query.page), limit: QUEUE_PER_PAGE };
    const items = await readFeedbackQueue(db, { statuses: STATUSES_OF[shown], category, districtId: null, overdueOnly }, res.locals.asOf);
    const paged = pageOf(items, page);
    const href = (n: number) => `/admin/feedback?${new URLSearchParams({ status: shown, ...(category ? { category } : {}), ...(overdueOnly ? { overdue: '1' } : {}), page: String(n) })}`;
    res.set('Cache-Control', 'no-store').render('pages/admin/feedback-queue', {
      title: res.locals.t('feedback.queue.title'), items: paged.items, pager: pagerVm(paged.total, page, href),
      filter: { shown, category: category ?? '', overdueOnly }, shownOptions: SHOWN, categories: FEEDBACK_CATEGORIES,
    });
  });

  const renderItem = async (req: Request, res: Response, id: number, values: Record<string, string>, errors: Record<string, string>, status = 200) => {
    const item = await readFeedbackForStaff(db, id, res.locals.asOf);
    res.set('Cache-Control', 'no-store').status(status).render('pages/admin/feedback-item', {
      title: res.locals.t('feedback.item.title', { id }), item, values, errors: translateErrors(res.locals.t, errors), categories: FEEDBACK_CATEGORIES,
    });
  };

  router.get('/admin/feedback/:id', async (req, res) => {
    await renderItem(req, res, parseId(req.params.id), {}, {});
  });

  router.post('/admin/feedback/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(body).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;
    const parsed = stepSchema.safeParse(body);
    if (!parsed.success) return renderItem(req, res, id, values, fieldErrors(parsed.error), 400);
    const s = parsed.data;
    try {
      await takeFeedbackStep(db, actorOf(req, res), id, s.readIn, { action: s.action, category: s.category, answer: s.answer, closeReason: s.closeReason }, now());
    } catch (err) {
      if (err instanceof ValidationError) return renderItem(req, res, id, values, err.fieldErrors, 400);
      if (err instanceof ConflictError) return renderItem(req, res, id, values, { form: 'validation.conflict' }, 409);
      throw err;
    }
    setFlash(req, { text: res.locals.t(`feedback.done.${s.action}`), links: [{ href: `/admin/audit?objectType=feedback&objectId=${id}`, label: res.locals.t('form.savedHistory') }, { href: '/admin/feedback', label: res.locals.t('feedback.queue.back') }] });
    res.redirect(303, `/admin/feedback/${id}`);
  });

  return router;
}

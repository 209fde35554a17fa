// Residents are heard without an account: a message about a project, batch or building (its
// tracking code is the only key to it), its page by code, the public statistics and Q&A. Forms work
// without JavaScript; abuse is held off by a per-address limit, a honeypot field and a minimum fill
// time (feedback-guard.ts), never by an outside CAPTCHA.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import { ValidationError } from '../../domain/errors';
import { FEEDBACK_CATEGORIES, FEEDBACK_KINDS, FEEDBACK_MAX_CHARS, FEEDBACK_SCOPES, type FeedbackScope } from '../../domain/feedback';
import { normaliseCode } from '../../domain/tracking-code';
import { dayOf, hashCode, serviceDeadlines, readDistrictFeedbackStats, readDistrictNames, readFeedbackStats, readFeedbackTarget, readPublishedQuestions, readTracked, submitFeedback } from '../../services/feedback.service';
import { field, fieldErrors } from '../forms/fields';
import { translateErrors } from '../messages';
import { parseId, queryValue } from '../validate';
import { feedbackFormHref, statsRow, statusLadder, targetParts } from '../view-models/feedback.vm';
import { addRatingRoutes } from './feedback-rating.routes';
import { feedbackLimiter, guardErrors, markFormShown, typedValues } from './feedback-guard';

const messageSchema = z.object({
  messageKind: field.choice(FEEDBACK_KINDS),
  category: field.choice(FEEDBACK_CATEGORIES),
  body: field.message(FEEDBACK_MAX_CHARS),
});

/** `?project=` / `?batch=` / `?building=`: exactly one, an id; none is null (the form then says where to start). */
export function scopeOfQuery(query: Request['query']): { scope: FeedbackScope; id: number } | null {
  const given = FEEDBACK_SCOPES.filter((s) => queryValue(query[s]) !== undefined);
  if (given.length === 0) return null;
  if (given.length > 1) throw new ValidationError({ [given[1]!]: 'validation.feedback_one_scope' });
  const scope = given[0]!;
  return { scope, id: parseId(queryValue(query[scope]), scope) };
}

const readQueryScope = (req: Request) => scopeOfQuery({ project: req.query.project, batch: req.query.batch, building: req.query.building });

export function feedbackRoutes(db: Db, config: Config, now: () => Date): Router {
  const router = Router();
  const noStore = (res: Response) => res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });

  const renderForm = async (req: Request, res: Response, values: Record<string, string>, errors: Record<string, string>, status = 200) => {
    const where = readQueryScope(req);
    const target = where ? await readFeedbackTarget(db, where.scope, where.id) : null;
    // the clock starts (and with it the session) only when a form is shown for the first time
    if (target && req.method === 'GET') markFormShown(req, now);
    noStore(res).status(status).render('pages/feedback/new', {
      title: res.locals.t('feedback.new.title'),
      parts: target ? targetParts(target, res.locals.t, res.locals.nameOf) : null,
      action: where ? feedbackFormHref(where.scope, where.id) : null,
      values, errors: translateErrors(res.locals.t, errors), maxChars: FEEDBACK_MAX_CHARS, deadlines: await serviceDeadlines(db),
    });
  };

  router.get('/feedback/new', async (req, res) => {
    await renderForm(req, res, {}, {});
  });

  router.post('/feedback/new', feedbackLimiter(config, (req, res) => renderForm(req, res, typedValues(req), { form: 'validation.feedback_rate_limited' }, 429)), async (req, res) => {
    const values = typedValues(req);
    const where = readQueryScope(req);
    const parsed = messageSchema.safeParse(req.body ?? {});
    const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(where ? {} : { form: 'validation.feedback_no_scope' }) };
    if (!parsed.success || !where) return renderForm(req, res, values, errors, 400);
    const guard = guardErrors(req, res, config, now);
    if (guard) return renderForm(req, res, values, guard, 400);
    try {
      const code = await submitFeedback(db, { scope: where.scope, scopeId: where.id, kind: parsed.data.messageKind, category: parsed.data.category, body: parsed.data.body }, now());
      req.session.feedbackSent = hashCode(code.replaceAll('-', '')); // the session holds no usable code either
      delete req.session.feedbackFormAt;
      res.redirect(303, `/feedback/${code}`);
    } catch (err) {
      if (err instanceof ValidationError) return renderForm(req, res, values, err.fieldErrors, 400);
      throw err;
    }
  });

  const show = async (req: Request, res: Response, typed: string) => {
    const tracked = await readTracked(db, typed, res.locals.asOf);
    const m = tracked.message;
    const fresh = req.session?.feedbackSent === hashCode(tracked.code.replaceAll('-', ''));
    if (fresh) delete req.session.feedbackSent;
    noStore(res).render('pages/feedback/show', {
      title: res.locals.t('feedback.show.title', { code: tracked.code }), tracked, fresh, answerBy: tracked.deadlines.answerBy, overdue: tracked.deadlines.answerOverdue,
      parts: tracked.target ? targetParts(tracked.target, res.locals.t, res.locals.nameOf) : null,
      ladder: statusLadder(m.status, { received: dayOf(m.received_at), acknowledged: m.acknowledged_at && dayOf(m.acknowledged_at), answered: m.answered_at && dayOf(m.answered_at), closed: m.closed_at && dayOf(m.closed_at) }, res.locals.fmt),
    });
  };

  // the statistics and public Q&A, with a box to look a message up by its code (`?tracking=`)
  router.get('/feedback', async (req, res) => {
    const code = queryValue(req.query.tracking);
    if (code !== undefined && normaliseCode(code) !== null) return show(req, res, code);
    const asOf = res.locals.asOf;
    const [districts, names, site, questions] = await Promise.all([readDistrictFeedbackStats(db, asOf), readDistrictNames(db), readFeedbackStats(db, 'site', asOf), readPublishedQuestions(db, 'site')]);
    const t = res.locals.t;
    const rows = districts.map((d) => statsRow(d.districtId === null ? t('feedback.stats.gone') : res.locals.nameOf(names.get(d.districtId) ?? { nameZh: '—', nameEn: null }), null, d.stats, t, res.locals.fmt));
    if (code !== undefined) res.status(400);
    noStore(res).render('pages/feedback/index', {
      title: t('feedback.index.title'), rows, site: statsRow(t('feedback.stats.site'), null, site, t, res.locals.fmt), questions,
      code: code ?? '', lookupError: code === undefined ? null : t('validation.feedback_code'),
    });
  });

  addRatingRoutes(router, db, config, now);
  // last: every other /feedback/… address is matched first
  router.get('/feedback/:code', (req, res) => show(req, res, String(req.params.code)));

  return router;
}

// After a batch's keys are handed over, its residents may say how satisfied they are (1–5): a form
// per batch (`/feedback/rate?batch=`), once per visit, guarded like the message form.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import { ValidationError } from '../../domain/errors';
import { SATISFACTION_SCORES } from '../../domain/feedback';
import { batchCanBeRated, rateBatch, readFeedbackTarget } from '../../services/feedback.service';
import { field, fieldErrors } from '../forms/fields';
import { translateErrors } from '../messages';
import { parseId, queryValue } from '../validate';
import { targetParts } from '../view-models/feedback.vm';
import { feedbackLimiter, guardErrors, markFormShown, typedValues } from './feedback-guard';

const schema = z.object({ score: field.choice(SATISFACTION_SCORES.map(String) as ['1', '2', '3', '4', '5']) });

export function addRatingRoutes(router: Router, db: Db, config: Config, now: () => Date): void {
  const batchOf = (req: Request) => {
    const v = queryValue(req.query.batch);
    return v === undefined ? null : parseId(v, 'batch');
  };

  const render = async (req: Request, res: Response, values: Record<string, string>, errors: Record<string, string>, status = 200) => {
    const batchId = batchOf(req);
    const target = batchId === null ? null : await readFeedbackTarget(db, 'batch', batchId);
    res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' }).status(status).render('pages/feedback/rate', {
      title: res.locals.t('feedback.rate.title'),
      batchId,
      parts: target ? targetParts(target, res.locals.t, res.locals.nameOf) : null,
      open: batchId !== null && (await batchCanBeRated(db, batchId, res.locals.asOf)),
      rated: batchId !== null && (req.session?.ratedBatches ?? []).includes(batchId),
      values, errors: translateErrors(res.locals.t, errors),
    });
  };

  router.get('/feedback/rate', async (req, res) => {
    const batchId = batchOf(req);
    if (batchId !== null && (await batchCanBeRated(db, batchId, res.locals.asOf))) markFormShown(req, now);
    await render(req, res, {}, {});
  });

  router.post('/feedback/rate', feedbackLimiter(config, (req, res) => render(req, res, typedValues(req), { form: 'validation.feedback_rate_limited' }, 429)), async (req, res) => {
    const values = typedValues(req);
    const batchId = batchOf(req);
    const parsed = schema.safeParse(req.body ?? {});
    const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(batchId === null ? { form: 'validation.feedback_no_scope' } : {}) };
    if (!parsed.success || batchId === null) return render(req, res, values, errors, 400);
    if ((req.session.ratedBatches ?? []).includes(batchId)) return render(req, res, values, { form: 'validation.rating_repeat' }, 400);
    const guard = guardErrors(req, res, config, now);
    if (guard) return render(req, res, values, guard, 400);
    try {
      await rateBatch(db, batchId, Number(parsed.data.score), now(), res.locals.asOf);
    } catch (err) {
      if (err instanceof ValidationError) return render(req, res, values, err.fieldErrors, 400);
      throw err;
    }
    req.session.ratedBatches = [...(req.session.ratedBatches ?? []), batchId].slice(-50);
    delete req.session.feedbackFormAt; // one form shown, one send: the next needs its own wait
    res.redirect(303, `/feedback/rate?batch=${batchId}`);
  });
}

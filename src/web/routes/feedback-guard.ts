// What keeps scripts off the residents' forms without an outside CAPTCHA: a limit per network
// address, a field people never see (a script fills it in), and a minimum time between showing the
// form and sending it. Each refusal shows the form again with what was typed.
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../../config';

declare module 'express-session' {
  interface SessionData {
    /** When this session was last shown a feedback or rating form (ms since the epoch). */
    feedbackFormAt: number;
    /** The code of the message just sent, for its page to say so once. */
    feedbackSent: string;
    /** Batches this session has rated (one rating per batch and visit). */
    ratedBatches: number[];
  }
}

/** The honeypot's name: a field a browser's autofill and a person leave alone. */
export const HONEYPOT = 'website';

export function markFormShown(req: Request, now: () => Date): void {
  req.session.feedbackFormAt = now().getTime();
}

/** What was typed, to show again (the token and the honeypot are not shown back). */
export function typedValues(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string' && k !== '_csrf' && k !== HONEYPOT) out[k] = v;
  return out;
}

/** The form-level refusal of a send that looks automated, or null. */
export function guardErrors(req: Request, config: Pick<Config, 'feedbackMinFillMs'>, now: () => Date): Record<string, string> | null {
  const trap = (req.body as Record<string, unknown> | undefined)?.[HONEYPOT];
  if (trap !== undefined && trap !== '') return { form: 'validation.feedback_honeypot' };
  const shownAt = req.session?.feedbackFormAt;
  if (shownAt === undefined) {
    // the session expired (or the form was never shown): start the clock now and ask again
    markFormShown(req, now);
    return { form: 'validation.feedback_restart' };
  }
  if (now().getTime() - shownAt < config.feedbackMinFillMs) return { form: 'validation.feedback_too_fast' };
  return null;
}

/** `FEEDBACK_PER_HOUR` sends per address (IPv6 by /56) and hour, refusals included; 0 turns it off. */
export function feedbackLimiter(config: Pick<Config, 'feedbackPerHour'>, refuse: (req: Request, res: Response) => Promise<void>): RequestHandler {
  if (config.feedbackPerHour === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60 * 60_000,
    limit: config.feedbackPerHour,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res, next) => {
      refuse(req, res).catch(next);
    },
  });
}

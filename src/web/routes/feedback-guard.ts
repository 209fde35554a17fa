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
    /** The hash of the code of the message just sent, for its page to say so once. */
    feedbackSent: string;
    /** Batches this session has rated (one rating per batch and visit). */
    ratedBatches: number[];
  }
}

/** The two forms residents send without an account. */
export const RESIDENT_FORMS: ReadonlySet<string> = new Set(['/feedback/new', '/feedback/rate']);
export const isResidentForm = (req: Pick<Request, 'method' | 'path'>): boolean => req.method === 'POST' && RESIDENT_FORMS.has(req.path);

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
export function guardErrors(req: Request, res: Response, config: Pick<Config, 'feedbackMinFillMs'>, now: () => Date): Record<string, string> | null {
  if (res.locals.formExpired) {
    // the token check let this through only to show the form again (app.ts): never to be saved
    markFormShown(req, now);
    return { form: 'validation.feedback_restart' };
  }
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

/**
 * `FEEDBACK_PER_HOUR` sends per address (IPv6 by /56) and hour; 0 turns it off. Only what was
 * stored counts: a resident correcting a refused message (a whole village may share one carrier
 * address) does not use up the allowance, and a refusal writes nothing.
 */
export function feedbackLimiter(config: Pick<Config, 'feedbackPerHour'>, refuse: (req: Request, res: Response) => Promise<void>): RequestHandler {
  if (config.feedbackPerHour === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60 * 60_000,
    limit: config.feedbackPerHour,
    // what was stored answers with a redirect; refusals are 4xx
    skipFailedRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res, next) => {
      refuse(req, res).catch(next);
    },
  });
}

import { Router, type Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import { ValidationError } from '../../domain/errors';
import { signIn, signOut } from '../../services/auth.service';
import { changeOwnPassword } from '../../services/user.service';
import { actorOf } from '../middleware/current-user';
import { csrfToken } from '../middleware/csrf';
import { sessionCookieName } from '../middleware/session';
import { translateErrors } from '../messages';
import { queryValue } from '../validate';

const loginSchema = z.object({
  // Control characters are no username (and PostgreSQL cannot even compare text holding NUL).
  username: z.string().trim().min(1).max(64).regex(/^[^\u0000-\u001f\u007f]*$/),
  password: z.string().min(1).max(1024),
});

/** Only a local path may be a redirect target (no `//host`, no scheme). */
export function safeNext(value: unknown): string | null {
  const v = queryValue(value);
  return v && /^\/(?![/\\])[\x21-\x7e]*$/.test(v) ? v : null;
}

const regenerate = (req: Request) => new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
const save = (req: Request) => new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));

export function authRoutes(db: Db, config: Config, now: () => Date = () => new Date()): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: config.loginAttemptsPerIp,
    // Only failures count: a district office behind one address signs in many people correctly.
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).render('pages/auth/login', { title: res.locals.t('login.title'), values: {}, error: res.locals.t('login.tooMany'), next: null });
    },
  });

  router.get('/login', (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.render('pages/auth/login', { title: res.locals.t('login.title'), values: {}, error: null, next: safeNext(req.query.next) });
  });

  router.post('/login', limiter, async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const parsed = loginSchema.safeParse(req.body ?? {});
    const next = safeNext((req.body as Record<string, unknown> | undefined)?.next);
    const fail = (status: number) =>
      res.status(status).render('pages/auth/login', {
        title: res.locals.t('login.title'), values: { username: parsed.success ? parsed.data.username : '' }, error: res.locals.t('login.failed', { minutes: config.lockoutMinutes, count: config.lockoutMinutes }), next,
      });
    if (!parsed.success) return fail(400);
    const result = await signIn(db, config, { ...parsed.data, ip: req.ip ?? null }, now);
    if (!result.ok) return fail(401);
    await regenerate(req); // a new session id at sign-in: no fixation
    req.session.userId = result.user.id;
    req.session.signedInAt = Date.now();
    // The signed-in pages' forms (sign out, at least) need the session's CSRF token: made now and
    // saved with the sign-in, the first page after it need not save the session, which would wait
    // behind a long write (an import committing) before it could answer.
    csrfToken(req);
    await save(req);
    if (result.mustChangePassword) return res.redirect(303, '/account/password');
    res.redirect(303, next ?? (result.user.role === 'official' ? '/dashboard' : '/admin'));
  });

  router.post('/logout', async (req, res) => {
    await signOut(db, actorOf(req, res));
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(sessionCookieName(config), { path: '/', secure: config.secureCookies });
    res.redirect(303, '/');
  });

  router.get('/account/password', (_req, res) => {
    res.render('pages/auth/password', { title: res.locals.t('password.title'), errors: {}, done: false });
  });

  router.post('/account/password', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const current = typeof body.currentPassword === 'string' ? body.currentPassword : '';
    const next = typeof body.newPassword === 'string' ? body.newPassword : '';
    const errors: Record<string, string> = {};
    if (!current) errors.currentPassword = 'validation.required';
    if (!next) errors.newPassword = 'validation.required';
    else if (next !== body.confirmPassword) errors.confirmPassword = 'validation.password.mismatch';
    try {
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const actor = actorOf(req, res);
      await changeOwnPassword(db, config, { ...actor, userId: actor.userId! }, current, next);
      // Every session of this user has ended; this browser carries on under a new id (ASVS 3.3.3).
      const { userId, signedInAt } = req.session;
      await regenerate(req);
      Object.assign(req.session, { userId, signedInAt });
      await save(req);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return res.status(400).render('pages/auth/password', { title: res.locals.t('password.title'), errors: translateErrors(res.locals.t, err.fieldErrors), done: false });
    }
    res.render('pages/auth/password', { title: res.locals.t('password.title'), errors: {}, done: true });
  });

  return router;
}

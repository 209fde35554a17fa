import type { RequestHandler } from 'express';
import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import { currentUser } from '../../services/auth.service';
import type { Actor } from '../../services/audit.service';
import { ruleFor } from '../access';

// A new, empty session rather than none: the page may still need one (the sign-in form's CSRF token).
const restart = (req: Parameters<RequestHandler>[0]) => new Promise<void>((resolve) => req.session.regenerate(() => resolve()));

/**
 * Puts the signed-in user in `res.locals.user`. Ends the session when it passed its absolute
 * lifetime or the account was disabled. Signed-in pages are never cached.
 */
export function loadCurrentUser(db: Db, config: Config, readDb: Db = db): RequestHandler {
  const absoluteMs = config.sessionAbsoluteHours * 3600_000;
  return async (req, res, next) => {
    const s = req.session;
    // Stryker disable next-line OptionalChaining: the session middleware runs first and sets req.session on every request that reaches here
    if (!s?.userId) return next();
    if (!s.signedInAt || Date.now() - s.signedInAt > absoluteMs) {
      await restart(req);
      return next();
    }
    const user = await currentUser(db, config, s.userId, readDb);
    if (!user) {
      await restart(req);
      return next();
    }
    res.locals.user = user;
    res.set('Cache-Control', 'no-store');
    const rule = ruleFor(req.method, req.path);
    if (user.mustChangePassword && rule && rule.access !== 'public' && req.path !== '/account/password' && req.path !== '/logout') {
      return res.redirect(303, '/account/password');
    }
    next();
  };
}

/** The actor of a write: who, and from which address. */
export function actorOf(req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1]): Actor {
  const u = res.locals.user as { id: number; username: string } | undefined;
  return { userId: u?.id ?? null, username: u?.username ?? null, ip: req.ip ?? null };
}

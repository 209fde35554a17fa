import type { Request, RequestHandler } from 'express';

/** A message for the next page the user opens: what a write did, when it redirects elsewhere (a deletion). */
export function setFlash(req: Request, message: string): void {
  req.session.flash = message;
}

/**
 * Moves the message from the session to the page's locals, once. Only for a signed-in user's page:
 * those are never cached, so the message cannot be shown to anyone else.
 */
export const takeFlash: RequestHandler = (req, res, next) => {
  const message = req.session?.flash;
  if (message && res.locals.user && req.method === 'GET') {
    res.locals.flash = message;
    delete req.session.flash;
  }
  next();
};

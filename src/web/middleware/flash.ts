import type { Request, RequestHandler } from 'express';

/** What a write did, said on the next page, with links to what changed. Translated when it is set. */
export interface Flash {
  text: string;
  links: { href: string; label: string }[];
}

/** A message for the next page the user opens: what a write did (every staff form sets one). */
export function setFlash(req: Request, message: string | Flash): void {
  req.session.flash = message;
}

/**
 * Moves the message from the session to the page's locals, once. Only for a signed-in user's page:
 * those are never cached, so the message cannot be shown to anyone else.
 */
export const takeFlash: RequestHandler = (req, res, next) => {
  const message = req.session.flash;
  if (message && res.locals.user && req.method === 'GET') {
    // a message without links is kept as its text alone
    res.locals.flash = typeof message === 'string' ? { text: message, links: [] } : message;
    delete req.session.flash;
  }
  next();
};

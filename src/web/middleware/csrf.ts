import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';

// Synchroniser tokens kept in the session; forms send them as the `_csrf` field, and a request with
// no form body (a script's, or a test's of what a non-form body does) in the X-CSRF-Token header.
export const { csrfSynchronisedProtection: csrfProtection, generateToken: csrfToken } = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    return typeof fromBody === 'string' ? fromBody : req.get('x-csrf-token');
  },
});

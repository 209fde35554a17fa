import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { ConflictError, ForbiddenError, NotFoundError, NotSignedInError, ValidationError } from '../../domain/errors';
import type { Logger } from 'pino';
import { translateErrors } from '../messages';

// Express matches routes case-insensitively, so the API is recognised the same way.
const wantsJson = (req: Request) => /^\/api\//i.test(req.path);

export const notFound: RequestHandler = (req, _res, next) => next(new NotFoundError('route', req.path));

function statusOf(err: unknown): number {
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ValidationError) return 400;
  if (err instanceof NotSignedInError) return 401;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof ConflictError) return 409;
  const status = (err as { status?: unknown })?.status;
  // body-parser, csrf-sync and friends: malformed, oversized or unauthorised requests
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

const PAGE_KEYS: Record<number, string> = { 400: '400', 401: '401', 403: '403', 404: '404', 409: '409', 413: '413' };

/** Registered last: maps domain errors to statuses; the detail of anything unexpected stays in the log. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = statusOf(err);
    if (status === 500) logger.error({ err, url: req.originalUrl }, 'unhandled error');
    if (res.headersSent) return;
    if (err instanceof NotSignedInError && req.method === 'GET' && !wantsJson(req)) {
      return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    }
    res.status(status);
    const fieldErrors = err instanceof ValidationError ? err.fieldErrors : undefined;
    if (wantsJson(req)) {
      const error = status === 404 ? 'not_found' : status === 400 ? 'invalid_request' : status < 500 ? 'bad_request' : 'internal_error';
      res.json({ error, ...(fieldErrors ? { fields: fieldErrors } : {}) });
      return;
    }
    if (!res.locals.t) {
      res.type('text/plain').send(status === 404 ? 'Not found' : 'Error');
      return;
    }
    const csrf = (err as { code?: unknown })?.code === 'EBADCSRFTOKEN';
    const key = csrf ? 'csrf' : PAGE_KEYS[status] ?? '500';
    res.render('pages/error', {
      status, key, fieldErrors: fieldErrors ? translateErrors(res.locals.t, fieldErrors) : {}, title: res.locals.t(`error.${key}.title`),
    });
  };
}

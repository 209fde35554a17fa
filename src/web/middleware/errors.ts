import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { NotFoundError, ValidationError } from '../../domain/errors';
import type { Logger } from 'pino';

// Express matches routes case-insensitively, so the API is recognised the same way.
const wantsJson = (req: Request) => /^\/api\//i.test(req.path);

export const notFound: RequestHandler = (req, _res, next) => next(new NotFoundError('route', req.path));

/** Registered last: maps domain errors to statuses; the detail of anything unexpected stays in the log. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let fieldErrors: Record<string, string> | undefined;
    if (err instanceof NotFoundError) status = 404;
    else if (err instanceof ValidationError) {
      status = 400;
      fieldErrors = err.fieldErrors;
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      status = err.status; // body-parser and friends: malformed or oversized requests
    }
    if (status === 500) logger.error({ err, url: req.originalUrl }, 'unhandled error');
    if (res.headersSent) return;
    res.status(status);
    if (wantsJson(req)) {
      const error = status === 404 ? 'not_found' : status === 400 ? 'invalid_request' : status < 500 ? 'bad_request' : 'internal_error';
      res.json({ error, ...(fieldErrors ? { fields: fieldErrors } : {}) });
      return;
    }
    if (!res.locals.t) {
      res.type('text/plain').send(status === 404 ? 'Not found' : 'Error');
      return;
    }
    res.render('pages/error', { status, fieldErrors: fieldErrors ?? {}, title: res.locals.t(`error.${status === 404 || status === 400 ? status : 500}.title`) });
  };
}

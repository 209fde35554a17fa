import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ConflictError, ForbiddenError, NotFoundError, NotSignedInError, ValidationError } from '../../domain/errors';
import type { Logger } from 'pino';
import { translateErrors } from '../messages';
import { detect } from './i18n';

// Express matches routes case-insensitively, so the API is recognised the same way.
const wantsJson = (req: Request) => /^\/api\//i.test(req.path);

// Stryker disable next-line StringLiteral: the message is never shown or logged; the answer is chosen by the error's class
export const notFound: RequestHandler = (req, _res, next) => next(new NotFoundError('route', req.path));

function statusOf(err: unknown): number {
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ValidationError) return 400;
  if (err instanceof NotSignedInError) return 401;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof ConflictError) return 409;
  // Stryker disable next-line OptionalChaining: Express never calls an error handler with a null error (it wraps a falsy rejection in an Error)
  const status = (err as { status?: unknown })?.status;
  // body-parser, csrf-sync and friends: malformed, oversized or unauthorised requests
  if (typeof status !== 'number' || status < 400) return 500;
  // Stryker disable next-line EqualityOperator: `<= 500` lets a status of 500 through as 500, which is what the fallback gives
  return status < 500 ? status : 500;
}

/** Each refused field by its label in the reader's language (`id` → 编号), never by its identifier. */
function labelled(t: (key: string, opts?: Record<string, unknown>) => string, errors: Record<string, string>): { label: string; message: string }[] {
  return Object.entries(errors).map(([k, message]) => ({ label: t(`field.${k}`, { defaultValue: '' }), message }));
}

const PAGE_KEYS: Record<number, string> = { 400: '400', 401: '401', 403: '403', 404: '404', 409: '409', 413: '413' };

/** The request id (request-log.ts), which is the incident id a user quotes to find the log line. */
// Stryker disable next-line ConditionalExpression: req.id is the request log's string id or, without the log, undefined
const incidentOf = (req: Request): string | undefined => (typeof req.id === 'string' ? req.id : undefined);

/** When the error page cannot be drawn (the failure came before the page set-up): plain text in the reader's language. */
function plainIncident(req: Request, res: Response, incident: string | undefined): void {
  const zh = detect(req) !== 'en';
  const lines = zh
    ? ['出错了。服务器处理时出错，请稍后再试。', incident ? `事件编号：${incident}（联系我们时请提供这个编号）` : '']
    : ['Something went wrong on our side. Please try again later.', incident ? `Incident id: ${incident} (please quote it if you contact us)` : ''];
  res.status(500).type('text/plain').send(lines.filter(Boolean).join('\n'));
}

/**
 * Registered last: maps domain errors to statuses. An unexpected error (500) shows only a generic
 * page with the incident id; its detail goes to the log line of the request, at level error.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = statusOf(err);
    if (status === 500) {
      // request-log.ts writes the request's line when the response ends and reports `res.err` on it;
      // an error raised after that line was written gets a line of its own.
      if (res.writableFinished) (res.log ?? logger).error({ err }, 'error after the response was sent');
      else res.err = err as Error;
    }
    // Part of the answer is already out: cut it short, so the client sees it is incomplete.
    if (res.headersSent) {
      if (!res.writableEnded) res.destroy();
      return;
    }
    if (err instanceof NotSignedInError && req.method === 'GET' && !wantsJson(req)) {
      return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    }
    res.status(status);
    if (status === 500) res.set('Cache-Control', 'no-store');
    const incident = status === 500 ? incidentOf(req) : undefined;
    const fieldErrors = err instanceof ValidationError ? err.fieldErrors : undefined;
    if (wantsJson(req)) {
      const error = status === 404 ? 'not_found' : status === 400 ? 'invalid_request' : status < 500 ? 'bad_request' : 'internal_error';
      res.json({ error, ...(fieldErrors ? { fields: fieldErrors } : {}), ...(incident ? { incident } : {}) });
      return;
    }
    // in the reader's language too, like plainIncident
    const plain = detect(req) !== 'en' ? (status === 404 ? '找不到页面' : '请求有误') : status === 404 ? 'Not found' : 'Error';
    const fallback = () => (status === 500 ? plainIncident(req, res, incident) : void res.type('text/plain').send(plain));
    // Before the page set-up (locals.ts) there is no layout to draw the page with.
    if (!res.locals.t || !res.locals.fmt) return fallback();
    // Stryker disable next-line OptionalChaining: as in statusOf, the error is never null
    const csrf = (err as { code?: unknown })?.code === 'EBADCSRFTOKEN';
    const key = csrf ? 'csrf' : PAGE_KEYS[status] ?? '500';
    const view = {
      status, key, incident, fieldErrors: fieldErrors ? labelled(res.locals.t, translateErrors(res.locals.t, fieldErrors)) : [], title: res.locals.t(`error.${key}.title`),
    };
    res.render('pages/error', view, (renderErr: Error | null, html?: string) => {
      if (!renderErr) return void res.send(html);
      res.err ??= renderErr;
      fallback();
    });
  };
}

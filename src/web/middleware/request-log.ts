import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** An id a proxy or load balancer set upstream is kept only when it is plainly an id. */
const INCOMING_ID = /^[A-Za-z0-9-]{8,64}$/;
/** Probes and static files: logged at debug, so that an info-level log holds the requests that matter. */
const QUIET = /^\/(?:healthz$|favicon\.ico$|assets\/)/i;
/** Query parameters whose values never reach the log (none of ours carries a secret, but links get pasted). */
const SECRET_PARAM = /pass|token|secret|key|csrf|sid|session|auth|code|mail|phone|mobile|tracking/i;
/** A resident's tracking code in a path (/feedback/K7M2-QX9P-A4TD) is the only key to their message. */
const SECRET_PATH = /^(\/feedback\/)(?!(?:new|rate)(?:[?/]|$))[^/?]+/i;
const MAX_URL = 1000;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

// Stryker disable next-line LogicalOperator,StringLiteral: req.url is always set on a request the server received; by the time the line is written Express has given req.url back its mount path (the test of a mounted router shows it)
const urlOf = (req: IncomingMessage) => (req as Partial<Request>).originalUrl ?? req.url ?? '';

/** The address asked for, with the values of secret-looking parameters replaced. */
function loggedUrl(req: IncomingMessage): string {
  const raw = urlOf(req).replace(SECRET_PATH, '$1[redacted]');
  const q = raw.indexOf('?');
  let url = raw;
  // Stryker disable next-line EqualityOperator: a request's address starts with / (or is *), never with ?
  if (q >= 0) {
    const params = new URLSearchParams(raw.slice(q + 1));
    const secret = [...new Set(params.keys())].filter((name) => SECRET_PARAM.test(name));
    for (const name of secret) params.set(name, '[redacted]');
    if (secret.length) url = `${raw.slice(0, q)}?${params.toString()}`;
  }
  return url.length > MAX_URL ? `${url.slice(0, MAX_URL)}…` : url;
}

/** The detail an operator needs, and nothing more: no headers (cookies, Authorization, Set-Cookie), no bodies. */
const serializers = {
  req: (req: IncomingMessage) => ({ method: req.method, url: loggedUrl(req) }),
  res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
  err: (err: unknown) => {
    const e = pino.stdSerializers.err(err as Error);
    // Stryker disable next-line OptionalChaining: pino calls the serializer only for a value logged as err, never for null
    const code = (err as { code?: unknown })?.code;
    return { type: e.type, message: e.message, stack: e.stack, ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}) };
  },
};

/**
 * Gives every request an id (echoed in `X-Request-Id`) and writes one JSON line when it ends: id,
 * method, url, status and response time. An unexpected error is reported on that same line at
 * level error (the error handler hands it over in `res.err`), so the incident id a user quotes finds
 * the error and its stack.
 */
export function requestLog(logger: Logger): RequestHandler {
  const middleware = pinoHttp({
    logger,
    genReqId: requestId,
    quietReqLogger: true,
    wrapSerializers: false,
    serializers,
    customLogLevel: (req, res, err) => {
      if (err || res.err) return 'error';
      if (res.statusCode >= 500) return 'warn';
      return QUIET.test(urlOf(req).split('?')[0]!) ? 'debug' : 'info';
    },
    customErrorMessage: (_req, res) => (res.err ? 'unhandled error' : 'request failed'),
    // A 5xx without an exception (the health check's 503) gets no made-up error and stack.
    customErrorObject: (_req, res, err, val: Record<string, unknown>) =>
      // Stryker disable next-line LogicalOperator: with res.err set the message is the exception's own, never pino-http's made-up one, so `||` decides the same
      (!res.err && err.message === `failed with status code ${res.statusCode}` ? { res: val.res, responseTime: val.responseTime } : val),
  });
  return middleware as unknown as RequestHandler;
}

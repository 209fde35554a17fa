import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ruleFor } from '../access';

/**
 * What the per-IP limit covers: the public pages, the API and the exports, and any address without
 * a rule (probing for pages that do not exist costs us a 404 page each). Staff pages are reached only
 * after signing in, and signing in has its own, stricter limit. The health probe and the static files
 * are answered before the limit is reached (app.ts), so they are never counted.
 */
export function isRateLimited(req: Pick<Request, 'method' | 'path'>): boolean {
  const rule = ruleFor(req.method, req.path);
  return !rule || rule.access === 'public';
}

const page = (seconds: number) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>请求过于频繁 · Too many requests</title><link rel="stylesheet" href="/assets/css/app.css"></head>
<body><main id="main" class="wrap"><h1>请求过于频繁</h1><p>这个网络地址在一分钟内的访问次数已达上限。请在 ${seconds} 秒后再试。</p>
<h2 lang="en">Too many requests</h2><p lang="en">This network address has reached its limit for this minute. Please try again in ${seconds} seconds.</p></main></body></html>`;

/**
 * `RATE_LIMIT_PER_MINUTE` requests per IP address (IPv6 by /56) per minute; 0 turns it off. Requests
 * from loopback count like any other: behind a proxy on this machine, `trust proxy` makes req.ip the
 * client's address from X-Forwarded-For. Counts are kept per process (several processes behind nginx
 * each count their own; nginx's limit_req is the place for a shared limit). Runs before the page cache
 * and before language set-up, so the refusal is a small bilingual page or JSON, cheap to send.
 */
export function publicRateLimit(perMinute: number): RequestHandler {
  if (perMinute === 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (req) => !isRateLimited(req),
    handler: (req, res) => {
      const retryAfter = Number(res.getHeader('Retry-After')) || 60;
      res.status(429).set('Cache-Control', 'no-store');
      if (/^\/(?:api|export)\//i.test(req.path)) {
        res.json({ error: 'rate_limited', retryAfterSeconds: retryAfter });
      } else {
        res.type('html').send(page(retryAfter));
      }
    },
  });
}

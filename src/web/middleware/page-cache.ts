import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import type { FiguresCache } from '../../services/figures-cache';

interface Entry {
  etag: string;
  type: string;
  body: string | Buffer;
}

const MAX_ENTRIES = 2000;

/**
 * Public pages and API answers for anonymous readers, kept per data version, date, language and
 * URL, with an ETag so that a repeat visit gets 304. The version is read from the database on every
 * request, so a committed write (in any process) changes the key as soon as its figures are computed
 * (until then, the version being served is the previous one: see FiguresCache.servedVersion).
 */
export function publicPageCache(
  figures: FiguresCache,
  isPublic: (method: string, path: string) => boolean,
  keyParts: (req: Parameters<RequestHandler>[0]) => { asOf: string; lang: string },
): RequestHandler {
  const entries = new Map<string, Entry>();
  /** The data version and date of the entries held: pages of an older version are never asked for again. */
  let generation = '';
  return async (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isPublic(req.method, req.path)) return next();
    // A signed-in reader sees their own header; `?lang=` sets a cookie. Neither is shared.
    if (req.cookies?.['tracker.sid'] || req.query.lang !== undefined) return next();
    // Runs before language detection and sessions (a hit needs neither), so it works out both itself.
    const { asOf, lang } = keyParts(req);
    let version: number;
    try {
      version = await figures.servedVersion(asOf);
    } catch {
      return next(); // the page itself will meet the same fault and report it properly
    }
    const gen = `${version}|${asOf}`;
    if (gen !== generation) {
      entries.clear();
      generation = gen;
    }
    const key = `${gen}|${lang}|${req.originalUrl}`;
    res.set('Cache-Control', 'no-cache');
    res.set('X-Data-Version', String(version)); // which committed state these figures show
    res.vary('Accept-Language').vary('Cookie');
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key);
      entries.set(key, hit); // most recently used last
      res.set('ETag', hit.etag);
      if (req.headers['if-none-match'] === hit.etag) return res.status(304).end();
      return res.type(hit.type).send(hit.body);
    }
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (res.statusCode === 200 && gen === generation && (typeof body === 'string' || Buffer.isBuffer(body))) {
        const etag = `"${crypto.createHash('sha1').update(key).digest('base64url')}"`;
        entries.set(key, { etag, type: String(res.get('Content-Type') ?? 'text/html; charset=utf-8'), body });
        if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
        res.set('ETag', etag);
      }
      return send(body);
    };
    next();
  };
}

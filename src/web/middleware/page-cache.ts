import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import { ByteLru } from '../byte-lru';
import { canonicalQuery } from '../query-params';
import { acceptedEncoding, compress, etagMatches, MIN_COMPRESS_BYTES, variantEtag, type Encoding } from './compression';

interface Entry {
  /** Of the identity body; each compressed variant has its own (`-br`, `-gz`). */
  etag: string;
  type: string;
  body: Buffer;
  /** What the entry costs in the cache: its body and the variants compressed so far. */
  bytes: number;
  /**
   * Compressed on the first request that accepts the encoding, then served as they are; their
   * bytes are added to the entry's cost once they are done. A pending one is shared, so two
   * requests at once compress it once.
   */
  variants: Partial<Record<Encoding, Promise<Buffer>>>;
}

/** What a page's figures depend on: `key`, the counters of its scope; `version`, the committed state it shows. */
export interface PageVersions {
  version: number;
  key: string;
}

export interface PageCacheOptions {
  /** The route pattern (access.ts) of a public page worth caching, or undefined. */
  routeOf: (method: string, path: string) => string | undefined;
  keyParts: (req: Parameters<RequestHandler>[0]) => { asOf: string; lang: string };
  /** A request carrying this cookie is signed in and sees its own header: never shared. */
  sessionCookie: string;
  /** Bound on the bytes of the cached answers (and their keys); 0 turns the cache off. */
  maxBytes: number;
}

/**
 * Public pages and API answers for anonymous readers, kept per version of their scope (the district
 * counters they depend on, migration 0009), date, language, path
 * and the query parameters the page recognises (query-params.ts), with an ETag so that a repeat
 * visit gets 304. Unknown parameters are not part of the key (`?cb=1` and `?cb=2` are one page),
 * and the whole cache is bounded in bytes, least recently used out first. Each entry is compressed
 * at most once per encoding (brotli, gzip) and the variant kept on it, so a hit costs no
 * compression. The scope's counters are read from the database on every request, so a write committed
 * in any process changes the key of every page it touches at once: no reader is ever answered from
 * before a commit it could see, and a write in one district leaves the other districts' pages cached.
 */
export function publicPageCache(
  versionsOf: (route: string, req: Parameters<RequestHandler>[0]) => Promise<PageVersions>,
  opts: PageCacheOptions,
): RequestHandler & { cache: ByteLru<Entry>; inFlight: () => number } {
  const entries = new ByteLru<Entry>(opts.maxBytes);
  /**
   * The date of the entries held: pages of an earlier day are never asked for again. Pages of an
   * older version of their scope are not either; they leave as the least recently used.
   */
  // Stryker disable next-line StringLiteral: no day is '', so the first request clears an empty cache whatever this starts as
  let generation = '';
  /** Pages being rendered now: a request for one of them waits for that answer instead of rendering it again. */
  const rendering = new Map<string, Promise<void>>();
  const handler: RequestHandler = async (req, res, next) => {
    // Stryker disable next-line ConditionalExpression: with 0 bytes ByteLru keeps nothing, so going on only adds headers to a page rendered anyway; this saves the work
    if (opts.maxBytes === 0 || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const route = opts.routeOf(req.method, req.path);
    if (route === undefined) return next();
    // A signed-in reader sees their own header; `?lang=` sets a cookie. Neither is shared.
    if (req.cookies?.[opts.sessionCookie] || req.query.lang !== undefined) return next();
    const query = canonicalQuery(route, req.query);
    if (!query.ok) return next(); // a value the page falls back from or refuses: not worth a slot
    // Runs before language detection and sessions (a hit needs neither), so it works out both itself.
    const { asOf, lang } = opts.keyParts(req);
    let versions: PageVersions;
    try {
      versions = await versionsOf(route, req);
    } catch {
      return next(); // the page itself will meet the same fault and report it properly
    }
    const { version } = versions;
    const gen = asOf;
    if (gen !== generation) {
      entries.clear();
      generation = gen;
    }
    const key = `${gen}|${versions.key}|${lang}|${req.path}?${new URLSearchParams(query.pairs).toString()}`;
    res.set('Cache-Control', 'no-cache');
    res.set('X-Data-Version', String(version)); // which committed state these figures show
    res.vary('Accept-Language').vary('Cookie').vary('Accept-Encoding');
    const send = res.send.bind(res);
    /** The entry in the encoding the client accepts, or 304 when it holds that variant already. */
    const serve = async (entry: Entry) => {
      const encoding = entry.body.length >= MIN_COMPRESS_BYTES ? acceptedEncoding(req.headers['accept-encoding']) : undefined;
      const etag = variantEtag(entry.etag, encoding);
      res.set('ETag', etag);
      // Stryker disable next-line ConditionalExpression,StringLiteral: Express's send answers 304 to a matching ETag as well; this only skips compressing the body first
      if (etagMatches(req.headers['if-none-match'], etag)) return void res.status(304).end();
      res.type(entry.type);
      const body = encoding ? await variantOf(key, entry, encoding).catch(() => undefined) : undefined;
      if (body && encoding) res.set('Content-Encoding', encoding);
      else res.set('ETag', entry.etag); // compression failed: the identity answer, with its own tag
      send(body ?? entry.body);
    };
    const hit = entries.get(key);
    if (hit) return serve(hit);
    // Fifty readers arriving together after a write would otherwise each read and compute the same
    // page (at city scale, fifty copies of the whole site's figures in memory at once).
    const inFlight = rendering.get(key);
    if (inFlight) {
      await inFlight;
      const shared = entries.get(key);
      if (shared) return serve(shared);
      // that answer was not kept (an error, or the version moved on): render it here
    } else {
      let done!: () => void;
      const promise = new Promise<void>((resolve) => (done = resolve));
      rendering.set(key, promise);
      const finished = () => {
        if (rendering.get(key) === promise) rendering.delete(key);
        done();
      };
      // Stryker disable next-line StringLiteral: 'close' follows 'finish' on every answer; 'finish' is the earlier of the two
      res.once('finish', finished);
      // Stryker disable next-line StringLiteral: Node emits 'finish' even when the reader hung up first (page-cache.test.ts); 'close' is the second guard
      res.once('close', finished);
    }
    res.send = (body?: unknown) => {
      if (res.statusCode === 200 && gen === generation && (typeof body === 'string' || Buffer.isBuffer(body))) {
        const etag = `"${crypto.createHash('sha1').update(key).digest('base64url')}"`;
        const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
        const entry: Entry = { etag, type: String(res.get('Content-Type') ?? 'text/html; charset=utf-8'), body: bytes, bytes: bytes.length, variants: {} };
        entries.set(key, entry, entry.bytes);
        res.send = send;
        serve(entry).catch(next);
        return res;
      }
      return send(body);
    };
    next();
  };

  /** Compresses an entry once per encoding; a variant of an entry no longer held is served but not counted. */
  function variantOf(key: string, entry: Entry, encoding: Encoding): Promise<Buffer> {
    const existing = entry.variants[encoding];
    if (existing) return existing;
    const pending = compress(entry.body, encoding);
    entry.variants[encoding] = pending;
    pending.then(
      (out) => {
        entry.bytes += out.length;
        // Stryker disable next-line ConditionalExpression: an entry let go meanwhile came back with its true cost, still within the bound
        if (entries.get(key) === entry) entries.set(key, entry, entry.bytes);
      },
      () => { delete entry.variants[encoding]; }, // the next request tries again
    );
    return pending;
  }
  return Object.assign(handler, { cache: entries, inFlight: () => rendering.size });
}

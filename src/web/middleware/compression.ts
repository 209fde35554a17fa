import zlib from 'node:zlib';
import compression from 'compression';
import type { RequestHandler } from 'express';

export type Encoding = 'br' | 'gzip';

/** Answers smaller than this go out as they are: compressing them saves less than the headers cost. */
export const MIN_COMPRESS_BYTES = 1024;

/**
 * Text answers rendered per request, compressed as they are sent (brotli preferred over gzip, at
 * the library's quick brotli level). An answer that already carries a Content-Encoding (the page
 * cache's and the static files' precompressed variants) is passed through as it is.
 */
export function compressAnswers(): RequestHandler {
  // Stryker disable next-line ObjectLiteral: the library's default threshold is also 1 kB (1,024 bytes); ours is stated, and tested at 1,023 and 1,024
  return compression({ threshold: MIN_COMPRESS_BYTES });
}

const ETAG_SUFFIX: Record<Encoding, string> = { br: 'br', gzip: 'gz' };

/** The ETag of a compressed variant: the identity one's with `-br` or `-gz` inside the quotes. */
export const variantEtag = (etag: string, encoding: Encoding | undefined): string => (encoding ? `${etag.slice(0, -1)}-${ETAG_SUFFIX[encoding]}"` : etag);

/** Whether If-None-Match names this ETag (it may list several). */
export const etagMatches = (ifNoneMatch: string | undefined, etag: string): boolean =>
  !!ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((t) => t === etag || t === '*');

/** The weight (q) the client gives each of our two encodings; `*` stands for any not named. */
function weights(header: string): Record<Encoding, number> {
  const named: Record<string, number> = {};
  for (const part of header.split(',')) {
    // split always gives a first part: the name ('' for an empty part, which no lookup below reads)
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase()) as [string, ...string[]];
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    named[name] = Number.isFinite(weight) ? weight : 0;
  }
  const any = named['*'] ?? 0;
  return { br: named.br ?? any, gzip: named.gzip ?? named['x-gzip'] ?? any };
}

/** Which encoding to send for this Accept-Encoding: brotli when it is weighted no lower than gzip. */
export function acceptedEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const q = weights(header);
  if (q.br > 0 && q.br >= q.gzip) return 'br';
  return q.gzip > 0 ? 'gzip' : undefined;
}

/**
 * Compresses a whole answer off the main thread (zlib's thread pool). `best` is for what is
 * compressed once per process and kept (static files): brotli 11 and gzip 9 instead of 5 and 6.
 */
export function compress(body: Buffer, encoding: Encoding, best = false): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
    if (encoding === 'br') {
      const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: best ? 11 : 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length };
      zlib.brotliCompress(body, { params }, done);
    } else {
      zlib.gzip(body, { level: best ? 9 : 6 }, done);
    }
  });
}

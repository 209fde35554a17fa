import { Router, type Request, type Response } from 'express';
import type { Asset, Assets } from '../assets';
import { acceptedEncoding, etagMatches, MIN_COMPRESS_BYTES, variantEtag } from '../middleware/compression';

/** A content-hashed URL names one content for ever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A plain name (a page cached before hashed names, the rate-limit page) may change at any start. */
const PLAIN = 'public, max-age=300';

/** The asset in the encoding the client accepts (each variant compressed once), or 304. */
async function send(req: Request, res: Response, assets: Assets, asset: Asset, cacheControl: string): Promise<void> {
  const encoding = asset.body.length >= MIN_COMPRESS_BYTES ? acceptedEncoding(req.headers['accept-encoding']) : undefined;
  const etag = variantEtag(asset.etag, encoding);
  res.set({ 'Cache-Control': cacheControl, ETag: etag }).vary('Accept-Encoding');
  if (etagMatches(req.headers['if-none-match'], etag)) return void res.status(304).end();
  const body = encoding ? await assets.variant(asset, encoding).catch(() => undefined) : undefined;
  if (body && encoding) res.set('Content-Encoding', encoding);
  else res.set('ETag', asset.etag); // compression failed: the file as it is, with its own tag
  res.type(asset.type).send(body ?? asset.body);
}

/**
 * The assets (assets.ts) from memory, under their content-hashed URLs, cached for a year; under
 * their plain names too, briefly. Nothing is read from the disk per request: any other path under
 * /assets, a hashed name whose hash is not the current one included, is not found.
 */
export function assetRoutes(assets: Assets): Router {
  const router = Router();
  router.get('/favicon.ico', (_req, res) => res.status(204).end());
  const chartJs = assets.byPlainUrl('/assets/chart.umd.min.js')!; // routed by name: its rule in access.ts is its own
  router.get('/assets/chart.umd.min.js', (req, res) => send(req, res, assets, chartJs, PLAIN));
  router.get('/assets/*path', async (req, res, next) => {
    const hashed = assets.byUrl(req.path);
    const plain = hashed ? undefined : assets.byPlainUrl(req.path);
    if (hashed) return send(req, res, assets, hashed, IMMUTABLE);
    if (plain) return send(req, res, assets, plain, PLAIN);
    next();
  });
  return router;
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { compress, type Encoding } from './middleware/compression';

// Chart.js from node_modules (its package exports hide dist/, so resolve beside the main file):
// the machines that run this have no internet, so no CDN.
export const CHART_JS_FILE = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
export const PUBLIC_DIR = path.join(PROJECT_ROOT, 'public');

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The first 8 hex digits of the content's SHA-256: any change of a byte gives a new name. */
export function contentHash(content: Buffer): string {
  return crypto.createHash('sha256').update(content).digest('hex').slice(0, 8);
}

/** `css/app.css` → `css/app.<hash>.css` (the hash goes before the last extension). */
export function hashedName(name: string, hash: string): string {
  const ext = path.posix.extname(name);
  return `${name.slice(0, name.length - ext.length)}.${hash}${ext}`;
}

export interface Asset {
  /** As the views name it: `css/app.css`, `chart.umd.min.js`. */
  name: string;
  url: string;
  type: string;
  body: Buffer;
  etag: string;
  /** Compressed at the best levels on the first request for each encoding, then kept. */
  variants: Partial<Record<Encoding, Promise<Buffer>>>;
}

export interface Assets {
  /** The content-hashed URL of an asset; an unknown name throws, so a typo in a view fails its test. */
  url(name: string): string;
  /** The asset at its hashed URL. */
  byUrl(url: string): Asset | undefined;
  /** The asset at its plain URL (`/assets/css/app.css`), the one before hashed names. */
  byPlainUrl(url: string): Asset | undefined;
  variant(asset: Asset, encoding: Encoding): Promise<Buffer>;
}

/** Every css, js and svg file under public/, by its path there, and Chart.js. */
function defaultFiles(): Record<string, string> {
  const files: Record<string, string> = { 'chart.umd.min.js': CHART_JS_FILE };
  for (const rel of fs.readdirSync(PUBLIC_DIR, { recursive: true, encoding: 'utf8' })) {
    const name = rel.split(path.sep).join('/');
    if (TYPES[path.posix.extname(name)] && fs.statSync(path.join(PUBLIC_DIR, rel)).isFile()) files[name] = path.join(PUBLIC_DIR, rel);
  }
  return files;
}

/**
 * Reads and hashes the assets once, at start (a few files, about 230 KB): a changed file gets a new
 * URL at the next start, so the old one may be cached for a year. Compressing is left to the first
 * request for each variant (Chart.js at brotli 11 takes most of a second), not to the start.
 */
export function loadAssets(files: Record<string, string> = defaultFiles()): Assets {
  const byName = new Map<string, Asset>();
  const byUrl = new Map<string, Asset>();
  const byPlainUrl = new Map<string, Asset>();
  for (const [name, file] of Object.entries(files)) {
    const body = fs.readFileSync(file);
    const hash = contentHash(body);
    const asset: Asset = { name, url: `/assets/${hashedName(name, hash)}`, type: TYPES[path.posix.extname(name)] ?? 'application/octet-stream', body, etag: `"${hash}"`, variants: {} };
    byName.set(name, asset);
    byUrl.set(asset.url, asset);
    byPlainUrl.set(`/assets/${name}`, asset);
  }
  return {
    url(name) {
      const asset = byName.get(name);
      if (!asset) throw new Error(`no asset named ${name}`);
      return asset.url;
    },
    byUrl: (url) => byUrl.get(url),
    byPlainUrl: (url) => byPlainUrl.get(url),
    variant(asset, encoding) {
      const existing = asset.variants[encoding];
      if (existing) return existing;
      const pending = compress(asset.body, encoding, true);
      asset.variants[encoding] = pending;
      pending.catch(() => { delete asset.variants[encoding]; }); // the next request tries again
      return pending;
    },
  };
}

// The query parameters each page recognises. Anything else in a query string is ignored: it is
// never part of a cache key and never carried into a link, so junk parameters cost nothing.
import type { Request } from 'express';
import { SORT_KEYS } from './view-models/overview.vm';
import { VILLAGE_SORT_KEYS } from './view-models/dashboard-villages.vm';
import { queryValue } from './validate';

/** A recognised value in its one canonical spelling, or undefined when the page would not use it as given. */
type Normalise = (value: string) => string | undefined;

const id: Normalise = (v) => (/^[1-9]\d{0,9}$/.test(v) ? v : undefined);
const oneOf = (allowed: readonly string[]): Normalise => (v) => (allowed.includes(v) ? v : undefined);
/** Free text the page reads itself (filters, a return path); bounded so that a link never balloons. */
const text: Normalise = (v) => (v.length <= 200 ? v : undefined);

const DIR = oneOf(['asc', 'desc']);

/** Keyed by the route pattern of access.ts. `lang` is recognised everywhere (the language switch). */
const RECOGNISED: Readonly<Record<string, Readonly<Record<string, Normalise>>>> = {
  '/': { district: id, sort: oneOf(SORT_KEYS), dir: DIR, page: id },
  '/villages/:id': { page: id },
  '/search': { q: text },
  '/search/suggest': { q: text },
  '/projects/:id/records': { page: id },
  '/villages/:id/records': { page: id },
  '/districts/:id/records': { page: id },
  '/dashboard': { district: id, sort: oneOf(VILLAGE_SORT_KEYS), dir: DIR },
  '/dashboard/export.csv': { district: id, sort: oneOf(VILLAGE_SORT_KEYS), dir: DIR },
  '/api/v1/projects': { district: id, village: id, page: id, limit: id },
  '/api/v1/villages': { district: id, village: id, page: id, limit: id },
  '/login': { next: text },
  '/admin/audit': { username: text, objectType: text, objectId: text, from: text, to: text, action: text, signIns: text, page: text },
  '/admin/export': { format: text, table: text },
  '/admin/milestones/new': { batch: id, q: text },
  '/admin/households/new': { batch: id, q: text },
  '/admin/reports/new': { scope: text },
  '/admin/projects/new': { village: id },
  '/admin/import/status/:id': { format: text },
};

export type CanonicalQuery = { ok: true; pairs: [string, string][] } | { ok: false };

/**
 * The recognised parameters of a request, normalised and in a fixed order (so `?b=1&a=2` and
 * `?a=2&b=1` are one page). `ok: false` when a recognised parameter has a value the page would
 * not take as given (it falls back, or refuses): such an answer is not worth keeping.
 */
export function canonicalQuery(route: string | undefined, query: Request['query']): CanonicalQuery {
  const known = (route && RECOGNISED[route]) || {};
  const pairs: [string, string][] = [];
  for (const name of Object.keys(known).sort()) {
    const raw = queryValue(query[name]);
    if (raw === undefined) continue;
    const value = known[name]!(raw);
    if (value === undefined) return { ok: false };
    pairs.push([name, value]);
  }
  return { ok: true, pairs };
}

/** `path?recognised…&lang=to`: the language switch keeps the district and sort order, and nothing else. */
export function languageLink(route: string | undefined, path: string, query: Request['query'], to: string): string {
  const c = canonicalQuery(route, query);
  const params = new URLSearchParams(c.ok ? c.pairs : []);
  params.set('lang', to);
  return `${path}?${params.toString()}`;
}

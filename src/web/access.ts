import { match } from 'path-to-regexp';
import type { RequestHandler } from 'express';
import type { Role } from '../db/schema';
import { ForbiddenError, NotFoundError, NotSignedInError } from '../domain/errors';

export type Access = 'public' | 'signed_in' | readonly Role[];
export type Method = 'GET' | 'POST';

const STAFF: readonly Role[] = ['staff', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
const OFFICIALS: readonly Role[] = ['official', 'admin'];

/**
 * Every route and who may use it. Deny by default: a request that matches no rule is refused, and a
 * test walks the router so that a route added without a rule here fails the suite.
 */
export const ACCESS_RULES: readonly (readonly [Method, string, Access])[] = [
  ['GET', '/healthz', 'public'],
  ['GET', '/favicon.ico', 'public'],
  ['GET', '/assets/chart.umd.min.js', 'public'],
  ['GET', '/assets/*path', 'public'],
  ['GET', '/', 'public'],
  ['GET', '/villages/:id', 'public'],
  ['GET', '/projects/:id', 'public'],
  ['GET', '/projects/:id/records', 'public'],
  ['GET', '/projects/:id/poster', 'public'],
  ['GET', '/villages/:id/records', 'public'],
  ['GET', '/districts/:id/records', 'public'],
  ['GET', '/batches/:id', 'public'],
  ['GET', '/buildings/:id', 'public'],
  ['GET', '/search', 'public'],
  ['GET', '/feeds/district/:id.atom', 'public'],
  ['GET', '/feeds/village/:id.atom', 'public'],
  ['GET', '/feeds/project/:id.atom', 'public'],
  ['GET', '/feeds/batch/:id.atom', 'public'],
  ['GET', '/calendar/project/:id.ics', 'public'],
  ['GET', '/calendar/batch/:id.ics', 'public'],
  ['GET', '/search/suggest', 'public'],
  ['GET', '/feedback', 'public'],
  ['GET', '/feedback/new', 'public'],
  ['POST', '/feedback/new', 'public'],
  ['GET', '/feedback/rate', 'public'],
  ['POST', '/feedback/rate', 'public'],
  ['GET', '/feedback/:code', 'public'],
  ['GET', '/api/v1/summary', 'public'],
  ['GET', '/api/v1/villages', 'public'],
  ['GET', '/api/v1/projects', 'public'],
  ['GET', '/api/v1/projects/:id', 'public'],
  ['GET', '/export/public.csv', 'public'],
  ['GET', '/login', 'public'],
  ['POST', '/login', 'public'],
  ['POST', '/logout', 'signed_in'],
  ['GET', '/account/password', 'signed_in'],
  ['POST', '/account/password', 'signed_in'],
  ['GET', '/dashboard', OFFICIALS],
  ['GET', '/dashboard/export.csv', OFFICIALS],
  ['GET', '/admin', STAFF],
  ['GET', '/admin/villages/new', STAFF],
  ['POST', '/admin/villages/new', STAFF],
  ['GET', '/admin/villages/:id/edit', STAFF],
  ['POST', '/admin/villages/:id/edit', STAFF],
  ['GET', '/admin/projects/new', STAFF],
  ['POST', '/admin/projects/new', STAFF],
  ['GET', '/admin/projects/:id/edit', STAFF],
  ['POST', '/admin/projects/:id/edit', STAFF],
  ['GET', '/admin/projects/:id/batches/new', STAFF],
  ['POST', '/admin/projects/:id/batches/new', STAFF],
  ['GET', '/admin/batches/:id/edit', STAFF],
  ['POST', '/admin/batches/:id/edit', STAFF],
  ['GET', '/admin/batches/:id/buildings/new', STAFF],
  ['POST', '/admin/batches/:id/buildings/new', STAFF],
  ['GET', '/admin/buildings/:id/edit', STAFF],
  ['POST', '/admin/buildings/:id/edit', STAFF],
  ['GET', '/admin/buildings/:id/delete', STAFF],
  ['POST', '/admin/buildings/:id/delete', STAFF],
  ['GET', '/admin/milestones/new', STAFF],
  ['POST', '/admin/milestones/new', STAFF],
  ['GET', '/admin/households/new', STAFF],
  ['POST', '/admin/households/new', STAFF],
  ['GET', '/admin/reports/new', STAFF],
  ['POST', '/admin/reports/new', STAFF],
  ['GET', '/admin/import', STAFF],
  ['POST', '/admin/import/preview', STAFF],
  ['POST', '/admin/import/commit', STAFF],
  ['GET', '/admin/import/status/:id', STAFF],
  ['GET', '/admin/export', STAFF],
  ['GET', '/admin/audit', STAFF],
  ['GET', '/admin/feedback', STAFF],
  ['GET', '/admin/feedback/:id', STAFF],
  ['POST', '/admin/feedback/:id', STAFF],
  ['GET', '/admin/users', ADMIN],
  ['POST', '/admin/users', ADMIN],
  ['POST', '/admin/users/:id', ADMIN],
  ['GET', '/admin/settings', ADMIN],
  ['POST', '/admin/settings', ADMIN],
  ['GET', '/admin/allowance', ADMIN],
  ['POST', '/admin/allowance', ADMIN],
];

const compiled = ACCESS_RULES.map(([method, path, access]) => ({ method, path, access, test: match(path, { decode: false }) }));

export function ruleFor(method: string, path: string): { path: string; access: Access } | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  return compiled.find((r) => r.method === m && r.test(path) !== false);
}

/** Checks the rule of every request before any route runs. */
export const authorize: RequestHandler = (req, res, next) => {
  const rule = ruleFor(req.method, req.path);
  // Stryker disable next-line StringLiteral: the message is never shown or logged; the answer is chosen by the error's class
  if (!rule) return next(new NotFoundError('route', req.path));
  if (rule.access === 'public') return next();
  const user = res.locals.user as { role: Role } | undefined;
  if (!user) return next(new NotSignedInError());
  // Stryker disable next-line StringLiteral: as above; the refusal audit records the method and route itself
  if (rule.access !== 'signed_in' && !rule.access.includes(user.role)) return next(new ForbiddenError(`${req.method} ${rule.path}`));
  next();
};

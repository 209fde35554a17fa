// The rule table's matching and the authorize middleware, without HTTP.
import type { NextFunction, Request, Response } from 'express';
import { ACCESS_RULES, authorize, ruleFor } from '../../src/web/access';
import { ForbiddenError, NotFoundError, NotSignedInError } from '../../src/domain/errors';

function run(method: string, path: string, role?: 'admin' | 'staff' | 'official'): unknown {
  let passed: unknown = 'not called';
  const req = { method, path } as Request;
  const res = { locals: role ? { user: { role } } : {} } as unknown as Response;
  authorize(req, res, ((err?: unknown) => {
    passed = err ?? null;
  }) as NextFunction);
  return passed;
}

describe('ruleFor', () => {
  test.each([
    ['GET', '/admin/projects/new', '/admin/projects/new'],
    ['GET', '/admin/projects/12/edit', '/admin/projects/:id/edit'],
    ['POST', '/admin/users/7', '/admin/users/:id'],
    ['HEAD', '/admin', '/admin'],
    ['GET', '/assets/css/app.css', '/assets/*path'],
    ['GET', '/assets/js/deep/er.js', '/assets/*path'],
    ['GET', '/ADMIN/USERS', '/admin/users'],
    ['GET', '/admin/users/', '/admin/users'],
  ])('%s %s → %s', (method, path, rule) => {
    expect(ruleFor(method, path)?.path).toBe(rule);
  });

  test.each([
    ['GET', '/admin/users/7'], // only POST has a rule
    ['POST', '/admin'],
    ['PUT', '/admin/users/7'],
    ['DELETE', '/admin/users/7'],
    ['OPTIONS', '/'],
    ['GET', '/admin/anything'],
    ['GET', '/admin/users/7/edit'],
    ['GET', '/villages'],
  ])('%s %s has no rule (denied by default)', (method, path) => {
    expect(ruleFor(method, path)).toBeUndefined();
  });

  test('only GET and POST appear in the table, and every path starts with /', () => {
    for (const [m, p] of ACCESS_RULES) {
      expect(['GET', 'POST']).toContain(m);
      expect(p.startsWith('/')).toBe(true);
    }
  });

  test('nothing under /admin is public and every POST but sign-in and the residents\' forms needs a user', () => {
    for (const [m, p, access] of ACCESS_RULES) {
      if (p.startsWith('/admin')) expect({ p, access }).not.toEqual({ p, access: 'public' });
      // residents' anonymous forms (a message, a rating) are the only other public writes
      if (m === 'POST' && p !== '/login' && p !== '/feedback/new' && p !== '/feedback/rate') expect({ p, access }).not.toEqual({ p, access: 'public' });
    }
  });

  test('users and settings are for administrators only', () => {
    for (const [, p, access] of ACCESS_RULES) if (/^\/admin\/(users|settings)/.test(p)) expect({ p, access }).toEqual({ p, access: ['admin'] });
  });
});

describe('authorize', () => {
  test('unknown routes → 404 error, for everyone', () => {
    expect(run('GET', '/nope')).toBeInstanceOf(NotFoundError);
    expect(run('GET', '/nope', 'admin')).toBeInstanceOf(NotFoundError);
  });
  test('public routes pass without a user', () => {
    expect(run('GET', '/projects/1')).toBeNull();
    expect(run('POST', '/login')).toBeNull();
  });
  test('protected routes need a user', () => {
    expect(run('GET', '/admin')).toBeInstanceOf(NotSignedInError);
    expect(run('POST', '/logout')).toBeInstanceOf(NotSignedInError);
  });
  test.each([
    ['GET', '/admin', 'official', ForbiddenError],
    ['GET', '/admin', 'staff', null],
    ['GET', '/admin/users', 'staff', ForbiddenError],
    ['POST', '/admin/settings', 'staff', ForbiddenError],
    ['POST', '/admin/settings', 'admin', null],
    ['GET', '/dashboard', 'staff', ForbiddenError],
    ['GET', '/dashboard', 'official', null],
    ['GET', '/account/password', 'official', null],
  ] as const)('%s %s as %s', (method, path, role, expected) => {
    const r = run(method, path, role);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toBeInstanceOf(expected);
  });
});

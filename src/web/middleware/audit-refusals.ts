import type { ErrorRequestHandler } from 'express';
import { ForbiddenError } from '../../domain/errors';
import type { RefusalAudit, RefusalKind } from '../../services/refusal-audit.service';
import { ruleFor } from '../access';
import { actorOf } from './current-user';

const kindOf = (err: unknown): RefusalKind | null =>
  // Stryker disable next-line OptionalChaining: an error handler is never called with a null error (Express passes none on).
  err instanceof ForbiddenError ? 'access_denied' : (err as { code?: unknown } | null)?.code === 'EBADCSRFTOKEN' ? 'csrf_failed' : null;

/**
 * Before the error handler: a refusal by the access table or the CSRF check goes into the audit log
 * (ASVS 7.2.2; GB/T 22239-2019 安全审计) with the user, address, method and route, never the body.
 */
export function auditRefusals(refusals: RefusalAudit): ErrorRequestHandler {
  return (err, req, res, next) => {
    const kind = kindOf(err);
    if (!kind) return next(err);
    // Stryker disable next-line OptionalChaining,StringLiteral: a refusal comes only after authorize found the path's rule (a path without one is a 404 before it); kept so that an error handler can never throw.
    const route = ruleFor(req.method, req.path)?.path ?? '(no route)';
    refusals.record({ kind, actor: actorOf(req, res), method: req.method, route }).then(
      () => next(err),
      (auditErr: unknown) => {
        (res.log ?? console).error({ err: auditErr }, 'could not audit a refused request');
        next(err);
      },
    );
  };
}

// Every writer of a target (the batch and project forms, the importer) goes through here: the first
// target ever entered becomes the baseline; a later change is a revision with its reason, dated and
// audited in the writer's own transaction.
import { ValidationError } from '../domain/errors';
import { planTargetWrite, type TargetPoint, type TargetScope, type TargetWrite } from '../domain/target-history';
import type { DatePrecision, IsoDate } from '../domain/types';
import type { Conn } from '../repositories/catalogue.repository';
import { insertTargetRevision, setBaselineOnce } from '../repositories/target-revision.repository';
import { audit, type Actor } from './audit.service';

export interface StoredTarget {
  current: TargetPoint;
  baseline: { date: IsoDate | null; precision: DatePrecision | null };
}

export interface TargetChange {
  scopeType: TargetScope;
  scopeId: number;
  stored: StoredTarget;
  next: TargetPoint;
  reason: string | null;
}

/** What the change will be; refused (the reason named by `reasonField`) before anything is written. */
export function checkTargetChange(c: TargetChange, reasonField: string): TargetWrite {
  const { write, errors } = planTargetWrite({ current: c.stored.current, baseline: c.stored.baseline.date }, c.next, c.reason, reasonField);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return write;
}

/** Writes the baseline or the revision `checkTargetChange` planned (the target columns themselves are the writer's). */
export async function recordTargetChange(trx: Conn, actor: Actor, asOf: IsoDate, c: TargetChange, write: TargetWrite): Promise<void> {
  if (write.kind === 'baseline') {
    await setBaselineOnce(trx, c.scopeType, c.scopeId, write.baseline.date, write.baseline.precision);
    return;
  }
  if (write.kind !== 'revision') return;
  // A row from before baselines were kept: what it held is the oldest target known.
  if (c.stored.baseline.date === null && c.stored.current.date !== null) {
    await setBaselineOnce(trx, c.scopeType, c.scopeId, c.stored.current.date, c.stored.current.precision);
  }
  await insertTargetRevision(trx, {
    scopeType: c.scopeType, scopeId: c.scopeId, revisedOn: asOf, targetDate: c.next.date, targetPrecision: c.next.precision,
    reason: write.reason, userId: actor.userId, username: actor.username,
  });
  await audit(trx, actor, {
    action: 'revise_target', objectType: c.scopeType, objectId: c.scopeId,
    before: { targetDate: c.stored.current.date, targetPrecision: c.stored.current.precision },
    after: { targetDate: c.next.date, targetPrecision: c.next.precision, reason: write.reason, revisedOn: asOf },
  });
}

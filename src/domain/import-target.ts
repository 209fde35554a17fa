// A target changed by an import follows the forms' rule (target-history.ts): the first one entered is
// the baseline; changing one already entered is a revision, refused without the 改期原因 column's reason.
import type { TargetOpChange } from './import-types';
import { planTargetWrite, type TargetPoint } from './target-history';
import type { DatePrecision, IsoDate } from './types';

export function targetOpChange(
  current: TargetPoint, baseline: { date: IsoDate | null; precision: DatePrecision | null }, next: TargetPoint, reason: string | null,
): { change: TargetOpChange; error: string | null } {
  const { errors } = planTargetWrite({ current, baseline: baseline.date }, next, reason, 'target_reason');
  return { change: { stored: { current, baseline }, reason }, error: errors.target_reason ? 'validation.import_target_reason' : null };
}

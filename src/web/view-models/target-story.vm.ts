// A deadline as a page tells it: "原定 2023年底 → 现定 2024年6月（推迟 2 次，原因：…）", and how late
// it stands against the original target and against the current one.
import type { DeadlineResult } from '../../domain/deadlines';
import type { Deadline } from '../../domain/scopes';
import { targetHistory, type TargetHistory, type TargetPoint, type TargetRevision, type TargetStep } from '../../domain/target-history';
import type { DatePrecision, IsoDate } from '../../domain/types';

export interface TargetStoryVm {
  history: TargetHistory;
  /** Whether the target was ever changed after it was first entered: only then is the story told. */
  revised: boolean;
  original: TargetPoint | null;
  current: TargetPoint;
  /** Revisions, newest first, for the list under the sentence. */
  steps: TargetStep[];
  /** The reasons given, oldest first, each once. */
  reasons: string[];
  /** How the scope stands against each target; null where that target is not set. */
  againstOriginal: DeadlineResult | null;
  againstCurrent: DeadlineResult | null;
}

export function targetStory(
  baseline: { date: IsoDate | null; precision: DatePrecision | null },
  current: TargetPoint,
  revisions: readonly TargetRevision[],
  deadline: Deadline,
): TargetStoryVm {
  const history = targetHistory(baseline.date === null ? null : { date: baseline.date, precision: baseline.precision ?? 'day' }, current, revisions);
  return {
    history,
    revised: history.steps.length > 0,
    original: history.baseline,
    current,
    steps: [...history.steps].reverse(),
    reasons: [...new Set(history.steps.map((s) => s.reason))],
    againstOriginal: deadline.original ? { status: deadline.original.status, daysLate: deadline.original.daysLate } : null,
    againstCurrent: deadline.targetDate === null ? null : { status: deadline.status, daysLate: deadline.daysLate },
  };
}

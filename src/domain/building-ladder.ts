// One building's way up the eight stages, for its own page: the day it reached each stage it has
// reached (by its stage days, corrections applied: tally.ts), and where it stands now.
import { BEGINNING, currentStage, stageDays, type DayEvent } from './tally';
import { STAGES, type IsoDate, type Stage } from './types';

export interface LadderRung {
  stage: Stage;
  /** It stands at this stage or past it now. */
  reached: boolean;
  /**
   * The day it got there and stayed (a set-back below this stage starts it again); null where it is
   * reached with no known day (a stage given without a date) or not reached. A stage passed over in
   * one step is reached on the day of the step.
   */
  reachedOn: IsoDate | null;
  current: boolean;
}

export function buildingLadder(events: readonly DayEvent[], fallback: { stage: Stage; stageDate: IsoDate | null }): LadderRung[] {
  const days = stageDays(events, fallback);
  const now = currentStage(days).stage;
  const since = new Map<Stage, IsoDate>();
  for (const d of days) {
    const at = STAGES.indexOf(d.stage);
    STAGES.forEach((s, i) => {
      if (i > at) since.delete(s);
      else if (!since.has(s)) since.set(s, d.date);
    });
  }
  const top = STAGES.indexOf(now);
  return STAGES.map((stage, i) => {
    const on = since.get(stage) ?? null;
    // `planned` is where every building begins: it has no day of its own
    return { stage, reached: i <= top, reachedOn: i > 0 && i <= top && on !== null && on !== BEGINNING ? on : null, current: stage === now };
  });
}

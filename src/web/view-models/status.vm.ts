// What a batch's or a project's status badge says, from the status the domain derives from its
// buildings (status.ts): 未开工 / 在建 / 已交付 with its date, or the stored halt. The status typed on the
// project is never shown as the status; only where it disagrees, as a sentence (recordedNote).
import type { DeadlineResult } from '../../domain/deadlines';
import type { ProjectHalt, ProjectStatus } from '../../domain/entities';
import type { ProjectSummary } from '../../domain/scopes';
import type { DerivedStatus, ProjectStatusOf, StatusOf } from '../../domain/status';
import type { DeadlineStatus, IsoDate } from '../../domain/types';

export type StatusWord = DerivedStatus | ProjectHalt;

export interface StatusVm {
  word: StatusWord;
  /** The i18n key of the word (`derivedStatus.*` or `haltStatus.*`). */
  label: string;
  /** The day it was delivered, when `word` is delivered. */
  deliveredOn: IsoDate | null;
  /** What the buildings show (the same as `word` unless halted). */
  derived: DerivedStatus;
  /** How its deadline stands, shown beside the word until delivered (`status` null: no target set). */
  deadline: { status: DeadlineStatus | null; daysLate: number | null };
}

/** A delivery stands even where the project was later halted; anything not delivered is shown as halted. */
export function statusVm(derived: StatusOf, deadline: DeadlineResult, halted: ProjectHalt | null): StatusVm {
  const word: StatusWord = derived.status === 'delivered' || halted === null ? derived.status : halted;
  return {
    word,
    label: word === derived.status ? `derivedStatus.${word}` : `haltStatus.${word}`,
    deliveredOn: derived.status === 'delivered' ? derived.deliveredOn : null,
    derived: derived.status,
    deadline: { status: deadline.status, daysLate: deadline.daysLate },
  };
}

/** A project's badge: until it is delivered, its deadline is the earliest one not yet met (a batch's, else its own). */
export function projectStatusVm(s: ProjectSummary): StatusVm {
  return statusVm(s.status, s.status.status === 'delivered' ? s.deadline : s.nextDeadline ?? s.deadline, s.status.halted);
}

/** "登记状态为「在建」，但全部楼栋已交付": the typed status, said only where the buildings say otherwise. */
export interface RecordedNoteVm {
  /** The i18n key of the sentence (`recordedDiffers.*`, by what the buildings show). */
  key: string;
  recorded: ProjectStatus;
  deliveredOn: IsoDate | null;
}

export function recordedNote(s: ProjectStatusOf, recorded: ProjectStatus): RecordedNoteVm | null {
  if (s.recordedDiffers === null) return null;
  return { key: `recordedDiffers.${s.status}`, recorded, deliveredOn: s.deliveredOn };
}

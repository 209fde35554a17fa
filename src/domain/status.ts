// A project's and a batch's status is derived from their buildings and records, never typed: not
// started, under construction, or delivered (with its date). What cannot be derived — work suspended,
// a project cancelled — is stored and shown beside it.
import type { ProjectHalt, ProjectStatus } from './entities';
import type { IsoDate } from './types';

export const DERIVED_STATUSES = ['not_started', 'under_construction', 'delivered'] as const;
export type DerivedStatus = (typeof DERIVED_STATUSES)[number];

export interface StatusOf {
  status: DerivedStatus;
  /** The day it was delivered, when it was. */
  deliveredOn: IsoDate | null;
}

/** Delivered when its deadline says so (a date on or before asOf); started once any building or the project itself has. */
export function deriveStatus(o: { deliveredOn: IsoDate | null; buildingsStarted: number; startedOn: IsoDate | null; asOf: IsoDate }): StatusOf {
  // Stryker disable next-line LogicalOperator: equivalent, null <= a date is false in JS, so `||` decides as `&&` does
  if (o.deliveredOn !== null && o.deliveredOn <= o.asOf) return { status: 'delivered', deliveredOn: o.deliveredOn };
  const started = o.buildingsStarted > 0 || (o.startedOn !== null && o.startedOn <= o.asOf);
  return { status: started ? 'under_construction' : 'not_started', deliveredOn: null };
}

/** What an older record typed by hand means, to say where it disagrees with what the buildings show. */
export function recordedAsDerived(s: ProjectStatus): DerivedStatus {
  return s === 'planned' ? 'not_started' : s === 'under_construction' ? 'under_construction' : 'delivered';
}

export interface ProjectStatusOf extends StatusOf {
  halted: ProjectHalt | null;
  /** The status recorded by hand where it says otherwise than the buildings; null when they agree. */
  recordedDiffers: DerivedStatus | null;
}

export function projectStatus(derived: StatusOf, recorded: ProjectStatus, halted: ProjectHalt | null): ProjectStatusOf {
  const r = recordedAsDerived(recorded);
  return { ...derived, halted, recordedDiffers: r === derived.status ? null : r };
}

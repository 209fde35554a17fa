import type { DatePrecision, IsoDate, ProjectKind, Stage } from './types';

// The model of DESIGN.md as plain objects (what repositories return). Units are in the names.

export type ProjectStatus = 'planned' | 'under_construction' | 'completed' | 'delivered';
export const PROJECT_HALTS = ['suspended', 'cancelled'] as const;
export type ProjectHalt = (typeof PROJECT_HALTS)[number];
export type ReportScopeType = 'district' | 'village' | 'project';
export type SourceKind = 'newspaper' | 'document' | 'notice' | 'staff_entry' | 'demo';

export interface Source {
  id: number;
  kind: SourceKind;
  title: string;
  publisher: string | null;
  publishedOn: IsoDate | null;
  url: string | null;
  excerpt: string | null;
  note: string | null;
}

export interface District {
  id: number;
  nameZh: string;
  nameEn: string | null;
  isDemo: boolean;
}

export interface Village {
  id: number;
  districtId: number;
  subdistrictId: number | null;
  nameZh: string;
  nameEn: string | null;
  householdsEntitled: number | null;
  peopleEntitled: number | null;
  demolitionDate: IsoDate | null;
  note: string | null;
  /** The note in English; `note` is Chinese. */
  noteEn: string | null;
  isDemo: boolean;
  version: number;
}

export interface Project {
  id: number;
  villageId: number;
  nameZh: string;
  nameEn: string | null;
  kind: ProjectKind;
  landAreaM2: number | null;
  plannedFloorAreaM2: number | null;
  investmentYuan: number | null;
  developer: string | null;
  constructionEntity: string | null;
  plannedStart: IsoDate | null;
  plannedCompletion: IsoDate | null;
  plannedCompletionPrecision: DatePrecision;
  /** The first planned completion ever entered (the baseline): later changes are target revisions. */
  baselineCompletion: IsoDate | null;
  baselineCompletionPrecision: DatePrecision | null;
  actualStart: IsoDate | null;
  actualCompletion: IsoDate | null;
  /** The status as recorded by hand (older data); the status shown is derived from the buildings. */
  status: ProjectStatus;
  /** What cannot be derived: work suspended or the project cancelled. */
  halted: ProjectHalt | null;
  note: string | null;
  /** The note in English; `note` is Chinese. */
  noteEn: string | null;
  sourceId: number | null;
  isDemo: boolean;
  version: number;
}

export interface Batch {
  id: number;
  projectId: number;
  sequence: number;
  nameZh: string;
  nameEn: string | null;
  targetDeliveryDate: IsoDate | null;
  targetPrecision: DatePrecision;
  /** The first target ever entered (the baseline): later changes are target revisions. */
  baselineTargetDate: IsoDate | null;
  baselineTargetPrecision: DatePrecision | null;
  actualDeliveryDate: IsoDate | null;
  households: number | null;
  note: string | null;
  /** The note in English; `note` is Chinese. */
  noteEn: string | null;
  version: number;
}

export interface Building {
  id: number;
  batchId: number;
  seq: number;
  code: string | null;
  floors: number | null;
  floorAreaM2: number | null;
  dwellingUnits: number | null;
  stage: Stage;
  stageDate: IsoDate | null;
  version: number;
}

export interface Milestone {
  id: number;
  buildingId: number;
  stage: Stage;
  date: IsoDate;
  kind: 'actual' | 'planned';
  sourceId: number | null;
  note: string | null;
  /** A stage set back (or a mistake put right): it wins over what was recorded before it on its day. */
  isCorrection: boolean;
  correctionReason: string | null;
}

export interface Report {
  id: number;
  scopeType: ReportScopeType;
  scopeId: number;
  asOf: IsoDate;
  plannedAreaM2: number | null;
  startedAreaM2: number | null;
  deliveredAreaM2: number | null;
  householdsEntitled: number | null;
  householdsReturned: number | null;
  peopleEntitled: number | null;
  peopleReturned: number | null;
  publishedStartRate: number | null;
  publishedDeliveryRate: number | null;
  publishedReturnRate: number | null;
  sourceId: number | null;
  note: string | null;
  isCorrection: boolean;
  correctionReason: string | null;
}

/**
 * One line of a scope's records, as a page lists them newest first: the buildings that reached a
 * stage on one day (from one source), or one progress report.
 */
export type ScopeRecord =
  /** `correctionReason`: a stage put back to correct a mistake, with its reason ('' when none was kept); null for an ordinary event. */
  | { kind: 'milestones'; date: IsoDate; stage: Stage; buildings: number; sourceId: number | null; correctionReason: string | null; projectId: number }
  | { kind: 'report'; date: IsoDate; report: Report };

/** Everything the public figures are computed from. */
export interface ModelSnapshot {
  districts: District[];
  villages: Village[];
  projects: Project[];
  batches: Batch[];
  buildings: Building[];
  milestones: Milestone[];
  reports: Report[];
  sources: Source[];
}

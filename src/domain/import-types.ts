// Plain data passed between the import steps: parsed rows, problems, and the plan of writes.
import type { Period } from './import-cells';
import type { ScopeType, TableName } from './import-tables';
import type { DatePrecision, IsoDate, ProjectKind, Stage } from './types';
import type { Building, Project, Report } from './entities';
import type { ReportInput } from './rules';
import type { HouseholdCounts } from './households';
import type { AllowanceBasis, AllowanceRule, PaidUntil } from './allowance';

/** One problem: where (file or sheet, spreadsheet row, column header as written) and what (a message key). */
export interface ImportError {
  source: string;
  row: number | null;
  column: string | null;
  key: string;
}

interface RowBase {
  /** Spreadsheet row number (the header is row 1 in a CSV file). */
  row: number;
  district: string | null;
}

export interface ProjectImportRow extends RowBase {
  village: string;
  project: string;
  kind: ProjectKind | null;
  landAreaM2: number | null;
  plannedFloorAreaM2: number | null;
  investmentYuan: number | null;
  developer: string | null;
  constructionEntity: string | null;
  plannedStart: Period | null;
  plannedCompletion: Period | null;
  /** Why a planned completion already entered changes (a target revision). */
  targetReason: string | null;
}

export interface BuildingImportRow extends RowBase {
  village: string;
  project: string;
  batch: string;
  building: string | null;
  floorAreaM2: number | null;
  floors: number | null;
  units: number | null;
  stage: Stage | null;
  stageDate: Period | null;
  targetDeliveryDate: Period | null;
  correctionReason: string | null;
  /** Why a target already entered changes (a target revision); any row of the batch may give it. */
  targetReason: string | null;
}

/** A report's figures as the engine knows them (see ReportFacts), and where the row says they belong. */
export interface ReportImportRow extends RowBase, Pick<Report,
  'asOf' | 'plannedAreaM2' | 'startedAreaM2' | 'deliveredAreaM2' | 'peopleEntitled' | 'peopleReturned' |
  'householdsEntitled' | 'householdsReturned' | 'publishedStartRate' | 'publishedDeliveryRate' | 'publishedReturnRate'> {
  scopeType: ScopeType;
  scope: string;
  source: string | null;
  correctionReason: string | null;
}

/** A batch's household counts as of a day; a count left empty (null) keeps the stored one. */
export interface HouseholdImportRow extends RowBase {
  village: string;
  project: string;
  batch: string;
  asOf: IsoDate;
  households: number | null;
  allocated: number | null;
  notices: number | null;
  handedOver: number | null;
  movedIn: number | null;
  certificates: number | null;
  correctionReason: string | null;
}

/** One escalation step of a district's allowance rule. */
export interface AllowanceRuleImportRow {
  row: number;
  district: string;
  effectiveFrom: IsoDate;
  basis: AllowanceBasis;
  amountYuan: number;
  minAreaM2: number | null;
  afterMonths: number | null;
  multiplier: number | null;
  paidUntil: PaidUntil | null;
}

export interface RowsOf {
  projects: ProjectImportRow;
  buildings: BuildingImportRow;
  reports: ReportImportRow;
  households: HouseholdImportRow;
  allowance_rules: AllowanceRuleImportRow;
}

export interface ParsedTable<T extends TableName = TableName> {
  table: T;
  source: string;
  /** Column id → the header as the file wrote it (for messages in the file's own words). */
  headers: Record<string, string>;
  rows: RowsOf[T][];
}

/** What survives between preview and commit: the parsed rows, never the client's copy. */
export interface ParsedUpload {
  files: string[];
  tables: { [T in TableName]?: ParsedTable<T> };
  rowCount: number;
}

/** A record that exists (id) or that this import creates earlier in the plan (key). */
export type Ref = { id: number } | { key: string };

export type ProjectValues = Pick<Project,
  'kind' | 'landAreaM2' | 'plannedFloorAreaM2' | 'investmentYuan' | 'developer' | 'constructionEntity' |
  'plannedStart' | 'plannedCompletion' | 'plannedCompletionPrecision'>;

export type BuildingValues = Pick<Building, 'code' | 'floors' | 'floorAreaM2' | 'dwellingUnits' | 'stage' | 'stageDate'>;

export type ReportValues = ReportInput & Pick<Report, 'publishedStartRate' | 'publishedDeliveryRate' | 'publishedReturnRate'>;

export type PlanOp =
  | { op: 'district'; key: string; nameZh: string }
  | { op: 'village'; key: string; district: Ref; nameZh: string }
  | { op: 'project'; key: string; village: Ref; nameZh: string; values: ProjectValues }
  | { op: 'projectUpdate'; id: number; version: number; set: Partial<ProjectValues>; target: TargetOpChange | null }
  | { op: 'batch'; key: string; project: Ref; nameZh: string; target: IsoDate | null; precision: DatePrecision }
  | { op: 'batchUpdate'; id: number; version: number; target: IsoDate; precision: DatePrecision; change: TargetOpChange }
  | { op: 'building'; batch: Ref; values: BuildingValues }
  | { op: 'buildingUpdate'; id: number; version: number; set: Partial<BuildingValues>; milestone: { stage: Stage; date: IsoDate; correctionReason: string | null } | null }
  | { op: 'source'; key: string; title: string; publishedOn: IsoDate }
  | { op: 'report'; scopeType: ScopeType; scope: Ref; source: Ref | null; values: ReportValues }
  | { op: 'households'; batch: Ref; values: HouseholdCounts; correctionReason: string | null }
  | { op: 'allowanceRule'; district: number; effectiveFrom: IsoDate; steps: AllowanceRule[] };

/** A target changed by an import: what was stored, and the reason the file gives (checked when planned). */
export interface TargetOpChange {
  stored: { current: { date: IsoDate | null; precision: DatePrecision }; baseline: { date: IsoDate | null; precision: DatePrecision | null } };
  reason: string | null;
}

export type RowAction = 'create' | 'update' | 'unchanged';

export interface Change {
  column: string;
  before: string;
  after: string;
  /** The values are stage codes, which the page shows by name. */
  stage?: true;
}

export interface PreviewRow {
  source: string;
  row: number;
  action: RowAction;
  label: string;
  changes: Change[];
}

export interface Counts {
  create: number;
  update: number;
  unchanged: number;
}

export interface PlanSummary {
  tables: Record<TableName, Counts & { preview: PreviewRow[] }>;
  districtsCreated: string[];
  villagesCreated: string[];
  batches: Counts;
  /** Message keys with a parameter (`importer.note.default_district|…`). */
  notes: string[];
}

export interface ImportPlan {
  ops: PlanOp[];
  errors: ImportError[];
  summary: PlanSummary;
}

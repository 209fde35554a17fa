import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { FeedbackTable, FeedbackVersionsTable, SatisfactionRatingsTable } from './schema-feedback';
import type { AllowanceRulesTable, HouseholdChangesTable, HouseholdCountsTable } from './schema-households';

export type { FeedbackTable, FeedbackVersionsTable, SatisfactionRatingsTable } from './schema-feedback';
export type { AllowanceRulesTable, HouseholdChangesTable, HouseholdCountsTable } from './schema-households';

// Table types for Kysely. Columns are snake_case as in SQL; repositories map them to camelCase.

export interface SourcesTable {
  id: Generated<number>;
  kind: 'newspaper' | 'document' | 'notice' | 'staff_entry' | 'demo';
  title: string;
  publisher: string | null;
  published_on: string | null;
  url: string | null;
  excerpt: string | null;
  note: string | null;
}

export interface DistrictsTable {
  id: Generated<number>;
  name_zh: string;
  name_en: string | null;
  is_demo: Generated<number>;
}

export interface SubdistrictsTable {
  id: Generated<number>;
  district_id: number;
  name_zh: string;
  name_en: string | null;
  is_demo: Generated<number>;
}

export interface VillagesTable {
  id: Generated<number>;
  district_id: number;
  subdistrict_id: number | null;
  name_zh: string;
  name_en: string | null;
  households_entitled: number | null;
  people_entitled: number | null;
  demolition_date: string | null;
  note: string | null;
  /** The note in English (`note` is Chinese); null when there is none. */
  note_en: string | null;
  is_demo: Generated<number>;
  version: Generated<number>;
}

export interface ProjectsTable {
  id: Generated<number>;
  village_id: number;
  name_zh: string;
  name_en: string | null;
  kind: 'resettlement' | 'collective_affordable';
  land_area_m2: number | null;
  planned_floor_area_m2: number | null;
  investment_yuan: number | null;
  developer: string | null;
  construction_entity: string | null;
  planned_start: string | null;
  planned_completion: string | null;
  planned_completion_precision: Generated<'day' | 'month' | 'year'>;
  /** The first planned completion ever entered (migration 0007); never changed after. */
  baseline_completion: string | null;
  baseline_completion_precision: 'day' | 'month' | 'year' | null;
  actual_start: string | null;
  actual_completion: string | null;
  status: Generated<'planned' | 'under_construction' | 'completed' | 'delivered'>;
  halted: string | null;
  note: string | null;
  /** The note in English (`note` is Chinese); null when there is none. */
  note_en: string | null;
  source_id: number | null;
  is_demo: Generated<number>;
  version: Generated<number>;
}

export interface BatchesTable {
  id: Generated<number>;
  project_id: number;
  sequence: number;
  name_zh: string;
  name_en: string | null;
  target_delivery_date: string | null;
  target_precision: Generated<'day' | 'month' | 'year'>;
  /** The first target ever entered (migration 0007); never changed after. */
  baseline_target_date: string | null;
  baseline_target_precision: 'day' | 'month' | 'year' | null;
  actual_delivery_date: string | null;
  households: number | null;
  note: string | null;
  /** The note in English (`note` is Chinese); null when there is none. */
  note_en: string | null;
  version: Generated<number>;
}

export interface BuildingsTable {
  id: Generated<number>;
  batch_id: number;
  seq: number;
  code: string | null;
  floors: number | null;
  floor_area_m2: number | null;
  dwelling_units: number | null;
  stage: Generated<string>;
  stage_date: string | null;
  version: Generated<number>;
}

export interface MilestonesTable {
  id: Generated<number>;
  building_id: number;
  stage: string;
  date: string;
  kind: Generated<'actual' | 'planned'>;
  source_id: number | null;
  note: string | null;
  created_at: string;
  is_correction: Generated<number>;
  correction_reason: string | null;
}

/** One scope's dated stage change (migration 0005): see src/domain/tally.ts. */
export interface RollupChangesTable {
  scope_type: 'batch' | 'project' | 'village' | 'subdistrict' | 'district' | 'site';
  scope_id: number;
  date: string;
  stage: string;
  buildings: number;
  area_cm2: number;
  unknown_area: number;
  events: number;
}

/** A scope's rollup rows summed over every date, per stage (migration 0012). */
export interface RollupTotalsTable {
  scope_type: RollupChangesTable['scope_type'];
  scope_id: number;
  stage: string;
  buildings: number;
  area_cm2: number;
  unknown_area: number;
}

export interface ProgressReportsTable {
  id: Generated<number>;
  scope_type: 'district' | 'village' | 'project';
  district_id: number | null;
  village_id: number | null;
  project_id: number | null;
  as_of: string;
  planned_area_m2: number | null;
  started_area_m2: number | null;
  delivered_area_m2: number | null;
  households_entitled: number | null;
  households_returned: number | null;
  people_entitled: number | null;
  people_returned: number | null;
  published_start_rate: number | null;
  published_delivery_rate: number | null;
  published_return_rate: number | null;
  source_id: number | null;
  note: string | null;
  /** The note in English (`note` is Chinese); null when there is none. */
  note_en: string | null;
  is_correction: Generated<number>;
  correction_reason: string | null;
  created_at: string;
}

export interface StageWeightsTable {
  stage: string;
  position: number;
  weight: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export type Role = 'admin' | 'staff' | 'official';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  role: Role;
  password_hash: string;
  password_changed_at: string;
  must_change_password: Generated<number>;
  disabled: Generated<number>;
  failed_attempts: Generated<number>;
  locked_until: string | null;
  created_at: string;
  version: Generated<number>;
}

export interface SessionsTable {
  sid: string;
  user_id: number | null;
  data: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  username: string | null;
  ip: string | null;
  action: string;
  object_type: string | null;
  object_id: number | null;
  before_json: string | null;
  after_json: string | null;
  result: 'ok' | 'failed' | 'denied';
  detail: string | null;
}

export interface DataVersionTable {
  id: number;
  version: number;
}

/** Bumped by every write inside a district (migration 0009); district 0: what every page depends on. */
export interface DistrictVersionsTable {
  district_id: number;
  version: number;
}

/** A later change of a batch's or project's target: the baseline stays on the row itself. */
export interface TargetRevisionsTable {
  id: Generated<number>;
  scope_type: 'batch' | 'project';
  scope_id: number;
  revised_on: string;
  target_date: string | null;
  target_precision: 'day' | 'month' | 'year';
  reason: string;
  user_id: number | null;
  username: string | null;
  created_at: string;
}

export interface Database {
  feedback: FeedbackTable;
  feedback_versions: FeedbackVersionsTable;
  satisfaction_ratings: SatisfactionRatingsTable;
  data_version: DataVersionTable;
  district_versions: DistrictVersionsTable;
  household_counts: HouseholdCountsTable;
  household_changes: HouseholdChangesTable;
  allowance_rules: AllowanceRulesTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  rollup_changes: RollupChangesTable;
  rollup_totals: RollupTotalsTable;
  sources: SourcesTable;
  districts: DistrictsTable;
  subdistricts: SubdistrictsTable;
  villages: VillagesTable;
  projects: ProjectsTable;
  batches: BatchesTable;
  target_revisions: TargetRevisionsTable;
  buildings: BuildingsTable;
  milestones: MilestonesTable;
  progress_reports: ProgressReportsTable;
  stage_weights: StageWeightsTable;
  settings: SettingsTable;
}

export type SourceRow = Selectable<SourcesTable>;
export type DistrictRow = Selectable<DistrictsTable>;
export type VillageRow = Selectable<VillagesTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type NewProject = Insertable<ProjectsTable>;
export type ProjectUpdate = Updateable<ProjectsTable>;
export type BatchRow = Selectable<BatchesTable>;
export type TargetRevisionRow = Selectable<TargetRevisionsTable>;
export type BuildingRow = Selectable<BuildingsTable>;
export type MilestoneRow = Selectable<MilestonesTable>;
export type ReportRow = Selectable<ProgressReportsTable>;
export type UserRow = Selectable<UsersTable>;
export type AuditRow = Selectable<AuditLogTable>;

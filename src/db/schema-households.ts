// Households after delivery and the allowance rules (migration 0010), beside the model in schema.ts.
import type { Generated } from 'kysely';
import type { RollupChangesTable } from './schema';

/** A batch's household counts as of a day, cumulative (migration 0010): counted, never named. */
export interface HouseholdCountsTable {
  id: Generated<number>;
  batch_id: number;
  as_of: string;
  households: number;
  allocated: number;
  notices: number;
  handed_over: number;
  moved_in: number;
  certificates: number;
  is_correction: Generated<number>;
  correction_reason: string | null;
  source_id: number | null;
  created_at: string;
}

/** One scope's difference of household counts on a day (src/domain/household-changes.ts). */
export interface HouseholdChangesTable {
  scope_type: RollupChangesTable['scope_type'];
  scope_id: number;
  date: string;
  households: number;
  allocated: number;
  notices: number;
  handed_over: number;
  moved_in: number;
  certificates: number;
}

/** One escalation step of a district's transitional allowance rule (src/domain/allowance.ts). */
export interface AllowanceRulesTable {
  id: Generated<number>;
  district_id: number;
  effective_from: string;
  basis: 'household' | 'm2';
  amount_yuan: number;
  min_area_m2: number | null;
  after_months: number;
  multiplier: number;
  paid_until: 'handover_month' | 'notice_next_month';
}

import type { Db } from '../db/create-db';
import type { IsoDate } from '../domain/types';
import { readDistrict, type DistrictAllowance, type FiguresView } from './scope-read.service';

export interface DashboardData extends FiguresView {
  /** The rate the costs of delay were computed with; null when no administrator has set it. */
  monthlyAllowanceYuanPerHousehold: number | null;
  /** The district's allowance rules and its batches' household records (the cost of delay by rule). */
  allowance: DistrictAllowance;
}

/** One district's figures as of `asOf` (the first district when none is named), every district's name, and the allowance rate. */
export async function loadDashboard(db: Db, districtId: number | null, asOf: IsoDate): Promise<DashboardData> {
  const view = await readDistrict(db, districtId, asOf, { allowance: true });
  return {
    ...view, snapshot: { ...view.snapshot, districts: view.districts }, monthlyAllowanceYuanPerHousehold: view.monthlyAllowanceYuanPerHousehold ?? null,
    allowance: view.allowance ?? { rules: [], records: new Map() },
  };
}

import type { Db } from '../db/create-db';
import type { IsoDate } from '../domain/types';
import { readDistrict, type FiguresView } from './scope-read.service';

export interface DashboardData extends FiguresView {
  /** The rate the costs of delay were computed with; null when no administrator has set it. */
  monthlyAllowanceYuanPerHousehold: number | null;
}

/** One district's figures as of `asOf` (the first district when none is named), every district's name, and the allowance rate. */
export async function loadDashboard(db: Db, districtId: number | null, asOf: IsoDate): Promise<DashboardData> {
  const view = await readDistrict(db, districtId, asOf);
  return { ...view, snapshot: { ...view.snapshot, districts: view.districts }, monthlyAllowanceYuanPerHousehold: view.monthlyAllowanceYuanPerHousehold ?? null };
}

import type { IsoDate } from '../domain/types';
import type { FiguresCache } from './figures-cache';
import type { FiguresView } from './figures.service';

export interface DashboardData extends FiguresView {
  /** The rate the costs of delay were computed with; null when no administrator has set it. */
  monthlyAllowanceYuanPerHousehold: number | null;
}

/** Every figure as of `asOf`, and the allowance rate, which the dashboard names beside the costs. */
export async function loadDashboard(figures: FiguresCache, asOf: IsoDate): Promise<DashboardData> {
  // The cached object itself, not a copy, so that its lookup is built once per data version;
  // loadFigures always sets the rate, so nothing needs filling in.
  return (await figures.get(asOf)) as DashboardData;
}

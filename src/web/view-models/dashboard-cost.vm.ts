// The dashboard's cost of delay: per overdue batch and in total, by the single monthly rate of the
// settings, or, where the district has allowance rules, by them month by month.
import type { IsoDate } from '../../domain/types';
import type { DistrictAllowance } from '../../services/scope-read.service';
import type { LateItemVm } from './dashboard.vm';
import type { LinkVm } from './dashboard-links';
import { batchCostByRules } from './households.vm';
import type { Lookup } from './lookup';

export interface CostRowVm {
  item: LinkVm;
  project: LinkVm;
  historyHref: string;
  daysLate: number;
  households: number | null;
  /** Null when the batch's households are unknown: said so, never shown as 0. */
  monthsLate: number | null;
  costYuan: number | null;
}

export type CostVm =
  | { state: 'no_allowance'; overdueBatches: number }
  | { state: 'none_overdue'; allowanceYuan: number }
  | { state: 'computed'; allowanceYuan: number; rows: CostRowVm[]; totalYuan: number | null; counted: number; unknown: number }
  /** By the district's dated rules (households without keys, month by month, past the original target). */
  | { state: 'rules'; rulesFrom: IsoDate[]; rows: CostRowVm[]; totalYuan: number | null; thisMonthYuan: number; projectedYuan: number; counted: number; unknown: number };

/**
 * The cost by the district's rules of each late batch (overdue, or past its original target): to
 * date, this month, and projected to its forecast delivery; unknown where a batch's households are.
 */
export function costByRulesVm(late: readonly LateItemVm[], lookup: Lookup, allowance: DistrictAllowance): CostVm {
  const rows: CostRowVm[] = [];
  let thisMonthYuan = 0;
  let projectedYuan = 0;
  const used = new Set<IsoDate>();
  for (const x of late) {
    if (x.kind !== 'batch' || x.status === 'at_risk') continue;
    const batch = lookup.batch.get(x.item.id)!;
    const c = batchCostByRules(batch, lookup.figures.batches.get(batch.id)!, allowance.records.get(batch.id) ?? [], allowance.rules, lookup.figures.asOf);
    for (const d of c?.rulesUsed ?? []) used.add(d);
    thisMonthYuan += c?.thisMonthYuan ?? 0;
    projectedYuan += c?.projectedYuan ?? 0;
    const months = c ? c.months.filter((m) => !m.projected).length : null;
    rows.push({ item: x.item, project: x.project, historyHref: x.historyHref, daysLate: x.daysLate, households: c ? x.households ?? allowance.records.get(batch.id)?.at(-1)?.households ?? null : x.households, monthsLate: months, costYuan: c ? c.toDateYuan : null });
  }
  rows.sort((a, b) => (a.costYuan === null ? 1 : 0) - (b.costYuan === null ? 1 : 0) || (b.costYuan ?? 0) - (a.costYuan ?? 0) || b.daysLate - a.daysLate || a.item.id - b.item.id);
  const known = rows.filter((r) => r.costYuan !== null);
  return {
    state: 'rules', rulesFrom: [...used].sort(), rows, totalYuan: known.length ? known.reduce((s, r) => s + r.costYuan!, 0) : null,
    thisMonthYuan, projectedYuan, counted: known.length, unknown: rows.length - known.length,
  };
}

export function costVm(late: readonly LateItemVm[], allowance: number | null): CostVm {
  const overdue = late.filter((x) => x.kind === 'batch' && x.status === 'overdue');
  if (allowance === null) return { state: 'no_allowance', overdueBatches: overdue.length };
  if (overdue.length === 0) return { state: 'none_overdue', allowanceYuan: allowance };
  const rows: CostRowVm[] = overdue.map((x) => ({
    item: x.item, project: x.project, historyHref: x.historyHref, daysLate: x.daysLate, households: x.households,
    monthsLate: x.costOfDelay?.monthsLate ?? null, costYuan: x.costOfDelay?.costYuan ?? null,
  }));
  rows.sort((a, b) => (a.costYuan === null ? 1 : 0) - (b.costYuan === null ? 1 : 0)
    || (b.costYuan ?? 0) - (a.costYuan ?? 0) || b.daysLate - a.daysLate || a.item.id - b.item.id);
  const known = rows.filter((r) => r.costYuan !== null);
  return {
    state: 'computed', allowanceYuan: allowance, rows,
    totalYuan: known.length ? known.reduce((sum, r) => sum + r.costYuan!, 0) : null,
    counted: known.length, unknown: rows.length - known.length,
  };
}


// The dashboard's cost of delay: per overdue batch and in total, by the single monthly rate of the
// settings, or, where the district has allowance rules, by them month by month.
import type { IsoDate } from '../../domain/types';
import type { DistrictAllowance } from '../../services/scope-read.service';
import type { LateItemVm } from './dashboard.vm';
import { batchHref, HISTORY_ANCHOR, projectHref, type LinkVm, type NameOf } from './dashboard-links';
import type { Village } from '../../domain/entities';
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
 * The cost by the district's rules of every batch of the district that costs something past its
 * original target (late, or delivered late with households still waiting for keys, or moved to a
 * new target that it meets): to date, this month, and projected to its forecast delivery; unknown
 * (said so) where an overdue batch's households are.
 */
export function costByRulesVm(late: readonly LateItemVm[], lookup: Lookup, allowance: DistrictAllowance, villages: readonly Village[], nameOf: NameOf): CostVm {
  const overdue = new Set(late.filter((x) => x.kind === 'batch' && x.status === 'overdue').map((x) => x.item.id));
  const rows: CostRowVm[] = [];
  let thisMonthYuan = 0;
  let projectedYuan = 0;
  const used = new Set<IsoDate>();
  for (const v of villages) {
    for (const p of lookup.projectsOf.get(v.id) ?? []) {
      const project: LinkVm = { id: p.id, name: nameOf(p), href: projectHref(p.id), isDemo: p.isDemo || v.isDemo };
      for (const b of lookup.batchesOf.get(p.id) ?? []) {
        const summary = lookup.figures.batches.get(b.id)!;
        const records = allowance.records.get(b.id) ?? [];
        const c = batchCostByRules(b, summary, records, allowance.rules, lookup.figures.asOf);
        if (c ? c.toDateYuan === 0 && !c.projectedYuan : !overdue.has(b.id)) continue;
        for (const d of c?.rulesUsed ?? []) used.add(d);
        thisMonthYuan += c?.thisMonthYuan ?? 0;
        projectedYuan += c?.projectedYuan ?? 0;
        const item: LinkVm = { id: b.id, name: nameOf(b), href: batchHref(b.id), isDemo: project.isDemo };
        const d = summary.deadline;
        rows.push({
          item, project, historyHref: item.href + HISTORY_ANCHOR, daysLate: (d.original ?? d).daysLate ?? 0,
          // the count the cost used: the latest record's, else the batch's
          households: records.filter((r) => r.asOf <= lookup.figures.asOf).at(-1)?.households ?? b.households,
          monthsLate: c ? c.months.filter((m) => !m.projected).length : null, costYuan: c ? c.toDateYuan : null,
        });
      }
    }
  }
  rows.sort((a, b) => (a.costYuan === null ? 1 : 0) - (b.costYuan === null ? 1 : 0) || (b.costYuan ?? 0) - (a.costYuan ?? 0) || b.daysLate - a.daysLate || a.item.id - b.item.id);
  const known = rows.filter((r) => r.costYuan !== null);
  return {
    state: 'rules', rulesFrom: [...used].sort(), rows, totalYuan: known.length ? known.reduce((sum, r) => sum + r.costYuan!, 0) : null,
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


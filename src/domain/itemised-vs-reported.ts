// Where a scope has both itemised data (its buildings) and a reported aggregate, the two are put
// side by side and a difference is flagged. A reported figure is compared with the itemised one as of
// the report's own date, so that progress made since the report is not taken for a discrepancy.
import type { ConsistencyFinding, ItemisedField } from './consistency-findings';
import type { AreaFacts, ReportFacts } from './types';
import { itemisedArea } from './progress';
import { tallyAsOf, type TallyChange } from './tally';

/**
 * A published quantity is rounded to its last non-zero digit ("约1474万平方米" is 14,740,000 to the
 * nearest 10,000), so it stands for ± half of that unit.
 */
export function roundingHalfWidth(value: number): number {
  if (!Number.isInteger(value) || value === 0) return 0;
  let unit = 1;
  while (value % (unit * 10) === 0) unit *= 10;
  return unit === 1 ? 0 : unit / 2;
}

export interface ItemisedOnDate {
  /** The scope's area figures now (the planned area does not depend on the date). */
  area: AreaFacts;
  /** The scope's dated changes: its started and delivered area on the report's date come from them. */
  changes: readonly TallyChange[];
}

/**
 * One finding per quantity that both sides give: `itemised_agrees` when the itemised figure lies
 * within the reported figure's rounding, `itemised_differs` otherwise. Where the itemised figure is
 * a lower bound (not every building registered), only an itemised figure above the reported one is
 * a discrepancy; below it, nothing can be said and nothing is flagged.
 */
export function compareItemised(itemised: ItemisedOnDate, report: ReportFacts): ConsistencyFinding[] {
  const { area } = itemised;
  if (area.plannedAreaM2 === null) return [];
  // Started and delivered are compared only where the itemised side covers the whole scope on its
  // own buildings (a planned area standing for unregistered buildings has no dated history).
  const dated = area.plannedAreaBasis === 'buildings';
  const then = dated ? itemisedArea(tallyAsOf(itemised.changes, report.asOf)) : null;
  const pairs: { field: ItemisedField; itemised: number | null; reported: number | null; lowerBound: boolean }[] = [
    { field: 'plannedAreaM2', itemised: area.plannedAreaM2, reported: report.plannedAreaM2, lowerBound: false },
    { field: 'startedAreaM2', itemised: then?.startedAreaM2 ?? null, reported: report.startedAreaM2, lowerBound: area.areaPartial },
    { field: 'deliveredAreaM2', itemised: then?.deliveredAreaM2 ?? null, reported: report.deliveredAreaM2, lowerBound: area.areaPartial },
  ];
  const out: ConsistencyFinding[] = [];
  for (const p of pairs) {
    if (p.itemised === null || p.reported === null) continue;
    const half = roundingHalfWidth(p.reported);
    const above = p.itemised > p.reported + half;
    const below = p.itemised < p.reported - half;
    if (p.lowerBound && below) continue;
    const finding = { field: p.field, itemised: p.itemised, reported: p.reported, reportAsOf: report.asOf };
    out.push(above || below
      ? { code: 'itemised_differs', severity: 'warning', ...finding }
      : { code: 'itemised_agrees', severity: 'ok', ...finding });
  }
  return out;
}

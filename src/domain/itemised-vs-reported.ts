// Where a scope has both itemised data (its buildings) and a reported aggregate, the two are put
// side by side and a difference is flagged. A reported figure is compared with the itemised one as of
// the report's own date, so that progress made since the report is not taken for a discrepancy.
import type { ConsistencyFinding, ItemisedField } from './consistency-findings';
import type { AreaFacts, IsoDate, ReportFacts, Stage, StageEvent } from './types';
import { isDelivered, isStarted, stageIndex } from './stages';

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

/** A building's stage on `date`: its latest event by then (the furthest on a day with several); `planned` before any. */
export function stageOn(events: readonly StageEvent[], date: IsoDate): Stage {
  let best: StageEvent | null = null;
  for (const e of events) {
    if (e.date > date) continue;
    if (!best || e.date > best.date || (e.date === best.date && stageIndex(e.stage) > stageIndex(best.stage))) best = e;
  }
  return best?.stage ?? 'planned';
}

export interface ItemisedOnDate {
  /** The scope's area figures now (the planned area does not depend on the date). */
  area: AreaFacts;
  /** Started and delivered area on the report's date, from the buildings' stage events; null when an area is unknown. */
  startedOn: (date: IsoDate) => number | null;
  deliveredOn: (date: IsoDate) => number | null;
}

/** For a set of buildings with known areas and their events: started/delivered area on a date. */
export function areaOnDate(
  buildings: readonly { id: number; floorAreaM2: number | null }[],
  eventsOf: (buildingId: number) => readonly StageEvent[],
): { startedOn: (date: IsoDate) => number | null; deliveredOn: (date: IsoDate) => number | null } {
  const sum = (date: IsoDate, pick: (s: Stage) => boolean) => {
    let total = 0;
    for (const b of buildings) {
      if (b.floorAreaM2 === null) return null;
      if (pick(stageOn(eventsOf(b.id), date))) total += b.floorAreaM2;
    }
    return total;
  };
  return { startedOn: (d) => sum(d, isStarted), deliveredOn: (d) => sum(d, isDelivered) };
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
  const pairs: { field: ItemisedField; itemised: number | null; reported: number | null; lowerBound: boolean }[] = [
    { field: 'plannedAreaM2', itemised: area.plannedAreaM2, reported: report.plannedAreaM2, lowerBound: false },
    { field: 'startedAreaM2', itemised: dated ? itemised.startedOn(report.asOf) : null, reported: report.startedAreaM2, lowerBound: area.areaPartial },
    { field: 'deliveredAreaM2', itemised: dated ? itemised.deliveredOn(report.asOf) : null, reported: report.deliveredAreaM2, lowerBound: area.areaPartial },
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

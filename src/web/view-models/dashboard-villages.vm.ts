// Villages side by side: one row per village of a district, sortable on the server by whitelisted keys.
import type { Village } from '../../domain/entities';
import type { IsoDate, ProgressBasis, ScopeFigures } from '../../domain/types';

type PlannedAreaBasis = NonNullable<ScopeFigures['plannedAreaBasis']>;
import type { ChartSpec } from './charts';
import type { Lookup } from './lookup';
import { compareNullsLast, HISTORY_ANCHOR, villageHref, type LinkVm, type NameOf, type T } from './dashboard-links';

export const VILLAGE_SORT_KEYS = [
  'village', 'planned', 'started', 'delivered', 'startRate', 'deliveryRate', 'progress', 'returnRate', 'overdue', 'atRisk', 'updated',
] as const;
export type VillageSortKey = (typeof VILLAGE_SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export const DEFAULT_VILLAGE_SORT: VillageSortKey = 'overdue';

/** Names read A→Z; every figure reads most first (most late, most advanced, latest update). */
export const defaultDir = (key: VillageSortKey): SortDir => (key === 'village' ? 'asc' : 'desc');

export interface VillageRowVm {
  village: LinkVm;
  /** The village page lists its reports under this anchor; its projects list the milestones. */
  historyHref: string;
  plannedAreaM2: number | null;
  /** Which planned area the rates use (the projects', the registered buildings', or both), and whether started and delivered count only some buildings. */
  plannedAreaBasis: PlannedAreaBasis | null;
  areaPartial: boolean;
  startedAreaM2: number | null;
  deliveredAreaM2: number | null;
  startRate: number | null;
  deliveryRate: number | null;
  progress: number | null;
  progressBasis: ProgressBasis;
  buildingCount: number;
  /** Households moved back / households, from the village's household records; without any, people returned / entitled, else households; null when none is known. */
  returnRate: number | null;
  overdue: number;
  atRisk: number;
  lastUpdate: IsoDate | null;
  stale: boolean;
}

export function villageRow(village: Village, lookup: Lookup, nameOf: NameOf): VillageRowVm {
  const s = lookup.figures.villages.get(village.id)!;
  const f = s.figures;
  return {
    village: { id: village.id, name: nameOf(village), href: villageHref(village.id), isDemo: village.isDemo },
    historyHref: villageHref(village.id) + HISTORY_ANCHOR,
    plannedAreaM2: f.plannedAreaM2,
    plannedAreaBasis: f.plannedAreaBasis,
    areaPartial: f.areaPartial,
    startedAreaM2: f.startedAreaM2,
    deliveredAreaM2: f.deliveredAreaM2,
    startRate: f.startRate,
    deliveryRate: f.deliveryRate,
    progress: f.constructionProgress,
    progressBasis: f.progressBasis,
    buildingCount: f.buildingCount,
    returnRate: lookup.households?.villages.get(village.id)?.rates.movedIn.rate ?? f.peopleReturnRate ?? f.householdReturnRate,
    overdue: s.deadlineCounts.overdue,
    atRisk: s.deadlineCounts.at_risk,
    lastUpdate: s.lastUpdate,
    stale: s.staleness.stale,
  };
}

function sortValue(r: VillageRowVm, key: VillageSortKey): number | string | null {
  switch (key) {
    case 'village': return r.village.name;
    case 'planned': return r.plannedAreaM2;
    case 'started': return r.startedAreaM2;
    case 'delivered': return r.deliveredAreaM2;
    case 'startRate': return r.startRate;
    case 'deliveryRate': return r.deliveryRate;
    case 'progress': return r.progress;
    case 'returnRate': return r.returnRate;
    case 'overdue': return r.overdue;
    case 'atRisk': return r.atRisk;
    case 'updated': return r.lastUpdate;
  }
}

/** A new array sorted by `key`; missing values last in either direction, ties by village id. */
export function sortVillageRows(rows: readonly VillageRowVm[], key: VillageSortKey, dir: SortDir): VillageRowVm[] {
  const d = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) =>
    compareNullsLast(sortValue(a, key), sortValue(b, key), d, key === 'village') || a.village.id - b.village.id);
}

/** The rates of the table, in the table's order, as one grouped bar chart. */
export function villageComparisonChart(rows: readonly VillageRowVm[], t: T): ChartSpec | null {
  if (rows.length === 0) return null;
  return {
    type: 'bar',
    unit: 'percent',
    labels: rows.map((r) => r.village.name),
    datasets: [
      { label: t('figure.constructionProgress'), data: rows.map((r) => r.progress) },
      { label: t('figure.startRate'), data: rows.map((r) => r.startRate) },
      { label: t('figure.deliveryRate'), data: rows.map((r) => r.deliveryRate) },
      { label: t('figure.returnRate'), data: rows.map((r) => r.returnRate) },
    ],
  };
}

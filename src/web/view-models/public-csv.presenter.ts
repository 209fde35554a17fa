// The public figures file: one row per project, public figures only (allow-listed here: no
// personal data, no staff names, no notes), demonstration rows flagged. Rates are fractions 0–1.
import type { OutCell } from '../../domain/export-rows';
import { formatPeriod } from '../../domain/import-cells';
import type { Lookup } from './lookup';
import type { HouseholdLadder } from '../../domain/households';

type T = (key: string, opts?: Record<string, unknown>) => string;

const COLUMNS = [
  'district', 'village', 'project', 'kind', 'status', 'constructionProgress', 'startRate', 'deliveryRate',
  'nextDeadline', 'nextDeadlineStatus', 'lastUpdate', 'demo', 'nextDeadlineOriginal',
  // households after delivery (sums of the batches' records): counts, and the fraction with keys and moved back
  'households', 'householdsAllocated', 'householdsHandedOver', 'householdsMovedIn', 'householdsCertificates', 'handoverRate', 'householdReturnRate', 'householdsAsOf',
] as const;

const fraction = (n: number | null): number | null => (n === null || !Number.isFinite(n) ? null : Math.round(n * 10000) / 10000);

/** A project's household columns, empty where none are recorded. */
function householdCells(h: HouseholdLadder | undefined): OutCell[] {
  if (!h) return [null, null, null, null, null, null, null, null];
  return [h.households, h.counts.allocated, h.counts.handedOver, h.counts.movedIn, h.counts.certificates, fraction(h.rates.handedOver.rate), fraction(h.rates.movedIn.rate), h.asOf];
}

export function publicCsvTable(lookup: Lookup, t: T): { headers: string[]; rows: OutCell[][] } {
  const rows: OutCell[][] = [];
  for (const district of lookup.snapshot.districts) {
    for (const village of lookup.villagesOf.get(district.id) ?? []) {
      for (const project of lookup.projectsOf.get(village.id) ?? []) {
        const s = lookup.figures.projects.get(project.id);
        const next = s?.nextDeadline ?? null;
        const demo = district.isDemo || village.isDemo || project.isDemo;
        rows.push([
          district.nameZh, village.nameZh, project.nameZh, t(`kind.${project.kind}`), t(`derivedStatus.${s?.status.status ?? 'not_started'}`),
          fraction(s?.figures.constructionProgress ?? null), fraction(s?.figures.startRate ?? null), fraction(s?.figures.deliveryRate ?? null),
          next ? formatPeriod(next.targetDate, next.targetPrecision) : null, next?.status ? t(`status.${next.status}`) : null,
          s?.lastUpdate ?? null, t(demo ? 'exporter.yes' : 'exporter.no'),
          // the first target ever entered for that deadline (the same as the current one unless it was revised)
          next?.original ? formatPeriod(next.original.targetDate, next.original.targetPrecision) : null,
          ...householdCells(lookup.households?.projects.get(project.id)),
        ]);
      }
    }
  }
  return { headers: COLUMNS.map((c) => t(`exporter.publicHeaders.${c}`)), rows };
}

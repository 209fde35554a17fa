// The latest report of a scope, the rates its own quantities give, and what the checks found.
import type { Report } from './entities';
import type { IsoDate } from './types';
import { checkReport, checkSeries, type ConsistencyFinding } from './consistency';
import { ratio } from './progress';

export interface ReportSummary {
  latest: Report;
  reportCount: number;
  /** Rates computed from the report's own quantities, where it gives the denominator. */
  computed: { startRate: number | null; deliveryRate: number | null; returnRate: number | null };
  findings: ConsistencyFinding[];
}

export function latestDate(dates: readonly (IsoDate | null | undefined)[]): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const d of dates) if (d && (latest === null || d > latest)) latest = d;
  return latest;
}

/** `reports` sorted by date; null when there are none. */
export function summariseReports(reports: readonly Report[]): ReportSummary | null {
  const latest = reports[reports.length - 1];
  if (!latest) return null;
  return {
    latest,
    reportCount: reports.length,
    computed: {
      startRate: ratio(latest.startedAreaM2, latest.plannedAreaM2),
      deliveryRate: ratio(latest.deliveredAreaM2, latest.plannedAreaM2),
      returnRate: ratio(latest.peopleReturned, latest.peopleEntitled) ?? ratio(latest.householdsReturned, latest.householdsEntitled),
    },
    findings: [...checkReport(latest), ...checkSeries(reports)],
  };
}

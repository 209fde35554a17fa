// The latest report of a scope, the rates its own quantities give, and what the checks found.
import type { Report } from './entities';
import type { IsoDate } from './types';
import { checkReport, checkSeries, type ConsistencyFinding } from './consistency';
import { ratio } from './progress';
import { compareItemised, type ItemisedOnDate } from './itemised-vs-reported';

export interface ReportSummary {
  latest: Report;
  reportCount: number;
  /** Rates computed from the report's own quantities, where it gives the denominator. */
  computed: { startRate: number | null; deliveryRate: number | null; returnRate: number | null };
  findings: ConsistencyFinding[];
}

export function latestDate(dates: readonly (IsoDate | null | undefined)[]): IsoDate | null {
  let latest: IsoDate | null = null;
  // Stryker disable next-line EqualityOperator: an equal date replacing an equal date is the same date
  for (const d of dates) if (d && (latest === null || d > latest)) latest = d;
  return latest;
}

/** The latest by date (then by id): what "the report of this scope" means. */
export function sortReports(reports: readonly Report[]): Report[] {
  return [...reports].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : a.id - b.id));
}

/** Null when there are none; `itemised`: the scope's own buildings, compared with the latest report. */
export function summariseReports(reports: readonly Report[], itemised: ItemisedOnDate | null = null): ReportSummary | null {
  const sorted = sortReports(reports);
  const latest = sorted[sorted.length - 1];
  if (!latest) return null;
  return {
    latest,
    reportCount: reports.length,
    computed: {
      startRate: ratio(latest.startedAreaM2, latest.plannedAreaM2),
      deliveryRate: ratio(latest.deliveredAreaM2, latest.plannedAreaM2),
      returnRate: ratio(latest.peopleReturned, latest.peopleEntitled) ?? ratio(latest.householdsReturned, latest.householdsEntitled),
    },
    findings: [...checkReport(latest), ...checkSeries(sorted), ...(itemised ? compareItemised(itemised, latest) : [])],
  };
}

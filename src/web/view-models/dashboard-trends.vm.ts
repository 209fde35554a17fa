// Figures over time (reported totals of a district, milestone-derived progress of its villages) and
// what the consistency checks found in the published figures of every scope with reports.
import type { District, Report, Village } from '../../domain/entities';
import type { ConsistencyFinding } from '../../domain/consistency-findings';
import type { IsoDate, ProgressPoint } from '../../domain/types';
import type { ReportSummary } from '../../domain/report-summary';
import { endOfMonth } from '../../domain/dates';
import type { Formatter } from '../format';
import type { ChartSpec } from './charts';
import type { Lookup } from './lookup';
import {
  districtHref, HISTORY_ANCHOR, projectHref, villageHref, type NameOf, type T,
} from './dashboard-links';
import type { VillageRowVm } from './dashboard-villages.vm';

/** Chart.js repeats its five colours after five lines; more villages are read on their own pages. */
export const MAX_TREND_VILLAGES = 5;

export interface ReportRowVm {
  date: IsoDate;
  startedAreaM2: number | null;
  deliveredAreaM2: number | null;
  peopleReturned: number | null;
  isCorrection: boolean;
  sourceTitle: string | null;
}

export interface TrendsVm {
  /** Reports of the district, newest first. */
  reports: ReportRowVm[];
  /** Null when the district has fewer than two reports. */
  reportsChart: ChartSpec | null;
  /** Null when no village has milestones on two different dates. */
  progressChart: ChartSpec | null;
  /** Villages drawn / villages that have a history. */
  progressVillages: { shown: number; withHistory: number };
}

function reportsChart(reports: readonly Report[], t: T, fmt: Formatter): ChartSpec | null {
  if (reports.length < 2) return null;
  return {
    type: 'line',
    unit: 'm2',
    labels: reports.map((r) => fmt.date(r.asOf)),
    datasets: [
      { label: t('figure.startedArea'), data: reports.map((r) => r.startedAreaM2) },
      { label: t('figure.deliveredArea'), data: reports.map((r) => r.deliveredAreaM2) },
    ],
  };
}

/** Month ends from the month of `from` to the month of `asOf` (the last one cut at `asOf`). */
export function monthEnds(from: IsoDate, asOf: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(asOf.slice(0, 4));
  const endM = Number(asOf.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    const end = endOfMonth(y, m);
    out.push(end < asOf ? end : asOf);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/** Progress at each date: the latest point on or before it, null before the first. */
export function sampleProgress(points: readonly ProgressPoint[], dates: readonly IsoDate[]): (number | null)[] {
  return dates.map((d) => {
    let value: number | null = null;
    for (const p of points) if (p.date <= d) value = p.progress;
    return value;
  });
}

function progressChart(rows: readonly VillageRowVm[], lookup: Lookup, fmt: Formatter) {
  const asOf = lookup.figures.asOf;
  const withHistory = rows
    .map((r) => ({ row: r, points: lookup.figures.villages.get(r.village.id)!.history.filter((p) => p.date <= asOf) }))
    .filter((x) => new Set(x.points.map((p) => p.date)).size >= 2);
  const shown = withHistory.slice(0, MAX_TREND_VILLAGES);
  const first = shown.map((x) => x.points[0]!.date).sort()[0];
  if (!first) return { chart: null, shown: 0, withHistory: 0 };
  const dates = monthEnds(first, asOf);
  const chart: ChartSpec = {
    type: 'line',
    unit: 'percent',
    labels: dates.map((d) => fmt.date(d, 'month')),
    datasets: shown.map((x) => ({ label: x.row.village.name, data: sampleProgress(x.points, dates) })),
  };
  return { chart, shown: shown.length, withHistory: withHistory.length };
}

export function trendsVm(district: District, rows: readonly VillageRowVm[], lookup: Lookup, t: T, fmt: Formatter): TrendsVm {
  const reports = lookup.reportsOf('district', district.id).filter((r) => r.asOf <= lookup.figures.asOf);
  const progress = progressChart(rows, lookup, fmt);
  return {
    reports: [...reports].reverse().map((r) => ({
      date: r.asOf,
      startedAreaM2: r.startedAreaM2,
      deliveredAreaM2: r.deliveredAreaM2,
      peopleReturned: r.peopleReturned,
      isCorrection: r.isCorrection,
      sourceTitle: r.sourceId === null ? null : lookup.source.get(r.sourceId)?.title ?? null,
    })),
    reportsChart: reportsChart(reports, t, fmt),
    progressChart: progress.chart,
    progressVillages: { shown: progress.shown, withHistory: progress.withHistory },
  };
}

export interface FindingScopeVm {
  scopeType: 'district' | 'village' | 'project';
  name: string;
  /** The page where the scope's latest report and its history are shown. */
  href: string;
  isDemo: boolean;
  reportDate: IsoDate;
  reportCount: number;
  findings: ConsistencyFinding[];
  warnings: number;
}

/** Every scope of the district that has reports: the district, then its villages, then their projects. */
export function findingsVm(district: District, villages: readonly Village[], lookup: Lookup, nameOf: NameOf): FindingScopeVm[] {
  const out: FindingScopeVm[] = [];
  const add = (scopeType: FindingScopeVm['scopeType'], entity: { nameZh: string; nameEn: string | null; isDemo: boolean },
    href: string, reported: ReportSummary | null) => {
    if (!reported) return;
    out.push({
      scopeType, name: nameOf(entity), href, isDemo: entity.isDemo,
      reportDate: reported.latest.asOf, reportCount: reported.reportCount,
      findings: reported.findings, warnings: reported.findings.filter((f) => f.severity === 'warning').length,
    });
  };
  add('district', district, `${districtHref(district.id)}#h-consistency`, lookup.figures.districts.get(district.id)!.reported);
  for (const v of villages) add('village', v, villageHref(v.id) + HISTORY_ANCHOR, lookup.figures.villages.get(v.id)!.reported);
  for (const v of villages) {
    for (const p of lookup.projectsOf.get(v.id) ?? []) {
      add('project', { ...p, isDemo: p.isDemo || v.isDemo }, projectHref(p.id) + HISTORY_ANCHOR, lookup.figures.projects.get(p.id)!.reported);
    }
  }
  return out;
}

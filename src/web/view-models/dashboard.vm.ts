// The officials' dashboard of one district: what is late, what the delays cost, the villages side by
// side, trends and the checks of published figures. A pure function of the lookup; names resolved here.
import type { District, ProjectHalt, Village } from '../../domain/entities';
import type { CostOfDelay, Staleness } from '../../domain/deadlines';
import type { Forecast } from '../../domain/forecast';
import type { AggregateSummary, Deadline, DeadlineCounts, ScopeSummary } from '../../domain/scopes';
import type { DatePrecision, IsoDate, ProgressBasis } from '../../domain/types';
import type { StatusOf } from '../../domain/status';
import type { Formatter } from '../format';
import type { ChartSpec } from './charts';
import { must, type Lookup } from './lookup';
import {
  batchHref, districtLink, HISTORY_ANCHOR, projectHref, villageHref, type LinkVm, type NameOf, type T,
} from './dashboard-links';
import {
  sortVillageRows, villageComparisonChart, villageRow, type SortDir, type VillageRowVm, type VillageSortKey,
} from './dashboard-villages.vm';
import { findingsVm, trendsVm, type FindingScopeVm, type TrendsVm } from './dashboard-trends.vm';
import { statusVm, type StatusVm } from './status.vm';
import { slipsVm, type SlipPeriodVm } from './dashboard-slips.vm';
import { costByRulesVm, costVm, type CostVm } from './dashboard-cost.vm';
import type { DistrictAllowance } from '../../services/scope-read.service';
import { movedInOf } from './households.vm';

export interface LateItemVm {
  kind: 'batch' | 'project';
  /** The batch, or the project when it has no batches. */
  item: LinkVm;
  project: LinkVm;
  village: LinkVm;
  /** The page section listing the milestones and reports behind the figures. */
  historyHref: string;
  /**
   * Against the current target; `slipped` is on track against it but past the original target it
   * was moved from, and not yet delivered (lateness is shown against both targets).
   */
  status: 'overdue' | 'at_risk' | 'slipped';
  /** Its status badge: what its buildings show (or the project's halt) beside how late it is. */
  state: StatusVm;
  daysLate: number;
  targetDate: IsoDate;
  targetPrecision: DatePrecision;
  /** The first target ever entered, where a revision moved it: lateness is shown against both. */
  original: { targetDate: IsoDate; targetPrecision: DatePrecision; daysLate: number | null } | null;
  forecast: Forecast;
  lastUpdate: IsoDate | null;
  daysSinceUpdate: number | null;
  stale: boolean;
  progress: number | null;
  progressBasis: ProgressBasis;
  households: number | null;
  costOfDelay: CostOfDelay | null;
}

/** One of the district's rates as a headline card: the reported rate (as published, else worked out from the report's own figures) beside this tracker's itemised one. */
export interface RateCardVm {
  key: 'startRate' | 'deliveryRate' | 'returnRate';
  reported: number | null;
  /** `published`: the rate as the source printed it (rounded); `computed`: from the report's quantities. */
  reportedKind: 'published' | 'computed' | null;
  reportDate: IsoDate | null;
  /** The report is older than the staleness limit: the rate is as old as it. */
  reportStale: boolean;
  itemised: number | null;
  /** Where the itemised rate comes from: the buildings (areas), the household records, or the people entered. */
  itemisedFrom: 'buildings' | 'households' | 'people';
}

/** The district's rates; the return rate from its household records where it has any (`movedIn`). */
export function rateCards(summary: AggregateSummary, movedIn: { rate: number | null } | null = null): RateCardVm[] {
  const r = summary.reported;
  const l = r?.latest ?? null;
  const f = summary.figures;
  const card = (key: RateCardVm['key'], published: number | null | undefined, computed: number | null | undefined, itemised: number | null, itemisedFrom: RateCardVm['itemisedFrom'] = 'buildings'): RateCardVm => {
    const reported = published ?? computed ?? null;
    return {
      key, reported, reportedKind: published != null ? 'published' : computed != null ? 'computed' : null,
      reportDate: reported === null ? null : l?.asOf ?? null, reportStale: reported !== null && (summary.reportStaleness?.stale ?? false), itemised, itemisedFrom,
    };
  };
  return [
    card('startRate', l?.publishedStartRate, r?.computed.startRate, f.startRate),
    card('deliveryRate', l?.publishedDeliveryRate, r?.computed.deliveryRate, f.deliveryRate),
    movedIn
      ? card('returnRate', l?.publishedReturnRate, r?.computed.returnRate, movedIn.rate, 'households')
      : card('returnRate', l?.publishedReturnRate, r?.computed.returnRate, f.peopleReturnRate ?? f.householdReturnRate, 'people'),
  ];
}

export interface DashboardVm {
  asOf: IsoDate;
  district: LinkVm | null;
  districts: LinkVm[];
  /** For the "as of" line: the district's latest milestone or report. */
  freshness: { lastUpdate: IsoDate | null; staleness: Staleness; reportStaleness: Staleness | null } | null;
  counts: DeadlineCounts;
  /** On track and not in the late list (a slipped item is on track and listed). */
  onTrackUnlisted: number;
  /** The district's start, delivery and return rates. */
  rates: RateCardVm[];
  late: LateItemVm[];
  cost: CostVm;
  villages: VillageRowVm[];
  sort: VillageSortKey;
  dir: SortDir;
  charts: { villages: ChartSpec | null };
  trends: TrendsVm | null;
  findings: FindingScopeVm[];
  findingWarnings: number;
  hasDemo: boolean;
  /** Targets put back, by reporting period, newest first. */
  slips: SlipPeriodVm[];
}

export interface DashboardOptions {
  districtId: number | null;
  sort: VillageSortKey;
  dir: SortDir;
  monthlyAllowanceYuanPerHousehold: number | null;
  /** The district's allowance rules and its batches' household records: with rules, the cost is worked out by them. */
  allowance?: DistrictAllowance;
  t: T;
  fmt: Formatter;
  nameOf: NameOf;
}

const STATUS_RANK = { overdue: 0, at_risk: 1, slipped: 2 } as const;

/**
 * Overdue first, most days late first; then at risk, earliest target first; then slipped, most days
 * past the original target first; ties by kind and id.
 */
export function compareLate(a: LateItemVm, b: LateItemVm): number {
  return STATUS_RANK[a.status] - STATUS_RANK[b.status]
    || b.daysLate - a.daysLate
    || (b.original?.daysLate ?? 0) - (a.original?.daysLate ?? 0)
    || (a.targetDate < b.targetDate ? -1 : a.targetDate > b.targetDate ? 1 : 0)
    || a.kind.localeCompare(b.kind)
    || a.item.id - b.item.id;
}

function lateItem(kind: LateItemVm['kind'], item: LinkVm, project: LinkVm, village: LinkVm, d: Deadline, s: ScopeSummary & { status: StatusOf },
  halted: ProjectHalt | null, households: number | null, costOfDelay: CostOfDelay | null): LateItemVm | null {
  if (d.targetDate === null) return null;
  const moved = d.original && d.original.targetDate !== d.targetDate ? d.original : null;
  const status = d.status === 'overdue' || d.status === 'at_risk' ? d.status
    : d.status === 'on_track' && moved?.status === 'overdue' ? 'slipped' : null;
  if (status === null) return null;
  return {
    kind, item, project, village, historyHref: item.href + HISTORY_ANCHOR,
    status, state: statusVm(s.status, d, halted), daysLate: d.daysLate ?? 0, targetDate: d.targetDate, targetPrecision: d.targetPrecision,
    original: moved ? { targetDate: moved.targetDate, targetPrecision: moved.targetPrecision, daysLate: moved.daysLate } : null,
    forecast: s.forecast, lastUpdate: s.lastUpdate, daysSinceUpdate: s.staleness.daysSince, stale: s.staleness.stale,
    progress: s.figures.constructionProgress, progressBasis: s.figures.progressBasis, households, costOfDelay,
  };
}

/** Batches, and projects without batches, that are overdue or at risk, in the order of compareLate. */
function lateItems(villages: readonly Village[], lookup: Lookup, nameOf: NameOf): LateItemVm[] {
  const out: (LateItemVm | null)[] = [];
  const link = (x: { id: number; nameZh: string; nameEn: string | null }, href: string, isDemo: boolean): LinkVm =>
    ({ id: x.id, name: nameOf(x), href, isDemo });
  for (const v of villages) {
    const village = link(v, villageHref(v.id), v.isDemo);
    for (const p of lookup.projectsOf.get(v.id) ?? []) {
      const project = link(p, projectHref(p.id), p.isDemo || v.isDemo);
      const batches = lookup.batchesOf.get(p.id) ?? [];
      for (const b of batches) {
        const s = lookup.figures.batches.get(b.id)!;
        out.push(lateItem('batch', link(b, batchHref(b.id), project.isDemo), project, village, s.deadline, s, p.halted, b.households, s.costOfDelay));
      }
      if (batches.length === 0) {
        const s = lookup.figures.projects.get(p.id)!;
        out.push(lateItem('project', project, project, village, s.deadline, s, p.halted, null, null));
      }
    }
  }
  return out.filter((x): x is LateItemVm => x !== null).sort(compareLate);
}

const NO_COUNTS: DeadlineCounts = { delivered: 0, on_track: 0, at_risk: 0, overdue: 0 };

export function dashboardVm(lookup: Lookup, o: DashboardOptions): DashboardVm {
  const all = lookup.snapshot.districts;
  const districts = all.map((d) => districtLink(d, o.nameOf));
  const d: District | undefined = o.districtId !== null ? must(lookup.district, o.districtId, 'district') : all[0];
  if (!d) {
    return {
      asOf: lookup.figures.asOf, district: null, districts, freshness: null, counts: NO_COUNTS, onTrackUnlisted: 0, rates: [], late: [],
      cost: costVm([], o.monthlyAllowanceYuanPerHousehold), villages: [], sort: o.sort, dir: o.dir,
      charts: { villages: null }, trends: null, findings: [], findingWarnings: 0, hasDemo: false, slips: [],
    };
  }
  const summary = lookup.figures.districts.get(d.id)!;
  const villages = lookup.villagesOf.get(d.id) ?? [];
  const late = lateItems(villages, lookup, o.nameOf);
  const rows = sortVillageRows(villages.map((v) => villageRow(v, lookup, o.nameOf)), o.sort, o.dir);
  const findings = findingsVm(d, villages, lookup, o.nameOf);
  const projects = villages.flatMap((v) => lookup.projectsOf.get(v.id) ?? []);
  return {
    asOf: lookup.figures.asOf,
    district: districtLink(d, o.nameOf),
    districts,
    freshness: { lastUpdate: summary.lastUpdate, staleness: summary.staleness, reportStaleness: summary.reportStaleness },
    counts: summary.deadlineCounts,
    onTrackUnlisted: summary.deadlineCounts.on_track - late.filter((x) => x.status === 'slipped').length,
    rates: rateCards(summary, movedInOf(lookup.households?.districts.get(d.id))),
    late,
    cost: o.allowance?.rules.length ? costByRulesVm(late, lookup, o.allowance, villages, o.nameOf) : costVm(late, o.monthlyAllowanceYuanPerHousehold),
    villages: rows,
    sort: o.sort,
    dir: o.dir,
    charts: { villages: villageComparisonChart(rows, o.t) },
    trends: trendsVm(d, rows, lookup, o.t, o.fmt),
    findings,
    findingWarnings: findings.reduce((n, f) => n + f.warnings, 0),
    slips: slipsVm(villages, lookup, o.nameOf),
    hasDemo: d.isDemo || villages.some((v) => v.isDemo) || projects.some((p) => p.isDemo),
  };
}

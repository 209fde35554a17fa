import type { District, Project, Source, Village } from '../../domain/entities';
import type { AggregateSummary, ProjectSummary } from '../../domain/scopes';
import type { Formatter } from '../format';
import { deliveriesChart, stageChart, villageRatesChart, type ChartSpec } from './charts';
import { must, type Lookup } from './lookup';
import { pageOf, pagerVm, type PageQuery, type PagerVm } from './paging';
import { projectStatusVm, type StatusVm } from './status.vm';
import { districtHouseholdRatesVm, movedInOf, type HouseholdRatesVm } from './households.vm';

export const SORT_KEYS = ['deadline', 'village', 'project', 'progress', 'updated'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface ProjectRowVm {
  project: Project;
  village: Village;
  summary: ProjectSummary;
  status: StatusVm;
}

export interface OverviewVm {
  district: District | null;
  districts: District[];
  summary: AggregateSummary | null;
  reportSource: Source | null;
  villages: { village: Village; summary: AggregateSummary; projectCount: number }[];
  /** This page's rows of the whole list, sorted as a whole before it is cut into pages. */
  rows: ProjectRowVm[];
  pager: PagerVm | null;
  sort: SortKey;
  dir: SortDir;
  charts: { stages: ChartSpec; villages: ChartSpec; deliveries: ChartSpec } | null;
  hasDemo: boolean;
  households: HouseholdRatesVm | null;
  /** Households moved back, from the district's household records; null without any (the return rate then comes from the people entered). */
  movedIn: { count: number; rate: number | null } | null;
}

type T = (key: string, opts?: Record<string, unknown>) => string;

const nullsLast = (a: number | string | null, b: number | string | null, dir: number) => {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a < b ? -1 : a > b ? 1 : 0) * dir;
};

function sortRows(rows: ProjectRowVm[], key: SortKey, dir: SortDir, nameOf: (x: { nameZh: string; nameEn: string | null }) => string) {
  const d = dir === 'asc' ? 1 : -1;
  const value = (r: ProjectRowVm): number | string | null => {
    switch (key) {
      case 'village': return nameOf(r.village);
      case 'project': return nameOf(r.project);
      case 'progress': return r.summary.figures.constructionProgress;
      case 'updated': return r.summary.lastUpdate;
      case 'deadline': return r.summary.nextDeadline?.targetDate ?? null;
    }
  };
  return rows.sort((a, b) => nullsLast(value(a), value(b), d) || a.project.id - b.project.id);
}

export function overviewVm(
  lookup: Lookup,
  opts: { districtId: number | null; sort: SortKey; dir: SortDir; page: PageQuery; t: T; fmt: Formatter; nameOf: (x: { nameZh: string; nameEn: string | null }) => string },
): OverviewVm {
  const districts = lookup.snapshot.districts;
  const district = opts.districtId !== null ? must(lookup.district, opts.districtId, 'district') : districts[0] ?? null;
  if (!district) {
    return { district: null, districts, summary: null, reportSource: null, villages: [], rows: [], pager: null, sort: opts.sort, dir: opts.dir, charts: null, hasDemo: false, households: null, movedIn: null };
  }
  const summary = lookup.figures.districts.get(district.id)!;
  const villages = lookup.villagesOf.get(district.id) ?? [];
  const rows = villages.flatMap((village) =>
    (lookup.projectsOf.get(village.id) ?? []).map((project) => {
      const s = lookup.figures.projects.get(project.id)!;
      return { project, village, summary: s, status: projectStatusVm(s) };
    }),
  );
  const sorted = sortRows(rows, opts.sort, opts.dir, opts.nameOf);
  const base = `/?district=${district.id}&sort=${opts.sort}&dir=${opts.dir}`;
  const sourceId = summary.reported?.latest.sourceId ?? null;
  return {
    district,
    districts,
    summary,
    reportSource: sourceId === null ? null : lookup.source.get(sourceId) ?? null,
    villages: villages.map((village) => ({
      village,
      summary: lookup.figures.villages.get(village.id)!,
      projectCount: (lookup.projectsOf.get(village.id) ?? []).length,
    })),
    rows: pageOf(sorted, opts.page).items,
    pager: pagerVm(sorted.length, opts.page, (n) => (n === 1 ? base : `${base}&page=${n}`)),
    sort: opts.sort,
    dir: opts.dir,
    charts: {
      stages: stageChart(summary.figures, opts.t),
      villages: villageRatesChart(villages, lookup, opts.t, opts.nameOf),
      deliveries: deliveriesChart(villages, lookup, opts.t, opts.fmt),
    },
    hasDemo: district.isDemo || villages.some((v) => v.isDemo) || rows.some((r) => r.project.isDemo),
    movedIn: movedInOf(lookup.households?.districts.get(district.id)),
    households: districtHouseholdRatesVm(lookup.households?.districts.get(district.id), lookup.reportsOf('district', district.id), lookup.figures.asOf,
      villages.flatMap((v) => (lookup.projectsOf.get(v.id) ?? []).flatMap((p) => lookup.batchesOf.get(p.id) ?? [])), lookup.households?.batches ?? new Map()),
  };
}

import type { Batch, Building, District, Project, Report, ScopeRecord, Source, Village } from '../../domain/entities';
import type { AggregateSummary, BatchSummary, ProjectSummary } from '../../domain/scopes';
import { STAGES, type IsoDate, type ScopeFigures, type Stage } from '../../domain/types';
import type { BatchHouseholds, RecordPlace, RecordsPage } from '../../services/scope-read.service';
import type { CostOfDelayByRules } from '../../domain/allowance';
import { batchCostByRules, householdLadderVm, householdRatesVm, type HouseholdLadderVm, type HouseholdRatesVm } from './households.vm';
import { rulesInWords } from './allowance-rule.vm';
import type { Formatter } from '../format';
import { historyChart, stageChart, type ChartSpec } from './charts';
import { must, type Lookup } from './lookup';
import { pageOf, pagerVm, type PageQuery, type PagerVm } from './paging';
import { targetStory, type TargetStoryVm } from './target-story.vm';
import { projectStatusVm, recordedNote, statusVm, type RecordedNoteVm, type StatusVm } from './status.vm';

type T = (key: string, opts?: Record<string, unknown>) => string;

/** One line of the records list: "8 buildings reached landscaping on 8 Nov 2023 (source …)", or a report. */
export type RecordVm =
  | { kind: 'milestones'; date: IsoDate; stage: Stage; buildings: number; source: Source | null; correctionReason: string | null; place: RecordPlaceVm | null }
  | { kind: 'report'; date: IsoDate; report: Report; source: Source | null; place: RecordPlaceVm | null };

/** Where a record of a village's or a district's list happened (a project, the village, the district), with its page. */
export interface RecordPlaceVm { type: RecordPlace['type']; nameZh: string; nameEn: string | null; href: string }

/** The latest records a page lists, and how many there are in all (the records page lists them all). */
export interface RecordsVm {
  /** A batch's page lists its own records and links to all of its project's; a village's lists what happened in its projects too. */
  scope: 'project' | 'batch' | 'village' | 'district';
  items: RecordVm[];
  total: number;
  /** The page listing them all, when there are more than these. */
  allHref: string | null;
}

export interface BatchRowVm {
  batch: Batch;
  summary: BatchSummary;
  status: StatusVm;
  buildings: Building[];
  /** How many of its buildings stand at each stage (stages with none are absent): the ladder lights those, with their counts. */
  stages: Partial<Record<Stage, number>>;
  /** Σ dwelling units of its buildings (null when none gives it). */
  dwellingUnits: number | null;
  /** Its target's history: the original, the current, each change with its reason. */
  target: TargetStoryVm;
}

const placeHref = (p: Pick<RecordPlace, 'type' | 'id'>) => (p.type === 'project' ? `/projects/${p.id}` : p.type === 'village' ? `/villages/${p.id}` : `/?district=${p.id}`);

/**
 * The records as lines; `places` (a village's or a district's list) says for each in which project,
 * village or district it happened; a project's and a batch's lists leave that out.
 */
export function recordVms(records: readonly ScopeRecord[], sources: readonly Source[], places: readonly RecordPlace[] = []): RecordVm[] {
  const byId = new Map(sources.map((x) => [x.id, x]));
  const sourceOf = (id: number | null) => (id === null ? null : byId.get(id) ?? null);
  const where = new Map(places.map((p) => [`${p.type}:${p.id}`, { type: p.type, nameZh: p.nameZh, nameEn: p.nameEn, href: placeHref(p) }]));
  const placeOf = (type: RecordPlace['type'], id: number) => where.get(`${type}:${id}`) ?? null;
  return records.map((r) => (r.kind === 'report'
    ? { kind: 'report', date: r.date, report: r.report, source: sourceOf(r.report.sourceId), place: placeOf(r.report.scopeType, r.report.scopeId) }
    : { kind: 'milestones', date: r.date, stage: r.stage, buildings: r.buildings, source: sourceOf(r.sourceId), correctionReason: r.correctionReason, place: placeOf('project', r.projectId) }));
}

const latestRecords = (scope: RecordsVm['scope'], page: RecordsPage, allHref: string): RecordsVm => ({
  scope,
  items: recordVms(page.records, page.sources, scope === 'village' || scope === 'district' ? page.places : []),
  total: page.total,
  allHref: page.total > page.records.length ? allHref : null,
});

export const recordsHref = (projectId: number) => `/projects/${projectId}/records`;
export const villageRecordsHref = (villageId: number) => `/villages/${villageId}/records`;
export const districtRecordsHref = (districtId: number) => `/districts/${districtId}/records`;

/** Buildings per stage: a batch with some buildings delivered and others not lights both, each with its count. */
function stageCounts(buildings: readonly { stage: Stage }[]): Partial<Record<Stage, number>> {
  const out: Partial<Record<Stage, number>> = {};
  for (const b of buildings) out[b.stage] = (out[b.stage] ?? 0) + 1;
  return out;
}

function batchRow(batch: Batch, lookup: Lookup): BatchRowVm {
  const buildings = lookup.buildingsOf.get(batch.id) ?? [];
  const summary = lookup.figures.batches.get(batch.id)!;
  const halted = lookup.project.get(batch.projectId)?.halted ?? null;
  const target = batchTarget(batch, summary, lookup);
  return { batch, summary, status: statusVm(summary.status, summary.deadline, halted), buildings, stages: stageCounts(buildings), dwellingUnits: dwellingUnitsOf(buildings), target };
}

/**
 * The known floor area of the registered buildings, added up, where it is not what the rates use
 * (the rates use the planned area of the project, or of the projects): shown labelled as partial.
 */
export function partialRegisteredArea(f: ScopeFigures): number | null {
  if (f.buildingCount === 0 || f.plannedAreaBasis === 'buildings' || f.plannedAreaBasis === null) return null;
  return STAGES.reduce((sum, st) => sum + f.stageDistribution[st].areaM2, 0);
}

/** Σ dwelling units of buildings, null when none of them gives its number. */
export function dwellingUnitsOf(buildings: readonly Building[]): number | null {
  const known = buildings.filter((b) => b.dwellingUnits !== null);
  return known.length ? known.reduce((n, b) => n + b.dwellingUnits!, 0) : null;
}

export interface VillageVm {
  village: Village;
  district: District;
  summary: AggregateSummary;
  projects: { project: Project; summary: ProjectSummary; status: StatusVm; batches: BatchRowVm[] }[];
  /** Its projects on this page, and the links to the others. */
  pager: PagerVm;
  records: RecordsVm;
  charts: { stages: ChartSpec };
  /** Registered buildings' area where the rates use planned areas (partial); null otherwise. */
  registeredAreaM2: number | null;
  hasDemo: boolean;
  households: HouseholdRatesVm | null;
}

export function villageVm(lookup: Lookup, records: RecordsPage, id: number, t: T, q: PageQuery): VillageVm {
  const village = must(lookup.village, id, 'village');
  const all = lookup.projectsOf.get(village.id) ?? [];
  const projects = pageOf(all, q).items.map((project) => {
    const summary = lookup.figures.projects.get(project.id)!;
    return { project, summary, status: projectStatusVm(summary), batches: (lookup.batchesOf.get(project.id) ?? []).map((b) => batchRow(b, lookup)) };
  });
  const summary = lookup.figures.villages.get(village.id)!;
  return {
    village,
    district: must(lookup.district, village.districtId, 'district'),
    summary,
    projects,
    pager: pagerVm(all.length, q, (n) => (n === 1 ? `/villages/${village.id}` : `/villages/${village.id}?page=${n}`)),
    records: latestRecords('village', records, villageRecordsHref(village.id)),
    charts: { stages: stageChart(summary.figures, t) },
    registeredAreaM2: partialRegisteredArea(summary.figures),
    hasDemo: village.isDemo || all.some((p) => p.isDemo),
    households: householdRatesVm(lookup.households?.villages.get(village.id), lookup.reportsOf('village', village.id), lookup.figures.asOf),
  };
}

export interface ProjectVm {
  project: Project;
  village: Village;
  district: District;
  summary: ProjectSummary;
  status: StatusVm;
  /** The status typed on the project, said only where its buildings say otherwise. */
  recorded: RecordedNoteVm | null;
  batches: BatchRowVm[];
  records: RecordsVm;
  source: Source | null;
  charts: { stages: ChartSpec; history: ChartSpec };
  /** Registered buildings' area where the rates use the project's planned area (partial); null otherwise. */
  registeredAreaM2: number | null;
  hasDemo: boolean;
  /** Its planned completion's history. */
  target: TargetStoryVm;
  households: HouseholdRatesVm | null;
}

/** A batch's target delivery as a story. */
export const batchTarget = (batch: Batch, summary: BatchSummary, lookup: Lookup): TargetStoryVm => targetStory(
  { date: batch.baselineTargetDate, precision: batch.baselineTargetPrecision }, { date: batch.targetDeliveryDate, precision: batch.targetPrecision },
  lookup.revisionsOf('batch', batch.id), summary.deadline,
);

/** A project's planned completion as a story (its own, not its batches'). */
export const projectTarget = (project: Project, summary: ProjectSummary, lookup: Lookup): TargetStoryVm => targetStory(
  { date: project.baselineCompletion, precision: project.baselineCompletionPrecision }, { date: project.plannedCompletion, precision: project.plannedCompletionPrecision },
  lookup.revisionsOf('project', project.id), summary.deadline,
);

export function projectVm(lookup: Lookup, records: RecordsPage, id: number, t: T, fmt: Formatter): ProjectVm {
  const project = must(lookup.project, id, 'project');
  const village = must(lookup.village, project.villageId, 'village');
  const batches = (lookup.batchesOf.get(project.id) ?? []).map((b) => batchRow(b, lookup));
  const summary = lookup.figures.projects.get(project.id)!;
  return {
    project,
    village,
    district: must(lookup.district, village.districtId, 'district'),
    summary,
    status: projectStatusVm(summary),
    recorded: recordedNote(summary.status, project.status),
    batches,
    records: latestRecords('project', records, recordsHref(project.id)),
    source: project.sourceId === null ? null : lookup.source.get(project.sourceId) ?? null,
    charts: { stages: stageChart(summary.figures, t), history: historyChart(summary.history, t, fmt) },
    registeredAreaM2: partialRegisteredArea(summary.figures),
    hasDemo: project.isDemo || village.isDemo,
    target: projectTarget(project, summary, lookup),
    households: householdRatesVm(lookup.households?.projects.get(project.id), lookup.reportsOf('project', project.id), lookup.figures.asOf),
  };
}

export interface BatchVm {
  batch: Batch;
  project: Project;
  village: Village;
  row: BatchRowVm;
  records: RecordsVm;
  charts: { history: ChartSpec };
  hasDemo: boolean;
  /** Its households after delivery, when any are recorded. */
  households: HouseholdLadderVm | null;
  /** The cost of delay by the district's allowance rules; null without rules (the flat rate of the settings applies then). */
  costByRules: CostOfDelayByRules | null;
  /** The rules that cost used, in words. */
  rulesUsed: { from: string; text: string }[];
}

const NO_HOUSEHOLDS: BatchHouseholds = { records: [], rules: [], certificateLagMonths: 12 };

export function batchVm(lookup: Lookup, records: RecordsPage, id: number, t: T, fmt: Formatter, households: BatchHouseholds = NO_HOUSEHOLDS): BatchVm {
  const batch = must(lookup.batch, id, 'batch');
  const project = must(lookup.project, batch.projectId, 'project');
  const village = must(lookup.village, project.villageId, 'village');
  const row = batchRow(batch, lookup);
  const cost = batchCostByRules(batch, row.summary, households.records, households.rules, lookup.figures.asOf);
  return {
    batch,
    project,
    village,
    row,
    records: latestRecords('batch', records, recordsHref(project.id)),
    charts: { history: historyChart(row.summary.history, t, fmt) },
    hasDemo: project.isDemo || village.isDemo,
    households: householdLadderVm(households.records, row.summary, lookup.figures.asOf, households.certificateLagMonths),
    costByRules: cost,
    rulesUsed: cost ? rulesInWords(t, fmt, households.rules, cost.rulesUsed) : [],
  };
}

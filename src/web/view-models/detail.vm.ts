import type { Batch, Building, District, Project, Report, Source, Village } from '../../domain/entities';
import type { AggregateSummary, BatchSummary, ProjectSummary } from '../../domain/scopes';
import type { Stage } from '../../domain/types';
import type { Formatter } from '../format';
import { historyChart, stageChart, type ChartSpec } from './charts';
import { must, type Lookup } from './lookup';
import { projectStatusVm, recordedNote, statusVm, type RecordedNoteVm, type StatusVm } from './status.vm';

type T = (key: string, opts?: Record<string, unknown>) => string;

/** "8 buildings reached landscaping on 8 Nov 2023 (source …)": milestones grouped for reading. */
export interface MilestoneGroupVm {
  date: string;
  stage: Stage;
  buildings: number;
  source: Source | null;
}

export interface BatchRowVm {
  batch: Batch;
  summary: BatchSummary;
  status: StatusVm;
  buildings: Building[];
  /** The furthest and the least advanced stage among its buildings. */
  stages: Stage[];
}

export interface ReportVm {
  report: Report;
  source: Source | null;
}

function milestoneGroups(buildings: readonly Building[], lookup: Lookup): MilestoneGroupVm[] {
  const groups = new Map<string, MilestoneGroupVm>();
  for (const b of buildings) {
    for (const m of lookup.milestonesOf.get(b.id) ?? []) {
      const key = `${m.date}|${m.stage}|${m.sourceId ?? ''}`;
      const g = groups.get(key);
      if (g) g.buildings += 1;
      else groups.set(key, { date: m.date, stage: m.stage, buildings: 1, source: m.sourceId === null ? null : lookup.source.get(m.sourceId) ?? null });
    }
  }
  return [...groups.values()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}

const reportVms = (reports: readonly Report[], lookup: Lookup): ReportVm[] =>
  [...reports].reverse().map((report) => ({ report, source: report.sourceId === null ? null : lookup.source.get(report.sourceId) ?? null }));

function batchRow(batch: Batch, lookup: Lookup): BatchRowVm {
  const buildings = lookup.buildingsOf.get(batch.id) ?? [];
  const summary = lookup.figures.batches.get(batch.id)!;
  const halted = lookup.project.get(batch.projectId)?.halted ?? null;
  return { batch, summary, status: statusVm(summary.status, summary.deadline, halted), buildings, stages: [...new Set(buildings.map((b) => b.stage))] };
}

export interface VillageVm {
  village: Village;
  district: District;
  summary: AggregateSummary;
  projects: { project: Project; summary: ProjectSummary; status: StatusVm; batches: BatchRowVm[] }[];
  reports: ReportVm[];
  charts: { stages: ChartSpec };
  hasDemo: boolean;
}

export function villageVm(lookup: Lookup, id: number, t: T): VillageVm {
  const village = must(lookup.village, id, 'village');
  const projects = (lookup.projectsOf.get(village.id) ?? []).map((project) => {
    const summary = lookup.figures.projects.get(project.id)!;
    return { project, summary, status: projectStatusVm(summary), batches: (lookup.batchesOf.get(project.id) ?? []).map((b) => batchRow(b, lookup)) };
  });
  const summary = lookup.figures.villages.get(village.id)!;
  return {
    village,
    district: must(lookup.district, village.districtId, 'district'),
    summary,
    projects,
    reports: reportVms(lookup.reportsOf('village', village.id), lookup),
    charts: { stages: stageChart(summary.figures, t) },
    hasDemo: village.isDemo || projects.some((p) => p.project.isDemo),
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
  milestones: MilestoneGroupVm[];
  reports: ReportVm[];
  source: Source | null;
  charts: { stages: ChartSpec; history: ChartSpec };
  hasDemo: boolean;
}

export function projectVm(lookup: Lookup, id: number, t: T, fmt: Formatter): ProjectVm {
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
    milestones: milestoneGroups(batches.flatMap((b) => b.buildings), lookup),
    reports: reportVms(lookup.reportsOf('project', project.id), lookup),
    source: project.sourceId === null ? null : lookup.source.get(project.sourceId) ?? null,
    charts: { stages: stageChart(summary.figures, t), history: historyChart(summary.history, t, fmt) },
    hasDemo: project.isDemo || village.isDemo,
  };
}

export interface BatchVm {
  batch: Batch;
  project: Project;
  village: Village;
  row: BatchRowVm;
  milestones: MilestoneGroupVm[];
  charts: { history: ChartSpec };
  hasDemo: boolean;
}

export function batchVm(lookup: Lookup, id: number, t: T, fmt: Formatter): BatchVm {
  const batch = must(lookup.batch, id, 'batch');
  const project = must(lookup.project, batch.projectId, 'project');
  const village = must(lookup.village, project.villageId, 'village');
  const row = batchRow(batch, lookup);
  return {
    batch,
    project,
    village,
    row,
    milestones: milestoneGroups(row.buildings, lookup),
    charts: { history: historyChart(row.summary.history, t, fmt) },
    hasDemo: project.isDemo || village.isDemo,
  };
}

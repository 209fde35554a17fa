// Figures for every scope of a snapshot, batch → project → village → district, computed from raw
// rows (buildings and their stage events) in one pass: the from-scratch computation that the
// rollups kept by the database are checked against (`figures verify`, and the property tests).
// Pure: the caller passes the weights, the settings and `asOf`.
import type { Building, ModelSnapshot } from './entities';
import type { IsoDate } from './types';
import { buildingChanges, mergeChanges, stageDays, type DayEvent, type TallyChange } from './tally';
import { groupBy } from './group';
import {
  summariseBatch, summariseDistrict, summariseProject, summariseVillage, villagePeople,
  type AggregateSummary, type BatchSummary, type FigureSettings, type ProjectSummary,
} from './scope-summary';

export type {
  AggregateSummary, BatchSummary, Deadline, DeadlineCounts, FigureSettings, ProjectSummary, ScopeSummary,
} from './scope-summary';

export interface SnapshotFigures {
  asOf: IsoDate;
  batches: Map<number, BatchSummary>;
  projects: Map<number, ProjectSummary>;
  villages: Map<number, AggregateSummary>;
  districts: Map<number, AggregateSummary>;
}

/** Every scope's dated changes, from its buildings' stage events: what the rollup tables hold. */
export interface SnapshotChanges {
  batches: Map<number, TallyChange[]>;
  projects: Map<number, TallyChange[]>;
  villages: Map<number, TallyChange[]>;
  districts: Map<number, TallyChange[]>;
}

/** One building's changes, from its events (a building without any stands at its stage from its stage date). */
export function changesOfBuilding(b: Pick<Building, 'floorAreaM2' | 'stage' | 'stageDate'>, events: readonly DayEvent[]): TallyChange[] {
  return buildingChanges(b.floorAreaM2, stageDays(events, b));
}

export function snapshotChanges(snap: ModelSnapshot): SnapshotChanges {
  const eventsByBuilding = groupBy(snap.milestones.filter((m) => m.kind === 'actual'), (m) => m.buildingId);
  const buildingsByBatch = groupBy(snap.buildings, (b) => b.batchId);
  const batches = new Map<number, TallyChange[]>();
  for (const batch of snap.batches) {
    const own = (buildingsByBatch.get(batch.id) ?? []).flatMap((b) => changesOfBuilding(b, eventsByBuilding.get(b.id) ?? []));
    batches.set(batch.id, mergeChanges(own));
  }
  const up = <P extends { id: number }, C>(parents: readonly P[], children: readonly C[], parentOf: (c: C) => number, idOf: (c: C) => number, from: Map<number, TallyChange[]>) => {
    const byParent = groupBy(children, parentOf);
    return new Map(parents.map((p) => [p.id, mergeChanges((byParent.get(p.id) ?? []).flatMap((c) => from.get(idOf(c)) ?? []))]));
  };
  const projects = up(snap.projects, snap.batches, (b) => b.projectId, (b) => b.id, batches);
  const villages = up(snap.villages, snap.projects, (p) => p.villageId, (p) => p.id, projects);
  const districts = up(snap.districts, snap.villages, (v) => v.districtId, (v) => v.id, villages);
  return { batches, projects, villages, districts };
}

export function computeSnapshotFigures(snap: ModelSnapshot, s: FigureSettings, changes: SnapshotChanges = snapshotChanges(snap)): SnapshotFigures {
  const batchesByProject = groupBy(snap.batches, (b) => b.projectId);
  const projectsByVillage = groupBy(snap.projects, (p) => p.villageId);
  const villagesByDistrict = groupBy(snap.villages, (v) => v.districtId);
  const reportsByScope = groupBy(snap.reports, (r) => `${r.scopeType}:${r.scopeId}`);
  const reportsOf = (type: string, id: number) => reportsByScope.get(`${type}:${id}`) ?? [];
  const changesOf = (m: Map<number, TallyChange[]>, id: number) => m.get(id) ?? [];

  const out: SnapshotFigures = { asOf: s.asOf, batches: new Map(), projects: new Map(), villages: new Map(), districts: new Map() };
  for (const project of snap.projects) {
    const batches = (batchesByProject.get(project.id) ?? []).map((batch) => {
      const summary = summariseBatch(batch, changesOf(changes.batches, batch.id), s);
      out.batches.set(batch.id, summary);
      return { batch, summary };
    });
    out.projects.set(project.id, summariseProject(project, changesOf(changes.projects, project.id), batches, reportsOf('project', project.id), s));
  }
  for (const village of snap.villages) {
    const projects = (projectsByVillage.get(village.id) ?? []).map((p) => out.projects.get(p.id)!);
    out.villages.set(village.id, summariseVillage(village, changesOf(changes.villages, village.id), projects, reportsOf('village', village.id), s));
  }
  for (const district of snap.districts) {
    const villages = (villagesByDistrict.get(district.id) ?? []).map((v) => ({ summary: out.villages.get(v.id)!, people: villagePeople(v, reportsOf('village', v.id), s.asOf) }));
    out.districts.set(district.id, summariseDistrict(district, changesOf(changes.districts, district.id), villages, reportsOf('district', district.id), s));
  }
  return out;
}

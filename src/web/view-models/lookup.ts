import type { Batch, Building, District, Milestone, ModelSnapshot, Project, Report, Source, Village } from '../../domain/entities';
import { groupBy } from '../../domain/group';
import { NotFoundError } from '../../domain/errors';
import type { FiguresView } from '../../services/scope-read.service';
import type { TargetRevision, TargetScope } from '../../domain/target-history';

/** The snapshot indexed by id and by parent, for presenters. */
export interface Lookup extends FiguresView {
  district: Map<number, District>;
  village: Map<number, Village>;
  project: Map<number, Project>;
  batch: Map<number, Batch>;
  source: Map<number, Source>;
  villagesOf: Map<number, Village[]>;
  projectsOf: Map<number, Project[]>;
  batchesOf: Map<number, Batch[]>;
  buildingsOf: Map<number, Building[]>;
  milestonesOf: Map<number, Milestone[]>;
  reportsOf: (type: Report['scopeType'], id: number) => Report[];
  /** A batch's or project's target revisions, oldest first (empty where the page read none). */
  revisionsOf: (type: TargetScope, id: number) => TargetRevision[];
}

const byId = <T extends { id: number }>(items: readonly T[]) => new Map(items.map((i) => [i.id, i]));

export function makeLookup(fv: FiguresView): Lookup {
  return buildLookup(fv);
}

function buildLookup(fv: FiguresView): Lookup {
  const s: ModelSnapshot = fv.snapshot;
  const reports = groupBy(s.reports, (r) => `${r.scopeType}:${r.scopeId}`);
  const revisions = groupBy(fv.revisions ?? [], (r) => `${r.scopeType}:${r.scopeId}`);
  return {
    ...fv,
    district: byId(s.districts),
    village: byId(s.villages),
    project: byId(s.projects),
    batch: byId(s.batches),
    source: byId(s.sources),
    villagesOf: groupBy(s.villages, (v) => v.districtId),
    projectsOf: groupBy(s.projects, (p) => p.villageId),
    batchesOf: groupBy(s.batches, (b) => b.projectId),
    buildingsOf: groupBy(s.buildings, (b) => b.batchId),
    milestonesOf: groupBy(s.milestones, (m) => m.buildingId),
    reportsOf: (type, id) => reports.get(`${type}:${id}`) ?? [],
    revisionsOf: (type, id) => revisions.get(`${type}:${id}`) ?? [],
  };
}

export function must<T>(map: Map<number, T>, id: number, entity: string): T {
  const found = map.get(id);
  if (found === undefined) throw new NotFoundError(entity, id);
  return found;
}

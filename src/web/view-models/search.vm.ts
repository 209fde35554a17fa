// The search page: what a query found, grouped by kind, each result with where it lies and how it
// stands in one line (the same status badge as the lists).
import type { DatePrecision, IsoDate, Stage } from '../../domain/types';
import type { NameRow, SearchResult } from '../../services/search.service';
import type { NameOf } from './dashboard-links';
import { projectStatusVm, statusVm, type StatusVm } from './status.vm';

export type SearchGroupKind = 'districts' | 'villages' | 'projects' | 'batches' | 'buildings';

export interface SearchItemVm {
  name: string;
  href: string;
  /** Where it lies, outermost last ("第一批" in "赵村城中村改造安置住宅 · 赵村"). */
  where: string[];
  isDemo: boolean;
  /** The badge of a project or batch; null for the others, whose line says what they hold or their stage. */
  status: StatusVm | null;
  /** Its target, for a project or batch that has one. */
  target: { date: IsoDate; precision: DatePrecision } | null;
  /** A district's or village's counts, a building's stage. */
  counts: { villages?: number; projects: number } | null;
  stage: { stage: Stage; since: IsoDate | null } | null;
}

export interface SearchGroupVm {
  kind: SearchGroupKind;
  items: SearchItemVm[];
  /** How many were found in all; more than shown asks for a narrower query. */
  total: number;
}

export interface SearchVm {
  query: string;
  /** The query had something to look for. */
  searched: boolean;
  groups: SearchGroupVm[];
  found: number;
}

export function searchVm(r: SearchResult, nameOf: NameOf): SearchVm {
  const byId = (rows: NameRow[]) => new Map(rows.map((x) => [x.id, x]));
  const districts = byId(r.names.districts);
  const villages = byId(r.names.villages);
  const projects = byId(r.names.projects);
  const batches = byId(r.names.batches);
  const districtOfVillage = (id: number | null) => (id === null ? null : villages.get(id)?.parentId ?? null);
  const villageOfProject = (id: number | null) => (id === null ? null : projects.get(id)?.parentId ?? null);
  const chain = (...rows: (NameRow | undefined)[]) => rows.filter((x): x is NameRow => x !== undefined).map(nameOf);
  /** Demonstration data where it or anything it lies in is. */
  const demo = (...rows: (NameRow | undefined)[]) => rows.some((x) => x?.isDemo === true);
  const base = { status: null, target: null, counts: null, stage: null };
  const villagesIn = new Map<number, number>();
  for (const v of r.names.villages) villagesIn.set(v.parentId!, (villagesIn.get(v.parentId!) ?? 0) + 1);
  const projectsIn = new Map<number, number>();
  for (const p of r.names.projects) projectsIn.set(p.parentId!, (projectsIn.get(p.parentId!) ?? 0) + 1);
  const projectsInDistrict = new Map<number, number>();
  for (const p of r.names.projects) {
    const d = districtOfVillage(p.parentId);
    if (d !== null) projectsInDistrict.set(d, (projectsInDistrict.get(d) ?? 0) + 1);
  }
  const figures = r.view?.figures;
  const project = (id: number) => r.view?.snapshot.projects.find((p) => p.id === id);
  const batch = (id: number) => r.view?.snapshot.batches.find((b) => b.id === id);

  const groups: SearchGroupVm[] = [
    { kind: 'districts', total: r.districts.total, items: r.districts.hits.map((d) => ({
      ...base, name: nameOf(d), href: `/?district=${d.id}`, where: [], isDemo: demo(d),
      counts: { villages: villagesIn.get(d.id) ?? 0, projects: projectsInDistrict.get(d.id) ?? 0 },
    })) },
    { kind: 'villages', total: r.villages.total, items: r.villages.hits.map((v) => ({
      ...base, name: nameOf(v), href: `/villages/${v.id}`, where: chain(districts.get(v.parentId!)), isDemo: demo(v, districts.get(v.parentId!)),
      counts: { projects: projectsIn.get(v.id) ?? 0 },
    })) },
    { kind: 'projects', total: r.projects.total, items: r.projects.hits.map((p) => {
      const s = figures?.projects.get(p.id);
      const row = project(p.id);
      const v = villages.get(p.parentId!);
      const d = districts.get(v?.parentId ?? -1);
      return {
        ...base, name: nameOf(p), href: `/projects/${p.id}`, where: chain(v, d), isDemo: demo(p, v, d),
        status: s ? projectStatusVm(s) : null,
        target: row?.plannedCompletion ? { date: row.plannedCompletion, precision: row.plannedCompletionPrecision } : null,
      };
    }) },
    { kind: 'batches', total: r.batches.total, items: r.batches.hits.map((b) => {
      const s = figures?.batches.get(b.id);
      const row = batch(b.id);
      const p = projects.get(b.parentId!);
      const v = villages.get(p?.parentId ?? -1);
      return {
        ...base, name: nameOf(b), href: `/batches/${b.id}`, where: chain(p, v), isDemo: demo(p, v, districts.get(v?.parentId ?? -1)),
        status: s ? statusVm(s.status, s.deadline, project(b.parentId!)?.halted ?? null) : null,
        target: row?.targetDeliveryDate ? { date: row.targetDeliveryDate, precision: row.targetPrecision } : null,
      };
    }) },
    { kind: 'buildings', total: r.buildings.total, items: r.buildings.hits.map((g) => {
      const b = batches.get(g.batchId);
      const p = projects.get(b?.parentId ?? -1);
      const v = villages.get(villageOfProject(p?.id ?? null) ?? -1);
      return {
        ...base, name: g.code, href: `/buildings/${g.id}`, where: chain(b, p, v), isDemo: demo(p, v, districts.get(v?.parentId ?? -1)),
        stage: { stage: g.stage, since: g.stageDate },
      };
    }) },
  ];
  return { query: r.query, searched: r.searched, groups: groups.filter((g) => g.total > 0), found: groups.reduce((n, g) => n + g.total, 0) };
}

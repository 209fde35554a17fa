// What an import plan is built against: the records that exist, the ones the plan creates, the
// writes so far and the problems found. Names are matched exactly (Chinese names are the keys).
import type { Batch, ModelSnapshot, Project } from './entities';
import { numberText } from './import-cells';
import type { TableName } from './import-tables';
import type { Counts, ImportError, PlanOp, PlanSummary, PreviewRow, Ref } from './import-types';
import type { IsoDate } from './types';

export const refKey = (r: Ref): string => ('id' in r ? `#${r.id}` : r.key);

/** How a value shows in the preview's before → after. */
export const shown = (v: string | number | null | undefined): string =>
  v === null || v === undefined ? '—' : typeof v === 'number' ? numberText(v) : v;
const PREVIEW_ROWS = 20;
const counts = (): Counts => ({ create: 0, update: 0, unchanged: 0 });

interface VillageEntry { ref: Ref; district: Ref; name: string }
interface ProjectEntry { ref: Ref; village: VillageEntry; name: string; existing: Project | null }
interface BatchEntry { ref: Ref; existing: Batch | null }

export type Resolved<T> = { ok: true; value: T } | { ok: false; column: string; key: string };

export class PlanContext {
  readonly ops: PlanOp[] = [];
  readonly errors: ImportError[] = [];
  readonly summary: PlanSummary = {
    tables: { projects: { ...counts(), preview: [] }, buildings: { ...counts(), preview: [] }, reports: { ...counts(), preview: [] }, households: { ...counts(), preview: [] }, allowance_rules: { ...counts(), preview: [] } },
    districtsCreated: [], villagesCreated: [], batches: counts(), notes: [],
  };
  private readonly districts = new Map<string, { ref: Ref; isDemo: boolean }>();
  private readonly villages = new Map<string, VillageEntry>();
  private readonly villagesByName = new Map<string, VillageEntry[]>();
  private readonly projects = new Map<string, ProjectEntry>();
  private readonly projectsByName = new Map<string, ProjectEntry[]>();
  private readonly batches = new Map<string, BatchEntry>();

  constructor(readonly state: ModelSnapshot, readonly asOf: IsoDate) {
    for (const d of state.districts) this.districts.set(d.nameZh, { ref: { id: d.id }, isDemo: d.isDemo });
    const villageById = new Map<number, VillageEntry>();
    for (const v of state.villages) {
      const e: VillageEntry = { ref: { id: v.id }, district: { id: v.districtId }, name: v.nameZh };
      villageById.set(v.id, e);
      this.putVillage(`#${v.districtId}|${v.nameZh}`, e);
    }
    for (const p of state.projects) {
      const village = villageById.get(p.villageId);
      if (village) this.putProject(`#${p.villageId}|${p.nameZh}`, { ref: { id: p.id }, village, name: p.nameZh, existing: p });
    }
    for (const b of state.batches) this.batches.set(`#${b.projectId}|${b.nameZh}`, { ref: { id: b.id }, existing: b });
  }

  error(source: string, row: number, column: string | null, key: string): void {
    this.errors.push({ source, row, column, key });
  }

  note(key: string): void {
    if (!this.summary.notes.includes(key)) this.summary.notes.push(key);
  }

  record(table: TableName, row: Omit<PreviewRow, 'changes'> & { changes?: PreviewRow['changes'] }): void {
    const t = this.summary.tables[table];
    t[row.action]++;
    if (row.action !== 'unchanged' && t.preview.length < PREVIEW_ROWS) t.preview.push({ changes: [], ...row });
  }

  /** A district by name, created by this plan when `create` and missing. */
  district(name: string, create: boolean): Ref | null {
    const found = this.districts.get(name);
    if (found) return found.ref;
    if (!create) return null;
    const ref = { key: `d:${name}` };
    this.ops.push({ op: 'district', key: ref.key, nameZh: name });
    this.districts.set(name, { ref, isDemo: false });
    this.summary.districtsCreated.push(name);
    return ref;
  }

  /**
   * A village by name. Without a district it is found by its name alone when that is unique;
   * a new village goes to the only district that is not demonstration data, if there is just one.
   */
  village(districtName: string | null, name: string, create: boolean): Resolved<VillageEntry> {
    if (districtName !== null) {
      const district = this.district(districtName, create);
      if (!district) return { ok: false, column: 'district', key: 'validation.import_unknown_district' };
      const found = this.villages.get(`${refKey(district)}|${name}`);
      if (found) return { ok: true, value: found };
      if (!create) return { ok: false, column: 'village', key: 'validation.import_unknown_village' };
      return { ok: true, value: this.addVillage(district, districtName, name) };
    }
    const same = this.villagesByName.get(name) ?? [];
    if (same.length > 1) return { ok: false, column: 'district', key: 'validation.import_district_required' };
    const [only] = same;
    if (only) return { ok: true, value: only };
    if (!create) return { ok: false, column: 'village', key: 'validation.import_unknown_village' };
    const real = [...this.districts.entries()].filter(([, d]) => !d.isDemo);
    if (real.length !== 1) return { ok: false, column: 'district', key: 'validation.import_district_required' };
    const [onlyName, onlyDistrict] = real[0]!;
    this.note(`importer.note.default_district|${onlyName}`);
    return { ok: true, value: this.addVillage(onlyDistrict.ref, onlyName, name) };
  }

  private addVillage(district: Ref, districtName: string, name: string): VillageEntry {
    const key = `v:${refKey(district)}|${name}`;
    this.ops.push({ op: 'village', key, district, nameZh: name });
    const e: VillageEntry = { ref: { key }, district, name };
    this.putVillage(`${refKey(district)}|${name}`, e);
    this.summary.villagesCreated.push(`${districtName} · ${name}`);
    return e;
  }

  project(village: VillageEntry, name: string): ProjectEntry | null {
    return this.projects.get(`${refKey(village.ref)}|${name}`) ?? null;
  }

  addProject(village: VillageEntry, name: string): ProjectEntry {
    const e: ProjectEntry = { ref: { key: `p:${refKey(village.ref)}|${name}` }, village, name, existing: null };
    this.putProject(`${refKey(village.ref)}|${name}`, e);
    return e;
  }

  /** Projects with this name, in one district when given (reports name a project without its village). */
  projectsNamed(name: string, district: Ref | null): ProjectEntry[] {
    return (this.projectsByName.get(name) ?? []).filter((p) => !district || refKey(p.village.district) === refKey(district));
  }

  private putVillage(key: string, e: VillageEntry): void {
    this.villages.set(key, e);
    if (!this.villagesByName.has(e.name)) this.villagesByName.set(e.name, []);
    this.villagesByName.get(e.name)!.push(e);
  }

  private putProject(key: string, e: ProjectEntry): void {
    this.projects.set(key, e);
    if (!this.projectsByName.has(e.name)) this.projectsByName.set(e.name, []);
    this.projectsByName.get(e.name)!.push(e);
  }

  batch(project: Ref, name: string): BatchEntry | null {
    return this.batches.get(`${refKey(project)}|${name}`) ?? null;
  }

  addBatch(project: Ref, name: string): BatchEntry {
    const e: BatchEntry = { ref: { key: `b:${refKey(project)}|${name}` }, existing: null };
    this.batches.set(`${refKey(project)}|${name}`, e);
    return e;
  }
}

// What a page reads: one scope's rows and the rollups of it and of what is inside it, in one read
// transaction, summarised by the same domain functions as the from-scratch computation. Nothing is
// kept between requests here: every read after a commit, in any process, sees that commit.
import type { Db } from '../db/create-db';
import type { ModelSnapshot } from '../domain/entities';
import { NotFoundError } from '../domain/errors';
import { computeSnapshotFigures, type SnapshotChanges, type SnapshotFigures } from '../domain/scopes';
import type { IsoDate } from '../domain/types';
import type { Conn } from '../repositories/catalogue.repository';
import { readChangesOf } from '../repositories/rollup.repository';
import { windowedChangesOf } from './windowed-changes';
import { districtExists, loadListRows, pageOfProjects, pageOfVillages, villageExists, type ListFilter, type ListPage } from '../repositories/list.repository';
import { listRecords, type RecordScope, type RecordsPage } from '../repositories/record.repository';
import { listDistricts, loadAreaRows, loadBatchRows, loadDistrictPlace, loadProjectPlace, loadProjectRows, loadVillagePlace } from '../repositories/scope.repository';
import { getNumberSetting, getSetting, getStageWeights } from '../repositories/settings.repository';
import { getDataVersion, getScopeVersions, type VersionScope } from '../repositories/version.repository';
import { revisionsOf } from '../repositories/target-revision.repository';
import { allowanceRules, householdRecordsOf, householdRecordsOfBatches, readHouseholdChangesOf, type HouseholdRecord } from '../repositories/household.repository';
import { householdFigures } from '../domain/household-changes';
import type { HouseholdLadder } from '../domain/households';
import type { AllowanceRule } from '../domain/allowance';
import type { TargetRevision } from '../domain/target-history';

export type { RecordsPage };
export type { RecordPlace } from '../repositories/record.repository';

export interface FiguresView {
  /** The rows of the scope read (and what is inside it); not the whole model. */
  snapshot: ModelSnapshot;
  /** Summaries of the scopes read; only those a page of this scope shows. */
  figures: SnapshotFigures;
  staleAfterDays: number;
  /** The data version the rows were read at. */
  version?: number;
  /** The rate the costs of delay were computed with; null when no administrator has set it. */
  monthlyAllowanceYuanPerHousehold?: number | null;
  /** The target revisions of the batches and projects read (pages that tell a deadline's story); oldest first. */
  revisions?: TargetRevision[];
  /** The household ladder of each scope read that has household records (from their rollups). */
  households?: HouseholdFiguresOf;
}

/** Household ladders by scope type and id; a scope without records has none. */
export interface HouseholdFiguresOf {
  batches: Map<number, HouseholdLadder>;
  projects: Map<number, HouseholdLadder>;
  villages: Map<number, HouseholdLadder>;
  districts: Map<number, HouseholdLadder>;
}

/** The household ladders of the scopes read, from their rollup rows (the levels the page summarises). */
async function householdsIn(trx: Conn, snap: ModelSnapshot, asOf: IsoDate, levels: Levels): Promise<HouseholdFiguresOf> {
  const of = async (type: 'batch' | 'project' | 'village' | 'district', ids: number[]) => {
    const out = new Map<number, HouseholdLadder>();
    for (const [id, changes] of await readHouseholdChangesOf(trx, type, ids)) {
      const f = householdFigures(changes, asOf);
      if (f) out.set(id, f);
    }
    return out;
  };
  return {
    batches: await of('batch', snap.batches.map((b) => b.id)),
    projects: await of('project', snap.projects.map((p) => p.id)),
    villages: levels.villages ? await of('village', snap.villages.map((v) => v.id)) : new Map(),
    districts: levels.districts ? await of('district', snap.districts.map((d) => d.id)) : new Map(),
  };
}

export async function settingsOf(trx: Conn, asOf: IsoDate) {
  const allowance = await getSetting(trx, 'monthly_allowance_yuan_per_household');
  const parsed = allowance === null || allowance.trim() === '' ? null : Number(allowance);
  const monthly = parsed !== null && Number.isFinite(parsed) ? parsed : null;
  const staleAfterDays = await getNumberSetting(trx, 'stale_after_days', 90);
  return { weights: await getStageWeights(trx), asOf, staleAfterDays, monthlyAllowanceYuanPerHousehold: monthly };
}

/**
 * Which levels a page reads, and the histories it shows, which are read row by row; the rest is
 * read as a window (windowed-changes.ts): `all`, every level; `areas`, villages and districts (the
 * dashboard draws theirs), windows of batches and projects; `none` (the whole site's lists), windows
 * everywhere. A window of a village costs about as much time as its rows (summing what lies before
 * it), but a fifth of the memory: at city scale 117,000 rows of the villages instead of 526,000.
 */
export interface Levels { villages: boolean; districts: boolean; histories: 'all' | 'areas' | 'none'; revisions?: boolean }
const ONE_PROJECT: Levels = { villages: false, districts: false, histories: 'all', revisions: true };

async function revisionsIn(trx: Conn, snap: ModelSnapshot): Promise<TargetRevision[]> {
  const all = [...await revisionsOf(trx, 'batch', snap.batches.map((b) => b.id)), ...await revisionsOf(trx, 'project', snap.projects.map((p) => p.id))];
  return all.sort((a, b) => a.id - b.id);
}

/** The latest report date of each scope of a type: its tally on that day is compared with the report. */
function latestReports(snap: ModelSnapshot, type: 'project' | 'village' | 'district', asOf: IsoDate): Map<number, IsoDate> {
  const out = new Map<number, IsoDate>();
  for (const r of snap.reports) if (r.scopeType === type && r.asOf <= asOf && r.asOf > (out.get(r.scopeId) ?? '')) out.set(r.scopeId, r.asOf);
  return out;
}

/**
 * The stored rollups of the scopes in `snap` (of the levels asked for; the others stay empty): all
 * rows where the page shows a history, a window of them in a list (windowed-changes.ts).
 */
async function changesOf(trx: Conn, snap: ModelSnapshot, asOf: IsoDate, levels: Levels): Promise<SnapshotChanges> {
  const rows = (type: 'batch' | 'project' | 'village' | 'district', ids: number[], shown: boolean) =>
    shown ? readChangesOf(trx, type, ids) : windowedChangesOf(trx, type, ids, asOf, { keepFrom: type === 'batch' ? undefined : latestReports(snap, type, asOf), deliveryDay: type === 'batch' });
  const areas = levels.histories !== 'none';
  return {
    batches: await rows('batch', snap.batches.map((b) => b.id), levels.histories === 'all'),
    projects: await rows('project', snap.projects.map((p) => p.id), levels.histories === 'all'),
    villages: levels.villages ? await rows('village', snap.villages.map((v) => v.id), areas) : new Map(),
    districts: levels.districts ? await rows('district', snap.districts.map((d) => d.id), areas) : new Map(),
  };
}

export async function viewIn(trx: Conn, asOf: IsoDate, read: (trx: Conn) => Promise<ModelSnapshot | null>, levels: Levels, what: { entity: string; id: unknown }): Promise<FiguresView> {
  const snap = await read(trx);
  if (!snap) throw new NotFoundError(what.entity, what.id);
  const s = await settingsOf(trx, asOf);
  const changes = await changesOf(trx, snap, asOf, levels);
  // Village and district summaries are worked out only where all of their parts were read.
  const figures = computeSnapshotFigures({ ...snap, villages: levels.villages ? snap.villages : [], districts: levels.districts ? snap.districts : [] }, s, changes);
  const revisions = levels.revisions ? await revisionsIn(trx, snap) : undefined;
  const households = await householdsIn(trx, snap, asOf, levels);
  return { snapshot: snap, figures, staleAfterDays: s.staleAfterDays, version: await getDataVersion(trx), monthlyAllowanceYuanPerHousehold: s.monthlyAllowanceYuanPerHousehold, revisions, households };
}

const view = (db: Db, asOf: IsoDate, read: (trx: Conn) => Promise<ModelSnapshot | null>, levels: Levels, what: { entity: string; id: unknown }) =>
  db.transaction().execute((trx) => viewIn(trx, asOf, read, levels, what));

/** How many of its latest records a project's or a batch's page lists (the rest are on the records pages). */
export const LATEST_RECORDS = 10;

/** A project's or a batch's page: its figures and its latest records, read at one commit. */
export interface ScopePageView extends FiguresView {
  records: RecordsPage;
}

/** A project's figures (the API's detail). */
export const readProject = (db: Db, id: number, asOf: IsoDate) =>
  view(db, asOf, (trx) => loadProjectRows(trx, id), ONE_PROJECT, { entity: 'project', id });

/** A project's page: its figures and its latest records. */
export const readProjectPage = (db: Db, id: number, asOf: IsoDate): Promise<ScopePageView> =>
  db.transaction().execute(async (trx) => ({
    ...await viewIn(trx, asOf, (t) => loadProjectRows(t, id), ONE_PROJECT, { entity: 'project', id }),
    records: await listRecords(trx, { projectId: id }, { limit: LATEST_RECORDS, offset: 0 }),
  }));

/** A district's allowance rules and, where it has any, its batches' household records (the dashboard's cost of delay). */
export interface DistrictAllowance {
  rules: AllowanceRule[];
  records: Map<number, HouseholdRecord[]>;
}

/** A batch's household records, its district's allowance rules and after how long certificates count as late. */
export interface BatchHouseholds {
  records: HouseholdRecord[];
  rules: AllowanceRule[];
  certificateLagMonths: number;
}

export type BatchPageView = ScopePageView & { batchHouseholds: BatchHouseholds };

/** A batch's page inside the caller's read transaction (a building's page reads the same). */
export async function batchPageIn(trx: Conn, id: number, asOf: IsoDate): Promise<BatchPageView> {
  const view = await viewIn(trx, asOf, (t) => loadBatchRows(t, id), ONE_PROJECT, { entity: 'batch', id });
  const village = view.snapshot.villages[0];
  return {
    ...view,
    records: await listRecords(trx, { batchId: id }, { limit: LATEST_RECORDS, offset: 0 }),
    batchHouseholds: {
      records: await householdRecordsOf(trx, id),
      rules: village ? await allowanceRules(trx, [village.districtId]) : [],
      certificateLagMonths: await getNumberSetting(trx, 'certificate_lag_months', 12),
    },
  };
}

/** A batch's page: its figures, the latest records of its buildings and its households. */
export const readBatchPage = (db: Db, id: number, asOf: IsoDate): Promise<BatchPageView> =>
  db.transaction().execute((trx) => batchPageIn(trx, id, asOf));

/** One page of a project's records, with where the project is; no figures. */
export const readProjectRecords = (db: Db, id: number, page: { limit: number; offset: number }) => readScopeRecords(db, 'project', id, page);

/** Whose records a records page lists: a project's, a village's or a district's. */
export type RecordsOf = 'project' | 'village' | 'district';

/** One page of the records of a project, a village or a district (all that happened inside it), with where it is; no figures. */
export const readScopeRecords = (db: Db, type: RecordsOf, id: number, page: { limit: number; offset: number }) =>
  db.transaction().execute(async (trx) => {
    const place = type === 'project' ? await loadProjectPlace(trx, id) : type === 'village' ? await loadVillagePlace(trx, id) : await loadDistrictPlace(trx, id);
    if (!place) throw new NotFoundError(type, id);
    const scope: RecordScope = type === 'project' ? { projectId: id } : type === 'village' ? { villageId: id } : { districtId: id };
    return { ...place, ...await listRecords(trx, scope, page) };
  });

/** A village's page: its figures and the latest records of all that happened inside it. */
export const readVillagePage = (db: Db, id: number, asOf: IsoDate): Promise<ScopePageView> =>
  db.transaction().execute(async (trx) => ({
    ...await viewIn(trx, asOf, (t) => loadAreaRows(t, { villageId: id }, { buildings: true }), { villages: true, districts: false, histories: 'all', revisions: true }, { entity: 'village', id }),
    records: await listRecords(trx, { villageId: id }, { limit: LATEST_RECORDS, offset: 0 }),
  }));

/** A district and everything in it (`null`: the first district); the list of every district's name comes along for the switcher. */
export function readDistrict(db: Db, id: number | null, asOf: IsoDate, opts: { allowance?: boolean } = {}): Promise<FiguresView & { districts: ModelSnapshot['districts']; allowance?: DistrictAllowance }> {
  // the switcher's names and the figures from one committed state
  return db.transaction().execute(async (trx) => {
    const districts = await listDistricts(trx);
    const districtId = id ?? districts[0]?.id ?? null;
    if (districtId === null) {
      const empty: ModelSnapshot = { districts: [], villages: [], projects: [], batches: [], buildings: [], milestones: [], reports: [], sources: [] };
      return { snapshot: empty, figures: { asOf, batches: new Map(), projects: new Map(), villages: new Map(), districts: new Map() }, staleAfterDays: 90, districts };
    }
    const v = await viewIn(trx, asOf, (t) => loadAreaRows(t, { districtId }, { buildings: false }), { villages: true, districts: true, histories: 'areas', revisions: true }, { entity: 'district', id: districtId });
    if (!opts.allowance) return { ...v, districts };
    const rules = await allowanceRules(trx, [districtId]);
    // the records only where a rule will use them
    const records = rules.length ? await householdRecordsOfBatches(trx, v.snapshot.batches.map((b) => b.id)) : new Map<number, HouseholdRecord[]>();
    return { ...v, districts, allowance: { rules, records } };
  });
}

/**
 * What a cached answer of a scope is keyed by: the counters of the districts it depends on, and the
 * one of the whole model that says which committed state it shows (X-Data-Version).
 */
export const currentVersions = (db: Db, scope: VersionScope): Promise<{ version: number; key: string }> => getScopeVersions(db, scope);
export type { VersionScope };

/** A page of the API's list: its figures and how many there are in all. Checks that the filter names a real district or village. */
async function listView(db: Db, asOf: IsoDate, f: ListFilter, page: ListPage, kind: 'projects' | 'villages'): Promise<FiguresView & { total: number; ids: number[] }> {
  return db.transaction().execute(async (trx) => {
    if (f.districtId !== undefined && !(await districtExists(trx, f.districtId))) throw new NotFoundError('district', f.districtId);
    if (f.villageId !== undefined && !(await villageExists(trx, f.villageId))) throw new NotFoundError('village', f.villageId);
    const { ids, total } = kind === 'projects' ? await pageOfProjects(trx, f, page) : await pageOfVillages(trx, f, page);
    const rows = (t: Conn) => loadListRows(t, kind === 'projects' ? { projectIds: ids } : { villageIds: ids });
    const v = await viewIn(trx, asOf, rows, { villages: kind === 'villages', districts: false, histories: 'none' }, { entity: kind, id: null });
    return { ...v, total, ids };
  });
}

/** One page of projects (in id order) with their figures: only that page's projects and batches are read. */
export const readProjectList = (db: Db, f: ListFilter, page: ListPage, asOf: IsoDate) => listView(db, asOf, f, page, 'projects');

/** One page of villages (in id order) with their figures: only those villages, their projects and batches are read. */
export const readVillageList = (db: Db, f: ListFilter, page: ListPage, asOf: IsoDate) => listView(db, asOf, f, page, 'villages');
export type { ListFilter, ListPage } from '../repositories/list.repository';

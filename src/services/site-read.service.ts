// The whole site's figures (the summary and the public export), put together from each district's
// part in one read transaction; a part is read again only when its district's counter moved.
import type { Db } from '../db/create-db';
import type { ModelSnapshot } from '../domain/entities';
import type { SnapshotFigures } from '../domain/scopes';
import type { IsoDate } from '../domain/types';
import { loadAreaRows, listDistricts } from '../repositories/scope.repository';
import { getDataVersion, getDistrictVersions } from '../repositories/version.repository';
import { coalesce } from './coalesce';
import { nextTurn } from './next-turn';
import { settingsOf, viewIn, type FiguresView, type HouseholdFiguresOf, type Levels } from './scope-read.service';

/** What the site's figures keep of one district, and the counters it was read at. */
interface DistrictPart {
  key: string;
  snapshot: Pick<ModelSnapshot, 'districts' | 'villages' | 'projects' | 'reports' | 'sources'>;
  figures: Pick<SnapshotFigures, 'projects' | 'villages' | 'districts'>;
  households: Omit<HouseholdFiguresOf, 'batches'>;
}

/** Per database: each district's part of the site's figures, kept until a write inside it (or one every page shows). */
const siteParts = new WeakMap<Db, Map<number, DistrictPart>>();

function partOf(v: FiguresView, key: string): DistrictPart {
  return {
    key,
    snapshot: { districts: v.snapshot.districts, villages: v.snapshot.villages, projects: v.snapshot.projects, reports: v.snapshot.reports.filter((r) => r.scopeType === 'district'), sources: v.snapshot.sources },
    figures: { projects: v.figures.projects, villages: v.figures.villages, districts: v.figures.districts },
    households: { projects: v.households!.projects, villages: v.households!.villages, districts: v.households!.districts },
  };
}

/**
 * Every district, village and project with their figures: the summary and the public export. Put
 * together from each district's part, all read in one read transaction (one committed state): a
 * part is read again only when its district's counter or district 0's moved since it was kept
 * (migration 0009), so after a write in one district only that district is read. Of each district
 * only what those answers show is kept (its districts', villages' and projects' rows and figures,
 * the districts' reports): its batches and their changes are let go once summed.
 */
async function readSiteNow(db: Db, asOf: IsoDate): Promise<FiguresView> {
  let held = siteParts.get(db);
  if (!held) siteParts.set(db, (held = new Map()));
  const parts = held;
  return db.transaction().execute(async (trx) => {
    // the counters first: on PostgreSQL (read committed) the rows read after them are at least as new
    const versions = await getDistrictVersions(trx);
    const s = { ...await settingsOf(trx, asOf), version: await getDataVersion(trx) };
    const snapshot: ModelSnapshot = { districts: [], villages: [], projects: [], batches: [], buildings: [], milestones: [], reports: [], sources: [] };
    const figures: SnapshotFigures = { asOf, batches: new Map(), projects: new Map(), villages: new Map(), districts: new Map() };
    const sources = new Map<number, ModelSnapshot['sources'][number]>();
    const households: HouseholdFiguresOf = { batches: new Map(), projects: new Map(), villages: new Map(), districts: new Map() };
    const districts = await listDistricts(trx);
    for (const d of districts) {
      const own = versions.get(d.id);
      const key = `${versions.get(0)}|${own}|${asOf}`;
      let part = parts.get(d.id);
      if (part?.key !== key || own === undefined) {
        await nextTurn();
        part = partOf(await viewIn(trx, asOf, (t) => loadAreaRows(t, { districtId: d.id }, { buildings: false }), SITE_LEVELS, { entity: 'district', id: d.id }), key);
        if (own !== undefined) parts.set(d.id, part);
      }
      snapshot.districts.push(...part.snapshot.districts);
      snapshot.villages.push(...part.snapshot.villages);
      snapshot.projects.push(...part.snapshot.projects);
      snapshot.reports.push(...part.snapshot.reports);
      for (const src of part.snapshot.sources) sources.set(src.id, src);
      for (const k of ['projects', 'villages', 'districts'] as const) {
        for (const [id, f] of part.figures[k]) (figures[k] as Map<number, unknown>).set(id, f);
        for (const [id, h] of part.households[k]) households[k].set(id, h);
      }
    }
    for (const id of parts.keys()) if (!districts.some((d) => d.id === id)) parts.delete(id);
    snapshot.sources = [...sources.values()].sort((a, b) => a.id - b.id);
    return { snapshot, figures, staleAfterDays: s.staleAfterDays, version: s.version, monthlyAllowanceYuanPerHousehold: s.monthlyAllowanceYuanPerHousehold, households };
  });
}

const SITE_LEVELS: Levels = { villages: true, districts: true, histories: 'none' };

/** One site read per database and day at a time, shared by the readers who arrived while the last one ran (coalesce.ts). */
const siteReads = new WeakMap<Db, (asOf: IsoDate) => Promise<FiguresView>>();

/** The whole site's figures (readSiteNow), read once for all the readers asking at the same time. */
export function readSite(db: Db, asOf: IsoDate): Promise<FiguresView> {
  let read = siteReads.get(db);
  if (!read) {
    read = coalesce((day: IsoDate) => readSiteNow(db, day));
    siteReads.set(db, read);
  }
  return read(asOf);
}

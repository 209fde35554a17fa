// Search (GET /search): the names of every district, village, project and batch with their pinyin
// (pinyin-pro), kept per committed state of the model (the data version: a rename anywhere makes a
// new index), and buildings by code straight from the database. The projects and batches found are
// then read with their figures like a list page reads them, so each result says how it stands.
import { pinyin } from 'pinyin-pro';
import type { Db } from '../db/create-db';
import { bestMatches, matchScore, nameKeys, queryTokens, type SearchEntry } from '../domain/search';
import type { IsoDate } from '../domain/types';
import type { Conn } from '../repositories/catalogue.repository';
import { loadListRows } from '../repositories/list.repository';
import { buildingsWithCode, searchNames, type BuildingHit, type NameRow, type SearchNames } from '../repositories/search.repository';
import { getDataVersion } from '../repositories/version.repository';
import { viewIn, type FiguresView } from './scope-read.service';

/** How many results of each kind a search shows. */
export const SEARCH_LIMIT = 10;
/** How many buildings with a matching code are looked at (by id) before their places are compared. */
const BUILDING_CANDIDATES = 2000;

interface Entry extends SearchEntry { row: NameRow }

interface SearchIndex {
  version: number;
  names: SearchNames;
  districts: Entry[];
  villages: Entry[];
  projects: Entry[];
  batches: Entry[];
  /** The keys of a batch and of every place above it, for a building of that batch. */
  batchChain: Map<number, string[]>;
}

/** Pinyin of each name seen, bounded (names repeat: every project has a 第一批). */
const syllablesOf = (() => {
  const memo = new Map<string, string[]>();
  return (name: string): string[] => {
    let s = memo.get(name);
    if (!s) {
      if (memo.size >= 50_000) memo.clear();
      s = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
      memo.set(name, s);
    }
    return s;
  };
})();

const keysOf = (r: NameRow) => nameKeys(r.nameZh, syllablesOf(r.nameZh), r.nameEn);

function buildIndex(version: number, names: SearchNames): SearchIndex {
  const own = new Map<string, string[]>();
  const k = (kind: string, r: NameRow) => {
    const keys = keysOf(r);
    own.set(`${kind}:${r.id}`, keys);
    return keys;
  };
  const chainOf = new Map<string, string[]>();
  const chain = (kind: string, id: number | null): string[] => (id === null ? [] : chainOf.get(`${kind}:${id}`) ?? []);
  const entries = (kind: 'district' | 'village' | 'project' | 'batch', rows: NameRow[], parent: string | null) => rows.map((row): Entry => {
    const keys = k(kind, row);
    const parentKeys = parent === null ? [] : [...(own.get(`${parent}:${row.parentId}`) ?? []), ...chain(parent, row.parentId)];
    chainOf.set(`${kind}:${row.id}`, parentKeys);
    return { kind, id: row.id, keys, parentKeys, row };
  });
  const districts = entries('district', names.districts, null);
  const villages = entries('village', names.villages, 'district');
  const projects = entries('project', names.projects, 'village');
  const batches = entries('batch', names.batches, 'project');
  const batchChain = new Map(batches.map((b) => [b.id, [...b.keys, ...b.parentKeys]]));
  return { version, names, districts, villages, projects, batches, batchChain };
}

const indexes = new WeakMap<Db, SearchIndex>();

async function indexOf(db: Db, trx: Conn): Promise<SearchIndex> {
  const version = await getDataVersion(trx);
  const held = indexes.get(db);
  if (held && held.version === version) return held;
  const index = buildIndex(version, await searchNames(trx));
  indexes.set(db, index);
  return index;
}

export interface Found<T> { hits: T[]; total: number }
export type { NameRow };

export interface SearchResult {
  query: string;
  /** False when the query held no letter, digit or character to look for. */
  searched: boolean;
  districts: Found<NameRow>;
  villages: Found<NameRow>;
  projects: Found<NameRow>;
  batches: Found<NameRow>;
  buildings: Found<BuildingHit>;
  /** The names of every place the results lie in, by kind and id, and the figures of the projects and batches found. */
  names: SearchNames;
  view: FiguresView | null;
}

/** Buildings whose code holds one of the words, the other words found in their places' names. */
async function buildingsFound(trx: Conn, index: SearchIndex, tokens: string[]): Promise<Found<BuildingHit>> {
  const keys = (h: BuildingHit) => nameKeys(h.code, [h.code]);
  const found = new Map<number, BuildingHit>();
  for (const token of tokens) {
    for (const hit of await buildingsWithCode(trx, token, BUILDING_CANDIDATES)) {
      if (!found.has(hit.id) && matchScore(tokens, { kind: 'building', id: hit.id, keys: keys(hit), parentKeys: index.batchChain.get(hit.batchId) ?? [] }) !== null) found.set(hit.id, hit);
    }
  }
  // an exact code first ("3号楼" before "13号楼"), then in id order
  const exact = (h: BuildingHit) => (tokens.some((t) => keys(h).includes(t)) ? 0 : 1);
  const all = [...found.values()].sort((a, b) => exact(a) - exact(b) || a.id - b.id);
  return { hits: all.slice(0, SEARCH_LIMIT), total: all.length };
}

/** What a query finds, of each kind the best SEARCH_LIMIT, read at one commit. */
export function search(db: Db, query: string, asOf: IsoDate): Promise<SearchResult> {
  return db.transaction().execute(async (trx) => {
    const tokens = queryTokens(query);
    const index = await indexOf(db, trx);
    const empty = { hits: [], total: 0 };
    if (tokens.length === 0) {
      return { query, searched: false, districts: empty, villages: empty, projects: empty, batches: empty, buildings: empty, names: index.names, view: null };
    }
    const found = (entries: Entry[]) => {
      const r = bestMatches(tokens, entries, SEARCH_LIMIT);
      return { hits: r.hits.map((e) => e.row), total: r.total };
    };
    const projects = found(index.projects);
    const batches = found(index.batches);
    const buildings = await buildingsFound(trx, index, tokens);
    const batchProject = new Map(index.names.batches.map((b) => [b.id, b.parentId!]));
    const projectIds = [...new Set([...projects.hits.map((p) => p.id), ...batches.hits.map((b) => b.parentId!), ...buildings.hits.map((b) => batchProject.get(b.batchId)!)])];
    const view = projectIds.length
      ? await viewIn(trx, asOf, (t) => loadListRows(t, { projectIds }), { villages: false, districts: false, histories: 'none' }, { entity: 'projects', id: null })
      : null;
    return { query, searched: true, districts: found(index.districts), villages: found(index.villages), projects, batches, buildings, names: index.names, view };
  });
}

/** Names for suggestions as one types: the best few places of every kind but buildings, each with where it lies. */
export async function suggest(db: Db, query: string): Promise<{ kind: SearchEntry['kind']; id: number; row: NameRow; where: NameRow[] }[]> {
  const tokens = queryTokens(query);
  if (tokens.length === 0) return [];
  const index = await db.transaction().execute((trx) => indexOf(db, trx));
  const parents: Record<Entry['kind'], Map<number, NameRow>> = {
    district: new Map(), village: new Map(index.names.districts.map((d) => [d.id, d])), project: new Map(index.names.villages.map((v) => [v.id, v])),
    batch: new Map(index.names.projects.map((p) => [p.id, p])), building: new Map(),
  };
  const up = (kind: Entry['kind'], row: NameRow): NameRow[] => {
    const parent = row.parentId === null ? undefined : parents[kind].get(row.parentId);
    if (!parent) return [];
    return kind === 'batch' ? [parent, ...up('project', parent)] : [parent];
  };
  return (['districts', 'villages', 'projects', 'batches'] as const).flatMap((k) => bestMatches(tokens, index[k], 4).hits.map((e) => ({ kind: e.kind, id: e.id, row: e.row, where: up(e.kind, e.row) })));
}

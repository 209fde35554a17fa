// Keeps the rollups (every scope's dated stage changes) equal to what the buildings and their stage
// events say, inside the transaction of each write: a batch's changes are recomputed from its own
// buildings and the difference is added to every scope above it, so a write costs the size of one
// batch, not of the city. Also: each building's stage column is set to its latest stage day, so the
// stage is one fact (the events) with one derived copy, written together.
import type { Stage } from '../domain/types';
import { changeDelta, currentStage, mergeChanges, stageDays, type TallyChange } from '../domain/tally';
import { changesOfBuilding, snapshotChanges } from '../domain/scopes';
import type { Conn } from '../repositories/catalogue.repository';
import { loadCatalogue } from '../repositories/catalogue.repository';
import { bumpSiteVersion } from '../repositories/version.repository';
import { moveHouseholds, rebuildHouseholds, verifyHouseholds } from './household-rollup';
import {
  addChanges, buildingsWithEvents, chainAboveProject, chainAboveVillage, chainOfBatch, deleteAllChanges, insertChanges,
  readAllChanges, readAllTotals, readChanges, setDerivedStage, SITE, totalsOf, type ScopeRef, type StageTotal,
} from '../repositories/rollup.repository';

/** Recomputes these batches from their buildings and events and carries each difference up. */
export async function refreshBatches(trx: Conn, batchIds: Iterable<number>): Promise<void> {
  for (const batchId of new Set(batchIds)) {
    const chain = await chainOfBatch(trx, batchId);
    if (!chain) continue; // the batch is gone (a deletion handles its rows itself)
    const { buildings, events } = await buildingsWithEvents(trx, batchId);
    const byBuilding = new Map<number, { id: number; stage: Stage; date: string; isCorrection: boolean }[]>();
    for (const e of events) {
      const list = byBuilding.get(Number(e.building_id)) ?? [];
      list.push({ id: Number(e.id), stage: e.stage as Stage, date: e.date, isCorrection: e.is_correction === 1 });
      byBuilding.set(Number(e.building_id), list);
    }
    const changes: TallyChange[] = [];
    for (const b of buildings) {
      const own = byBuilding.get(Number(b.id)) ?? [];
      const facts = { floorAreaM2: b.floor_area_m2 === null ? null : Number(b.floor_area_m2), stage: b.stage as Stage, stageDate: b.stage_date };
      changes.push(...changesOfBuilding(facts, own));
      if (own.length > 0) {
        const now = currentStage(stageDays(own, facts));
        if (now.stage !== facts.stage || now.date !== facts.stageDate) await setDerivedStage(trx, Number(b.id), now.stage, now.date);
      }
    }
    const next = mergeChanges(changes);
    const delta = changeDelta(await readChanges(trx, chain[0]!), next);
    // the batch's own rows and those of every scope above it move by the same difference
    await addChanges(trx, chain, delta);
  }
}

const negate = (changes: readonly TallyChange[]) => changes.map((c) => ({ ...c, buildings: -c.buildings, areaCm2: -c.areaCm2, unknownArea: -c.unknownArea, events: -c.events }));

/** A scope whose rows go from one chain of parents to another (a project moved to another village, …). */
async function moveUp(trx: Conn, scope: ScopeRef, from: readonly ScopeRef[], to: readonly ScopeRef[]): Promise<void> {
  const key = (s: ScopeRef) => `${s.type}:${s.id}`;
  const toKeys = new Set(to.map(key));
  const fromKeys = new Set(from.map(key));
  const own = await readChanges(trx, scope);
  await addChanges(trx, from.filter((s) => !toKeys.has(key(s))), negate(own));
  await addChanges(trx, to.filter((s) => !fromKeys.has(key(s))), own);
  await moveHouseholds(trx, scope, from, to);
}

/** Call with the chain above the project read before its village changed. */
export async function projectMoved(trx: Conn, projectId: number, before: readonly ScopeRef[]): Promise<void> {
  const after = await chainAboveProject(trx, projectId);
  if (after) await moveUp(trx, { type: 'project', id: projectId }, before, after);
}

export async function villageMoved(trx: Conn, villageId: number, before: readonly ScopeRef[]): Promise<void> {
  const after = await chainAboveVillage(trx, villageId);
  if (after) await moveUp(trx, { type: 'village', id: villageId }, before, after);
}

export { chainAboveProject, chainAboveVillage };

/** Every scope's changes from scratch, as `figures verify` compares them. */
async function fromScratch(trx: Conn): Promise<Map<string, TallyChange[]>> {
  const snap = await loadCatalogue(trx);
  const all = snapshotChanges(snap);
  const out = new Map<string, TallyChange[]>();
  const put = (type: string, m: Map<number, TallyChange[]>) => { for (const [id, c] of m) if (c.length) out.set(`${type}:${id}`, c); };
  put('batch', all.batches);
  put('project', all.projects);
  put('village', all.villages);
  put('district', all.districts);
  const sub = new Map<number, TallyChange[]>();
  for (const v of snap.villages) if (v.subdistrictId !== null) sub.set(v.subdistrictId, [...(sub.get(v.subdistrictId) ?? []), ...(all.villages.get(v.id) ?? [])]);
  put('subdistrict', new Map([...sub].map(([id, c]) => [id, mergeChanges(c)])));
  put('site', new Map([[0, mergeChanges([...all.districts.values()].flat())]]));
  return out;
}

export interface VerifyResult {
  scopes: number;
  rows: number;
  /** Scopes whose stored rows differ from a computation from scratch, with the first difference. */
  differences: { scope: string; stored: number; computed: number; first: string }[];
}

/** Compares every stored rollup with a from-scratch computation, in one read transaction. */
export async function verifyRollups(trx: Conn): Promise<VerifyResult> {
  const [stored, computed] = [await readAllChanges(trx), await fromScratch(trx)];
  const differences: VerifyResult['differences'] = [];
  const keys = new Set([...stored.keys(), ...computed.keys()]);
  let rows = 0;
  for (const k of [...keys].sort()) {
    const a = stored.get(k) ?? [];
    const b = computed.get(k) ?? [];
    rows += a.length;
    const delta = changeDelta(b, a);
    if (delta.length) differences.push({ scope: k, stored: a.length, computed: b.length, first: JSON.stringify(delta[0]) });
  }
  // each scope's totals (what lists read before their window) against the totals of the computation
  const totals = await readAllTotals(trx);
  const byStage = (list: readonly StageTotal[]) => JSON.stringify([...list].sort((x, y) => (x.stage < y.stage ? -1 : 1)));
  for (const k of [...new Set([...totals.keys(), ...computed.keys()])].sort()) {
    const a = byStage(totals.get(k) ?? []);
    const b = byStage(totalsOf(computed.get(k) ?? []));
    if (a !== b) differences.push({ scope: `${k} totals`, stored: (totals.get(k) ?? []).length, computed: totalsOf(computed.get(k) ?? []).length, first: `stored ${a}, computed ${b}` });
  }
  const households = await verifyHouseholds(trx);
  return { scopes: keys.size + households.scopes, rows: rows + households.rows, differences: [...differences, ...households.differences] };
}

/** Throws every rollup away and writes them again from scratch (`figures rebuild`, seeds, bulk loads). */
export async function rebuildRollups(trx: Conn): Promise<{ scopes: number; rows: number }> {
  await deleteAllChanges(trx);
  const computed = await fromScratch(trx);
  let rows = 0;
  for (const [k, changes] of computed) {
    const [type, id] = k.split(':');
    await insertChanges(trx, { type: type as ScopeRef['type'], id: Number(id) }, changes);
    rows += changes.length;
  }
  const households = await rebuildHouseholds(trx);
  // no data table changed, so no trigger bumped a version: pages cached on the old rollups go now
  await bumpSiteVersion(trx);
  return { scopes: computed.size + households.scopes, rows: rows + households.rows };
}

export { SITE };

// Keeps the household rollups (every scope's dated differences of household counts) equal to the
// batches' records, inside the transaction of each write, as rollup.service.ts does for the stages:
// a batch's differences are recomputed from its own records and what changed is added to every
// scope above it.
import { householdDelta, householdDeltas, mergeHouseholdChanges, type HouseholdChange } from '../domain/household-changes';
import { loadCatalogue, type Conn } from '../repositories/catalogue.repository';
import {
  addHouseholdChanges, allHouseholdRecords, deleteAllHouseholdChanges, householdRecordsOf, insertHouseholdChanges, readAllHouseholdChanges, readHouseholdChanges,
} from '../repositories/household.repository';
import { chainOfBatch, type ScopeRef } from '../repositories/rollup.repository';

/** Recomputes these batches' differences from their records and carries what changed up. */
export async function refreshHouseholds(trx: Conn, batchIds: Iterable<number>): Promise<void> {
  for (const batchId of new Set(batchIds)) {
    const chain = await chainOfBatch(trx, batchId);
    if (!chain) continue;
    const next = householdDeltas(await householdRecordsOf(trx, batchId));
    await addHouseholdChanges(trx, chain, householdDelta(await readHouseholdChanges(trx, chain[0]!), next));
  }
}

const negate = (changes: readonly HouseholdChange[]) => changes.map((c) => ({
  date: c.date, households: -c.households, allocated: -c.allocated, notices: -c.notices, handedOver: -c.handedOver, movedIn: -c.movedIn, certificates: -c.certificates,
}));

/** A scope moved from one chain of parents to another: its rows leave the scopes it left and join the new ones. */
export async function moveHouseholds(trx: Conn, scope: ScopeRef, from: readonly ScopeRef[], to: readonly ScopeRef[]): Promise<void> {
  const key = (s: ScopeRef) => `${s.type}:${s.id}`;
  const toKeys = new Set(to.map(key));
  const fromKeys = new Set(from.map(key));
  const own = await readHouseholdChanges(trx, scope);
  await addHouseholdChanges(trx, from.filter((s) => !toKeys.has(key(s))), negate(own));
  await addHouseholdChanges(trx, to.filter((s) => !fromKeys.has(key(s))), own);
}

/** Every scope's household differences from the records, as `figures verify` compares them. */
export async function householdsFromScratch(trx: Conn): Promise<Map<string, HouseholdChange[]>> {
  const snap = await loadCatalogue(trx);
  const projectOf = new Map(snap.batches.map((b) => [b.id, b.projectId]));
  const villageOf = new Map(snap.projects.map((p) => [p.id, p.villageId]));
  const villages = new Map(snap.villages.map((v) => [v.id, v]));
  const byBatch = new Map<number, Parameters<typeof householdDeltas>[0][number][]>();
  for (const r of await allHouseholdRecords(trx)) byBatch.set(r.batchId, [...(byBatch.get(r.batchId) ?? []), r]);
  const all = new Map<string, HouseholdChange[]>();
  for (const [batchId, records] of byBatch) {
    const project = projectOf.get(batchId)!;
    const v = villages.get(villageOf.get(project)!)!;
    const keys = [`batch:${batchId}`, `project:${project}`, `village:${v.id}`, `district:${v.districtId}`, 'site:0'];
    if (v.subdistrictId !== null) keys.push(`subdistrict:${v.subdistrictId}`);
    const deltas = householdDeltas(records);
    for (const k of keys) all.set(k, [...(all.get(k) ?? []), ...deltas]);
  }
  const out = new Map<string, HouseholdChange[]>();
  for (const [k, changes] of all) {
    const merged = mergeHouseholdChanges(changes);
    if (merged.length) out.set(k, merged);
  }
  return out;
}

/** Scopes whose stored household rows differ from the records, with the first difference. */
export async function verifyHouseholds(trx: Conn): Promise<{ scopes: number; rows: number; differences: { scope: string; stored: number; computed: number; first: string }[] }> {
  const [stored, computed] = [await readAllHouseholdChanges(trx), await householdsFromScratch(trx)];
  const keys = new Set([...stored.keys(), ...computed.keys()]);
  const differences = [];
  let rows = 0;
  for (const k of [...keys].sort()) {
    const a = stored.get(k) ?? [];
    const b = computed.get(k) ?? [];
    rows += a.length;
    // stored minus computed, as verifyRollups reports the stages
    const delta = householdDelta(b, a);
    if (delta.length) differences.push({ scope: `households ${k}`, stored: a.length, computed: b.length, first: JSON.stringify(delta[0]) });
  }
  return { scopes: keys.size, rows, differences };
}

/** Throws the household rollups away and writes them again from the records. */
export async function rebuildHouseholds(trx: Conn): Promise<{ scopes: number; rows: number }> {
  await deleteAllHouseholdChanges(trx);
  let rows = 0;
  const computed = await householdsFromScratch(trx);
  for (const [k, changes] of computed) {
    const [type, id] = k.split(':');
    await insertHouseholdChanges(trx, { type: type as ScopeRef['type'], id: Number(id) }, changes);
    rows += changes.length;
  }
  return { scopes: computed.size, rows };
}

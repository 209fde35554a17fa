// Generated demonstration data: a district of invented villages so that the pages can be tried with
// more than one village. Deterministic from a seed; every row is marked as demonstration data
// (is_demo on district, village and project, a source of kind `demo`) and shown as such.
import { rebuildRollups } from '../src/services/rollup.service';
import { putHouseholdRecord, replaceAllowanceRule } from '../src/repositories/household.repository';
import { demoHouseholdHistory } from './demo-households';
import type { Transaction } from 'kysely';
import type { Database } from '../src/db/schema';
import { STAGES, type Stage } from '../src/domain/types';
import { addDays } from '../src/domain/dates';
import {
  insertBatch, insertBuilding, insertDistrict, insertMilestone, insertProject, insertSource, insertVillage,
} from '../src/repositories/write.repository';

export interface DemoOptions {
  seed: number;
  villages: number;
  /** "Today" for the generated history: nothing is dated after it. */
  asOf: string;
  now: string;
  onProgress?: (done: number, total: number) => void;
}

/** mulberry32: small, fast and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

export async function generateDemo(trx: Transaction<Database>, o: DemoOptions): Promise<{ districtId: number; buildings: number }> {
  const rand = prng(o.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const sourceId = await insertSource(trx, {
    kind: 'demo', title: `程序生成的演示数据(种子 ${o.seed})/ Generated demonstration data (seed ${o.seed})`,
    publisher: null, published_on: null, url: null, excerpt: null, note: 'Not reported figures.',
  });
  const districtId = await insertDistrict(trx, {
    name_zh: `示例区(演示数据,种子 ${o.seed})`, name_en: `Demo district (seed ${o.seed})`, is_demo: 1,
  });
  let buildings = 0;
  for (let v = 1; v <= o.villages; v++) {
    const households = int(300, 2500);
    const villageId = await insertVillage(trx, {
      district_id: districtId, subdistrict_id: null, name_zh: `示例村${pad(v)}`, name_en: `Demo village ${pad(v)}`,
      households_entitled: households, people_entitled: Math.round(households * (2.6 + rand())),
      demolition_date: addDays(o.asOf, -int(900, 3000)), note: null, is_demo: 1,
    });
    const projects = int(1, 3);
    for (let p = 1; p <= projects; p++) {
      const start = addDays(o.asOf, -int(200, 2200));
      const projectId = await insertProject(trx, {
        village_id: villageId, name_zh: `示例村${pad(v)}安置房${p}期`, name_en: `Demo village ${pad(v)} housing phase ${p}`,
        kind: p === 3 ? 'collective_affordable' : 'resettlement', land_area_m2: int(20, 90) * (10000 / 15),
        planned_floor_area_m2: null, investment_yuan: int(3, 20) * 1e8, developer: '示例开发公司(演示)',
        construction_entity: '示例建设公司(演示)', planned_start: start, planned_completion: addDays(start, int(900, 1500)),
        actual_start: start, actual_completion: null, status: 'under_construction', note: null, source_id: sourceId, is_demo: 1,
      });
      const batchCount = int(1, 4);
      for (let b = 1; b <= batchCount; b++) {
        const target = addDays(start, int(600, 1600));
        buildings += await generateBatch(trx, { projectId, b, start, target, households: int(80, 600), sourceId, asOf: o.asOf, now: o.now, rand, int });
      }
    }
    o.onProgress?.(v, o.villages);
  }
  // a demonstration allowance rule for the demonstration district (not any real regulation):
  // 1,000 yuan per household a month, 1.5 times after 18 months late, twice after 24
  const demoRule = { districtId, effectiveFrom: '2015-01-01', basis: 'household' as const, amountYuan: 1000, minAreaM2: null, paidUntil: 'handover_month' as const };
  await replaceAllowanceRule(trx, districtId, demoRule.effectiveFrom, [
    { ...demoRule, afterMonths: 0, multiplier: 1 }, { ...demoRule, afterMonths: 18, multiplier: 1.5 }, { ...demoRule, afterMonths: 24, multiplier: 2 },
  ]);
  await rebuildRollups(trx); // a bulk load: the rollups are built once, at the end
  return { districtId, buildings };
}

interface BatchArgs {
  projectId: number; b: number; start: string; target: string; households: number; sourceId: number;
  asOf: string; now: string; rand: () => number; int: (lo: number, hi: number) => number;
}

/** Buildings move through the stages at a pace drawn per batch; history is every stage they reached by asOf. */
async function generateBatch(trx: Transaction<Database>, a: BatchArgs): Promise<number> {
  const count = a.int(3, 10);
  const daysPerStage = a.int(60, 200);
  const batchStart = addDays(a.start, a.int(0, 240));
  const rows: { stage: Stage; events: { stage: Stage; date: string }[]; area: number }[] = [];
  for (let i = 0; i < count; i++) {
    const events: { stage: Stage; date: string }[] = [];
    let date = addDays(batchStart, a.int(0, 60));
    for (const stage of STAGES.slice(1)) {
      if (date > a.asOf) break;
      events.push({ stage, date });
      date = addDays(date, Math.round(daysPerStage * (0.6 + a.rand())));
    }
    const stage = events.at(-1)?.stage ?? 'planned';
    rows.push({ stage, events, area: a.int(80, 250) * 100 });
  }
  const allDelivered = rows.every((r) => r.stage === 'delivered');
  const lastDelivery = allDelivered ? rows.map((r) => r.events.at(-1)!.date).sort().at(-1)! : null;
  const batchId = await insertBatch(trx, {
    project_id: a.projectId, sequence: a.b, name_zh: `第${a.b}批`, name_en: `Batch ${a.b}`,
    target_delivery_date: a.target, target_precision: 'day', actual_delivery_date: lastDelivery,
    households: a.households, note: null,
  });
  for (const [i, r] of rows.entries()) {
    const buildingId = await insertBuilding(trx, {
      batch_id: batchId, seq: i + 1, code: `${i + 1}#`, floors: a.int(11, 33), floor_area_m2: r.area,
      dwelling_units: Math.round(r.area / 95), stage: r.stage, stage_date: r.events.at(-1)?.date ?? null,
    });
    for (const e of r.events) {
      await insertMilestone(trx, { building_id: buildingId, stage: e.stage, date: e.date, kind: 'actual', source_id: a.sourceId, note: null, created_at: a.now });
    }
  }
  if (lastDelivery) {
    for (const h of demoHouseholdHistory(batchId, a.households, lastDelivery, a.asOf)) {
      await putHouseholdRecord(trx, { ...h, batchId, isCorrection: false, correctionReason: null, sourceId: a.sourceId, createdAt: a.now });
    }
  }
  return count;
}


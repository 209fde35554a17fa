// City-scale DEMONSTRATION data: ~15 districts, 900 villages, 1,500 projects, 6,000 batches,
// 50,000 buildings and ~500,000 rows of history (milestones and reports), deterministic from a
// seed, every district/village/project flagged as demonstration data. Rows are built in memory and
// written in chunks with ids assigned here, so it takes seconds.
import { rebuildRollups } from '../src/services/rollup.service';
import type { Insertable } from 'kysely';
import type { Database } from '../src/db/schema';
import type { Conn } from '../src/repositories/catalogue.repository';
import { bulkInsert, nextId, syncIdSequence } from '../src/repositories/bulk.repository';
import { STAGES } from '../src/domain/types';
import { addDays } from '../src/domain/dates';
import { prng } from './demo';

export interface CityOptions {
  seed: number;
  scale: 'city' | 'district';
  asOf: string;
  now: string;
  onProgress?: (step: string, rows: number) => void;
}

const SIZES = {
  city: { districts: 15, villagesPerDistrict: 60, projects: 1500, batchesPerProject: 4, buildingsPerBatch: 8.4 },
  district: { districts: 1, villagesPerDistrict: 24, projects: 40, batchesPerProject: 4, buildingsPerBatch: 8.4 },
};

type Rows = { [T in keyof Database]?: Insertable<Database[T]>[] };
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export async function generateCity(trx: Conn, o: CityOptions): Promise<Record<string, number>> {
  const size = SIZES[o.scale];
  const rand = prng(o.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const ids = {
    source: await nextId(trx, 'sources'), district: await nextId(trx, 'districts'), village: await nextId(trx, 'villages'),
    project: await nextId(trx, 'projects'), batch: await nextId(trx, 'batches'), building: await nextId(trx, 'buildings'),
    milestone: await nextId(trx, 'milestones'), report: await nextId(trx, 'progress_reports'),
  };
  const rows: Required<Pick<Rows, 'sources' | 'districts' | 'villages' | 'projects' | 'batches' | 'buildings' | 'milestones' | 'progress_reports'>> = {
    sources: [], districts: [], villages: [], projects: [], batches: [], buildings: [], milestones: [], progress_reports: [],
  };
  const sourceId = ids.source++;
  rows.sources.push({ id: sourceId, kind: 'demo', title: `城市规模演示数据(种子 ${o.seed})/ City-scale demonstration data (seed ${o.seed})`, publisher: null, published_on: null, url: null, excerpt: null, note: 'Generated; not reported figures.' } as never);

  const villageIds: number[] = [];
  for (let d = 1; d <= size.districts; d++) {
    const districtId = ids.district++;
    rows.districts.push({ id: districtId, name_zh: `演示${pad(d)}区(种子 ${o.seed})`, name_en: `Demo district ${pad(d)} (seed ${o.seed})`, is_demo: 1 } as never);
    for (let v = 1; v <= size.villagesPerDistrict; v++) {
      const id = ids.village++;
      villageIds.push(id);
      const households = int(200, 2500);
      rows.villages.push({
        id, district_id: districtId, subdistrict_id: null, name_zh: `演示${pad(d)}区${pad(v, 3)}村`, name_en: `Demo village ${pad(d)}-${pad(v, 3)}`,
        households_entitled: households, people_entitled: Math.round(households * (2.6 + rand())), demolition_date: addDays(o.asOf, -int(900, 4000)),
        note: null, is_demo: 1,
      } as never);
    }
  }

  for (let p = 0; p < size.projects; p++) {
    const projectId = ids.project++;
    const villageId = villageIds[p % villageIds.length]!;
    const start = addDays(o.asOf, -int(100, 2400));
    const batches = int(2, size.batchesPerProject * 2 - 2);
    let projectArea = 0;
    for (let b = 1; b <= batches; b++) {
      const batchId = ids.batch++;
      const batchStart = addDays(start, int(0, 300));
      const pace = int(50, 220);
      const target = addDays(batchStart, pace * 7 + int(-120, 200));
      const count = int(5, Math.round(size.buildingsPerBatch * 2 - 5));
      let delivered = 0;
      let lastDelivery = '';
      for (let i = 1; i <= count; i++) {
        const buildingId = ids.building++;
        const area = int(60, 260) * 100;
        projectArea += area;
        let date = addDays(batchStart, int(0, 90));
        let stage: (typeof STAGES)[number] = 'planned';
        let stageDate: string | null = null;
        for (const s of STAGES.slice(1)) {
          if (date > o.asOf) {
            rows.milestones.push({ id: ids.milestone++, building_id: buildingId, stage: s, date, kind: 'planned', source_id: sourceId, note: null, created_at: o.now } as never);
          } else {
            rows.milestones.push({ id: ids.milestone++, building_id: buildingId, stage: s, date, kind: 'actual', source_id: sourceId, note: null, created_at: o.now } as never);
            stage = s;
            stageDate = date;
          }
          date = addDays(date, Math.round(pace * (0.5 + rand())));
        }
        if (stage === 'delivered') {
          delivered++;
          if (stageDate! > lastDelivery) lastDelivery = stageDate!;
        }
        rows.buildings.push({
          id: buildingId, batch_id: batchId, seq: i, code: `${i}#`, floors: int(11, 33), floor_area_m2: area,
          dwelling_units: Math.round(area / 95), stage, stage_date: stageDate,
        } as never);
      }
      rows.batches.push({
        id: batchId, project_id: projectId, sequence: b, name_zh: `第${b}批`, name_en: `Batch ${b}`, target_delivery_date: target,
        target_precision: 'day', actual_delivery_date: delivered === count ? lastDelivery : null, households: int(60, 500), note: null,
      } as never);
    }
    rows.projects.push({
      id: projectId, village_id: villageId, name_zh: `演示项目${pad(p + 1, 4)}`, name_en: `Demo project ${pad(p + 1, 4)}`,
      kind: p % 5 === 4 ? 'collective_affordable' : 'resettlement', land_area_m2: int(20, 120) * (10000 / 15), planned_floor_area_m2: projectArea,
      investment_yuan: int(3, 40) * 1e8, developer: '演示开发公司', construction_entity: '演示建设公司', planned_start: start,
      planned_completion: addDays(start, int(900, 1800)), planned_completion_precision: 'day', actual_start: start, actual_completion: null,
      status: 'under_construction', note: null, source_id: sourceId, is_demo: 1,
    } as never);
    // Monthly cumulative reports for the project since it started (rises with time, never falls).
    let started = 0;
    let deliveredArea = 0;
    for (let m = 0, d = addDays(start, 30); d <= o.asOf; m++, d = addDays(d, 30)) {
      started = Math.min(projectArea, started + Math.round(projectArea * (0.05 + rand() * 0.2)));
      deliveredArea = Math.min(started, deliveredArea + Math.round(projectArea * rand() * 0.04));
      rows.progress_reports.push({
        id: ids.report++, scope_type: 'project', district_id: null, village_id: null, project_id: projectId, as_of: d,
        planned_area_m2: projectArea, started_area_m2: started, delivered_area_m2: deliveredArea, households_entitled: null,
        households_returned: null, people_entitled: null, people_returned: null, published_start_rate: null, published_delivery_rate: null,
        published_return_rate: null, source_id: sourceId, note: null, is_correction: 0, correction_reason: null, created_at: o.now,
      } as never);
    }
    if (p % 100 === 0) o.onProgress?.('generated projects', p);
  }

  const counts: Record<string, number> = {};
  const columns: Record<keyof typeof rows, number> = { sources: 8, districts: 4, villages: 11, projects: 20, batches: 11, buildings: 10, milestones: 8, progress_reports: 22 };
  for (const table of ['sources', 'districts', 'villages', 'projects', 'batches', 'buildings', 'milestones', 'progress_reports'] as const) {
    await bulkInsert(trx, table, rows[table] as never, columns[table]);
    await syncIdSequence(trx, table);
    counts[table] = rows[table].length;
    o.onProgress?.(`wrote ${table}`, rows[table].length);
  }
  const built = await rebuildRollups(trx); // a bulk load: the rollups are built once, at the end
  o.onProgress?.('built rollups', built.rows);
  return counts;
}

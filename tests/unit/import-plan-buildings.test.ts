// Buildings rows: batch targets, which building a row is about, what it changes and when a stage
// move is recorded as a milestone (src/domain/import-plan-buildings.ts).
import { planImport } from '../../src/domain/import-plan';
import type { Period } from '../../src/domain/import-cells';
import type { Building, ModelSnapshot } from '../../src/domain/entities';
import { batch, emptySnapshot, project } from './snapshot-builder';
import { buildingRow, day, upload } from './import-plan-builders';

const AS_OF = '2026-11-26';
const month = (date: string): Period => ({ date, precision: 'month' });
const year = (date: string): Period => ({ date, precision: 'year' });

const inStructure = (id: number, over: Partial<Building> = {}): Building => ({
  id, batchId: 1, seq: id, code: null, floors: null, floorAreaM2: null, dwellingUnits: null, stage: 'structure', stageDate: '2023-11-08', version: 1, ...over,
});

function oneBatch(buildings: Building[]): ModelSnapshot {
  const s = emptySnapshot();
  s.projects = [project(1)];
  s.batches = [batch(1, 1, { targetDeliveryDate: '2024-12-31', targetPrecision: 'year' })];
  s.buildings = buildings;
  return s;
}

describe('which building a row is about', () => {
  test('a row giving any one building figure is about the next uncoded building, not only its batch', () => {
    const plan = planImport(oneBatch([1, 2, 3, 4, 5].map((id) => inStructure(id))), upload({ buildings: [
      buildingRow({ row: 2, floorAreaM2: 1200 }),
      buildingRow({ row: 3, floors: 18 }),
      buildingRow({ row: 4, units: 96 }),
      buildingRow({ row: 5, stage: 'structure' }),
      buildingRow({ row: 6, stageDate: day('2024-01-15') }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([]);
    expect(plan.ops).toEqual([
      { op: 'buildingUpdate', id: 1, version: 1, set: { floorAreaM2: 1200 }, milestone: null },
      { op: 'buildingUpdate', id: 2, version: 1, set: { floors: 18 }, milestone: null },
      { op: 'buildingUpdate', id: 3, version: 1, set: { dwellingUnits: 96 }, milestone: null },
      // Re-dating the stage the building is at records that stage on the new date.
      { op: 'buildingUpdate', id: 5, version: 1, set: { stageDate: '2024-01-15' }, milestone: { stage: 'structure', date: '2024-01-15', correctionReason: null } },
    ]);
    const t = plan.summary.tables.buildings;
    expect([t.create, t.update, t.unchanged]).toEqual([0, 4, 1]);
    // Uncoded rows are labelled by their place among the batch's uncoded rows.
    expect(t.preview.map((p) => p.label)).toEqual(['(1)', '(2)', '(3)', '(5)'].map((n) => `村 · 项目1 · 第1批 · ${n}`));
  });

  test('uncoded buildings are matched in their seq order, whatever order the snapshot lists them in', () => {
    const plan = planImport(oneBatch([inStructure(30, { seq: 3 }), inStructure(10, { seq: 1 }), inStructure(20, { seq: 2 })]), upload({ buildings: [
      buildingRow({ row: 2, floorAreaM2: 100 }),
      buildingRow({ row: 3, floorAreaM2: 200 }),
      buildingRow({ row: 4, floorAreaM2: 300 }),
    ] }), AS_OF);
    expect(plan.ops.map((o) => (o.op === 'buildingUpdate' ? [o.id, o.set.floorAreaM2] : o.op))).toEqual([[10, 100], [20, 200], [30, 300]]);
  });

  test('a row naming only its batch and a target creates no building, even in a new batch', () => {
    const plan = planImport(oneBatch([inStructure(1)]), upload({ buildings: [
      buildingRow({ row: 2, batch: '第9批', targetDeliveryDate: month('2027-06-30') }),
      buildingRow({ row: 3 }),
    ] }), AS_OF);
    expect(plan.ops).toEqual([{ op: 'batch', key: 'b:#1|第9批', project: { id: 1 }, nameZh: '第9批', target: '2027-06-30', precision: 'month' }]);
    const t = plan.summary.tables.buildings;
    expect([t.create, t.update, t.unchanged]).toEqual([0, 0, 0]);
    expect(plan.summary.batches).toEqual({ create: 1, update: 0, unchanged: 1 });
  });
});

describe('what an existing building is changed by', () => {
  test('every changed figure is listed in its column, the stage by its code, and the move is a milestone', () => {
    const plan = planImport(oneBatch([inStructure(9, { code: '9#', floorAreaM2: 1000 })]), upload({ buildings: [
      buildingRow({ building: '9#', floorAreaM2: 1200, floors: 18, units: 96, stage: 'topped_out', stageDate: day('2024-03-01') }),
    ] }), AS_OF);
    expect(plan.ops).toEqual([{
      op: 'buildingUpdate', id: 9, version: 1,
      set: { floorAreaM2: 1200, floors: 18, dwellingUnits: 96, stage: 'topped_out', stageDate: '2024-03-01' },
      milestone: { stage: 'topped_out', date: '2024-03-01', correctionReason: null },
    }]);
    expect(plan.summary.tables.buildings.preview).toEqual([{
      source: 'b.csv', row: 2, action: 'update', label: '村 · 项目1 · 第1批 · 9#',
      changes: [
        { column: 'floor_area_m2', before: '1000', after: '1200' },
        { column: 'floors', before: '—', after: '18' },
        { column: 'units', before: '—', after: '96' },
        { column: 'stage', before: 'structure', after: 'topped_out', stage: true },
        { column: '阶段日期', before: '2023-11-08', after: '2024-03-01' },
      ],
    }]);
  });

  test('a new stage reached on the date the building already shows is still a milestone', () => {
    const plan = planImport(oneBatch([inStructure(1, { code: '1#' })]), upload({ buildings: [
      buildingRow({ building: '1#', stage: 'topped_out', stageDate: day('2023-11-08') }),
    ] }), AS_OF);
    expect(plan.ops).toEqual([{ op: 'buildingUpdate', id: 1, version: 1, set: { stage: 'topped_out' }, milestone: { stage: 'topped_out', date: '2023-11-08', correctionReason: null } }]);
  });

  test('a floor area that differs only by float noise is no change', () => {
    // 1000.0000000000001 − 1000 ≈ 1.1e-13, far below 1e-9 × 1000.
    const plan = planImport(oneBatch([inStructure(1, { code: '1#', floorAreaM2: 1000 })]), upload({ buildings: [
      buildingRow({ building: '1#', floorAreaM2: 1000.0000000000001 }),
    ] }), AS_OF);
    expect(plan.ops).toEqual([]);
    expect(plan.summary.tables.buildings.unchanged).toBe(1);
  });

  test('a stage date of today is accepted', () => {
    const plan = planImport(oneBatch([]), upload({ buildings: [buildingRow({ building: '1#', stage: 'foundation', stageDate: day(AS_OF) })] }), AS_OF);
    expect(plan.errors).toEqual([]);
    expect(plan.ops.at(-1)).toEqual({ op: 'building', batch: { id: 1 }, values: { code: '1#', floors: null, floorAreaM2: null, dwellingUnits: null, stage: 'foundation', stageDate: AS_OF } });
  });
});

describe('batch targets', () => {
  test('a full date keeps the stored precision; a month or another date changes the target', () => {
    const s = emptySnapshot();
    s.projects = [project(1)];
    s.batches = [1, 2, 3, 4, 5].map((id) => batch(id, 1, { targetDeliveryDate: '2024-12-31', targetPrecision: id === 4 ? 'day' : 'year' }));
    const plan = planImport(s, upload({ buildings: [
      buildingRow({ row: 2, batch: '第1批', targetDeliveryDate: day('2024-12-31') }),
      buildingRow({ row: 3, batch: '第2批', targetDeliveryDate: month('2024-12-31'), targetReason: '按月计' }),
      buildingRow({ row: 4, batch: '第3批', targetDeliveryDate: year('2024-12-31') }),
      buildingRow({ row: 5, batch: '第4批', targetDeliveryDate: day('2025-03-31'), targetReason: '主体延误' }),
      buildingRow({ row: 6, batch: '第5批' }),
    ] }), AS_OF);
    expect(plan.ops).toEqual([
      { op: 'batchUpdate', id: 2, version: 1, target: '2024-12-31', precision: 'month', change: { stored: { current: { date: '2024-12-31', precision: 'year' }, baseline: { date: null, precision: null } }, reason: '按月计' } },
      { op: 'batchUpdate', id: 4, version: 1, target: '2025-03-31', precision: 'day', change: { stored: { current: { date: '2024-12-31', precision: 'day' }, baseline: { date: null, precision: null } }, reason: '主体延误' } },
    ]);
    expect(plan.summary.batches).toEqual({ create: 0, update: 2, unchanged: 3 });
  });

  test('changing a target already entered needs its reason: refused on the row that gives the target, naming the column; any row of the batch may give the reason', () => {
    const s = oneBatch([]);
    s.batches[0] = { ...s.batches[0]!, baselineTargetDate: '2024-12-31', baselineTargetPrecision: 'year' };
    const refused = planImport(s, upload({ buildings: [buildingRow({ row: 7, targetDeliveryDate: month('2025-06-30') })] }), AS_OF);
    // no 改期原因 column in the file: the message names it by its Chinese header
    expect(refused.errors).toEqual([{ source: 'b.csv', row: 7, column: '改期原因', key: 'validation.import_target_reason' }]);
    expect(refused.ops).toEqual([]);
    const named = planImport(s, upload({ buildings: [buildingRow({ row: 7, targetDeliveryDate: month('2025-06-30') })] }, { target_reason: '延期原因' }), AS_OF);
    expect(named.errors.map((e) => e.column)).toEqual(['延期原因']);
    const given = planImport(s, upload({ buildings: [
      buildingRow({ row: 2, building: '1#', targetDeliveryDate: month('2025-06-30') }),
      buildingRow({ row: 3, building: '2#', targetReason: '配套滞后' }),
    ] }), AS_OF);
    expect(given.errors).toEqual([]);
    expect(given.ops[0]).toEqual({
      op: 'batchUpdate', id: 1, version: 1, target: '2025-06-30', precision: 'month',
      change: { stored: { current: { date: '2024-12-31', precision: 'year' }, baseline: { date: '2024-12-31', precision: 'year' } }, reason: '配套滞后' },
    });
    // the same target again needs no reason
    expect(planImport(s, upload({ buildings: [buildingRow({ row: 2, targetDeliveryDate: year('2024-12-31') })] }), AS_OF).errors).toEqual([]);
  });

  test('a new batch named without a target is created with none', () => {
    const plan = planImport(oneBatch([]), upload({ buildings: [buildingRow({ batch: '新批', building: '1#' })] }), AS_OF);
    expect(plan.ops[0]).toEqual({ op: 'batch', key: 'b:#1|新批', project: { id: 1 }, nameZh: '新批', target: null, precision: 'day' });
    expect(plan.summary.batches).toEqual({ create: 1, update: 0, unchanged: 0 });
  });

  test('rows may repeat their batch target; a different one is refused, naming the first row that gave it', () => {
    const plan = planImport(oneBatch([]), upload({ buildings: [
      buildingRow({ row: 2, batch: 'X', building: '1#', targetDeliveryDate: day('2025-01-31') }),
      buildingRow({ row: 3, batch: 'X', building: '2#', targetDeliveryDate: day('2025-01-31') }),
      buildingRow({ row: 4, batch: 'X', building: '3#', targetDeliveryDate: day('2025-02-28') }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([{ source: 'b.csv', row: 4, column: 'target_delivery_date', key: 'validation.import_conflict|2' }]);
  });
});

import { planImport } from '../../src/domain/import-plan';
import type { ModelSnapshot } from '../../src/domain/entities';
import { batch, building, emptySnapshot, project, report } from './snapshot-builder';
import { buildingRow, projectRow, reportRow, upload } from './import-plan-builders';

const AS_OF = '2026-11-26';

function withBuildings(): ModelSnapshot {
  const s = emptySnapshot();
  s.projects = [project(1)];
  s.batches = [batch(1, 1, { targetDeliveryDate: '2024-12-31', targetPrecision: 'year' })];
  s.buildings = [
    { ...building(1, 1, 'structure', null, '2023-11-08'), seq: 1 },
    { ...building(2, 1, 'structure', null, '2023-11-08'), seq: 2 },
    { ...building(3, 1, 'planned', 1000), seq: 3, code: '9#' },
  ];
  return s;
}

describe('villages and districts', () => {
  test('a new village goes to the only real district, and the preview says so', () => {
    const s = emptySnapshot();
    s.districts.push({ id: 2, nameZh: '演示区', nameEn: null, isDemo: true });
    const plan = planImport(s, upload({ projects: [projectRow({ village: '新村', kind: 'resettlement' })] }), AS_OF);
    expect(plan.errors).toEqual([]);
    expect(plan.ops.map((o) => o.op)).toEqual(['village', 'project']);
    expect(plan.ops[0]).toMatchObject({ district: { id: 1 }, nameZh: '新村' });
    expect(plan.summary.notes).toEqual(['importer.note.default_district|区']);
    expect(plan.summary.villagesCreated).toEqual(['区 · 新村']);
  });

  test('with two real districts the district column is required for a new village', () => {
    const s = emptySnapshot();
    s.districts.push({ id: 2, nameZh: '二区', nameEn: null, isDemo: false });
    const plan = planImport(s, upload({ projects: [projectRow({ village: '新村', kind: 'resettlement' })] }), AS_OF);
    expect(plan.errors).toEqual([{ source: 'p.csv', row: 2, column: '区', key: 'validation.import_district_required' }]);
    expect(plan.ops).toEqual([]);
    const named = planImport(s, upload({ projects: [projectRow({ village: '新村', kind: 'resettlement', district: '二区' })] }), AS_OF);
    expect(named.ops[0]).toMatchObject({ op: 'village', district: { id: 2 } });
  });

  test('an existing village is found by its name alone when that is unique', () => {
    const plan = planImport(emptySnapshot(), upload({ projects: [projectRow({ kind: 'resettlement' })] }), AS_OF);
    expect(plan.ops).toEqual([expect.objectContaining({ op: 'project', village: { id: 1 }, nameZh: '项目1' })]);
  });
});

describe('projects', () => {
  test('only filled-in cells that differ are changed; equal values leave the project unchanged', () => {
    const s = emptySnapshot();
    s.projects = [project(1, { developer: '甲公司', plannedFloorAreaM2: 1000, plannedCompletion: '2025-12-31', plannedCompletionPrecision: 'month' })];
    const same = planImport(s, upload({ projects: [projectRow({ developer: '甲公司', plannedCompletion: { date: '2025-12-31', precision: 'day' } })] }), AS_OF);
    expect(same.ops).toEqual([]);
    expect(same.summary.tables.projects).toMatchObject({ create: 0, update: 0, unchanged: 1 });
    const changed = planImport(s, upload({ projects: [projectRow({ developer: '乙公司', plannedFloorAreaM2: 1000.0000000000001 })] }), AS_OF);
    expect(changed.ops).toEqual([{ op: 'projectUpdate', id: 1, version: 1, set: { developer: '乙公司' }, target: null }]);
    expect(changed.summary.tables.projects.preview[0]!.changes).toEqual([{ column: 'developer', before: '甲公司', after: '乙公司' }]);
  });

  test('a new project needs a kind; a repeated project names the first row; dates in order', () => {
    const plan = planImport(emptySnapshot(), upload({ projects: [
      projectRow({ row: 2, project: '新' }),
      projectRow({ row: 3, project: '项目1', kind: 'resettlement', plannedStart: { date: '2025-01-01', precision: 'day' }, plannedCompletion: { date: '2024-01-01', precision: 'day' } }),
      projectRow({ row: 4, project: '另一个', kind: 'resettlement' }),
      projectRow({ row: 5, project: '另一个', kind: 'resettlement' }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([
      { source: 'p.csv', row: 2, column: '类型', key: 'validation.required' },
      { source: 'p.csv', row: 3, column: '计划竣工', key: 'validation.date_order|plannedStart' },
      { source: 'p.csv', row: 5, column: '项目', key: 'validation.import_duplicate|4' },
    ]);
    expect(plan.ops).toEqual([]);
  });
});

describe('buildings', () => {
  test('rows without a code match the uncoded buildings in order; a code matches its building', () => {
    const plan = planImport(withBuildings(), upload({ buildings: [
      buildingRow({ row: 2, stage: 'structure', stageDate: { date: '2023-11-08', precision: 'day' } }),
      buildingRow({ row: 3, stage: 'topped_out', stageDate: { date: '2024-03-01', precision: 'day' } }),
      buildingRow({ row: 4, building: '9#', floorAreaM2: 1000 }),
      buildingRow({ row: 5, stage: 'structure', stageDate: { date: '2024-03-01', precision: 'day' } }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([]);
    expect(plan.ops).toEqual([
      { op: 'buildingUpdate', id: 2, version: 1, set: { stage: 'topped_out', stageDate: '2024-03-01' }, milestone: { stage: 'topped_out', date: '2024-03-01', correctionReason: null } },
      { op: 'building', batch: { id: 1 }, values: { code: null, floors: null, floorAreaM2: null, dwellingUnits: null, stage: 'structure', stageDate: '2024-03-01' } },
    ]);
    expect(plan.summary.tables.buildings).toMatchObject({ create: 1, update: 1, unchanged: 2 });
    expect(plan.summary.batches).toEqual({ create: 0, update: 0, unchanged: 1 });
  });

  test('a batch-only row sets the batch target; a new batch is created before its buildings', () => {
    const plan = planImport(withBuildings(), upload({ buildings: [
      buildingRow({ row: 2, targetDeliveryDate: { date: '2025-06-30', precision: 'month' }, targetReason: '征迁滞后' }),
      buildingRow({ row: 3, batch: '第2批', building: '1#', targetDeliveryDate: { date: '2026-12-31', precision: 'year' } }),
    ] }), AS_OF);
    expect(plan.ops).toEqual([
      { op: 'batchUpdate', id: 1, version: 1, target: '2025-06-30', precision: 'month', change: { stored: { current: { date: '2024-12-31', precision: 'year' }, baseline: { date: null, precision: null } }, reason: '征迁滞后' } },
      { op: 'batch', key: 'b:#1|第2批', project: { id: 1 }, nameZh: '第2批', target: '2026-12-31', precision: 'year' },
      { op: 'building', batch: { key: 'b:#1|第2批' }, values: { code: '1#', floors: null, floorAreaM2: null, dwellingUnits: null, stage: 'planned', stageDate: null } },
    ]);
  });

  test('a row that moves a stored building to another stage needs that stage\'s date: the stored date is the old stage\'s', () => {
    // the first uncoded building is at "structure" since 2023-11-08
    const plan = planImport(withBuildings(), upload({ buildings: [buildingRow({ row: 2, building: null, stage: 'topped_out' })] }), AS_OF);
    expect(plan.errors.map((e) => [e.row, e.column, e.key])).toEqual([[2, '阶段日期', 'validation.stage_needs_date']]);
    expect(plan.ops).toEqual([]);
    // the same stage again without a date keeps the stored date and changes nothing
    const same = planImport(withBuildings(), upload({ buildings: [buildingRow({ row: 2, building: null, stage: 'structure' })] }), AS_OF);
    expect(same.errors).toEqual([]);
    expect(same.ops).toEqual([]);
  });

  test('a row below the stage a building has reached, from its date on, is a correction: refused without a reason, a correction milestone with one', () => {
    // the first uncoded building is at "structure" since 2023-11-08
    const back = buildingRow({ row: 2, building: null, stage: 'foundation', stageDate: { date: '2024-01-01', precision: 'day' } });
    const refused = planImport(withBuildings(), upload({ buildings: [back] }), AS_OF);
    expect(refused.errors.map((e) => [e.row, e.column, e.key])).toEqual([[2, 'stage', 'validation.import_stage_back|structure']]);
    expect(refused.ops).toEqual([]);
    const corrected = planImport(withBuildings(), upload({ buildings: [{ ...back, correctionReason: '主体施工记录有误' }] }), AS_OF);
    expect(corrected.errors).toEqual([]);
    expect(corrected.ops).toEqual([{
      op: 'buildingUpdate', id: 1, version: 1, set: { stage: 'foundation', stageDate: '2024-01-01' },
      milestone: { stage: 'foundation', date: '2024-01-01', correctionReason: '主体施工记录有误' },
    }]);
    // the same lower stage dated before 2023-11-08 is history, not a step back
    const history = planImport(withBuildings(), upload({ buildings: [{ ...back, stageDate: { date: '2023-06-01', precision: 'day' } }] }), AS_OF);
    expect(history.errors).toEqual([]);
  });

  test('refusals: unknown project, repeated code, future or missing stage date, conflicting batch targets', () => {
    const plan = planImport(withBuildings(), upload({ buildings: [
      buildingRow({ row: 2, project: '没有的项目', building: '1#' }),
      buildingRow({ row: 3, building: '5#' }),
      buildingRow({ row: 4, building: '5#' }),
      buildingRow({ row: 5, building: '6#', stage: 'foundation', stageDate: { date: '2027-01-01', precision: 'day' } }),
      buildingRow({ row: 6, building: '7#', stage: 'foundation' }),
      buildingRow({ row: 7, batch: 'X', building: '1#', targetDeliveryDate: { date: '2025-01-31', precision: 'day' } }),
      buildingRow({ row: 8, batch: 'X', building: '2#', targetDeliveryDate: { date: '2025-02-28', precision: 'day' } }),
    ] }), AS_OF);
    expect(plan.errors.map((e) => [e.row, e.column, e.key])).toEqual([
      [2, '项目', 'validation.import_unknown_project'],
      [8, 'target_delivery_date', 'validation.import_conflict|7'],
      [4, '楼号', 'validation.import_duplicate|3'],
      [5, '阶段日期', 'validation.future'],
      [6, '阶段日期', 'validation.stage_needs_date'],
    ]);
    expect(plan.ops).toEqual([]);
  });
});

describe('reports', () => {
  const base = () => {
    const s = emptySnapshot();
    s.projects = [project(1)];
    s.sources = [{ id: 1, kind: 'newspaper', title: '报道', publisher: null, publishedOn: null, url: null, excerpt: null, note: null }];
    s.reports = [report(1, { asOf: '2023-11-08', startedAreaM2: 1000, sourceId: 1 })];
    return s;
  };

  test('a row identical to a stored report changes nothing', () => {
    const plan = planImport(base(), upload({ reports: [reportRow({ asOf: '2023-11-08', startedAreaM2: 1000, source: '报道' })] }), AS_OF);
    expect(plan.ops).toEqual([]);
    expect(plan.summary.tables.reports).toMatchObject({ create: 0, unchanged: 1 });
  });

  test('a falling cumulative figure is refused unless marked as a correction; rows are checked in date order', () => {
    const refused = planImport(base(), upload({ reports: [
      reportRow({ row: 2, asOf: '2024-06-01', startedAreaM2: 800 }),
      reportRow({ row: 3, asOf: '2024-03-01', startedAreaM2: 1200 }),
      reportRow({ row: 4, asOf: '2024-04-01', startedAreaM2: 1100 }),
    ] }), AS_OF);
    expect(refused.errors).toEqual([
      { source: 'r.csv', row: 4, column: '累计开工面积(平方米)', key: 'validation.import_cumulative_fell' },
      { source: 'r.csv', row: 2, column: '累计开工面积(平方米)', key: 'validation.import_cumulative_fell' },
    ]);
    const corrected = planImport(base(), upload({ reports: [reportRow({ asOf: '2024-06-01', startedAreaM2: 800, correctionReason: '重新测量' })] }), AS_OF);
    expect(corrected.errors).toEqual([]);
    expect(corrected.ops).toEqual([expect.objectContaining({ op: 'report', scopeType: 'district', scope: { id: 1 }, values: expect.objectContaining({ isCorrection: true, correctionReason: '重新测量' }) })]);
  });

  test('a back-dated row cannot be above a later stored report, and a figure is checked against the last report that gives it', () => {
    const s = base(); // 2023-11-08: 1000 m² started
    s.reports.push(report(2, { asOf: '2024-06-01', startedAreaM2: 2000 }), report(3, { asOf: '2024-07-01', peopleReturned: 50 }));
    const plan = planImport(s, upload({ reports: [
      reportRow({ row: 2, asOf: '2024-03-01', startedAreaM2: 2500 }),
      reportRow({ row: 3, asOf: '2024-03-01', startedAreaM2: 1500 }),
      // the 2024-07-01 report gives no area: 1900 is compared with 2,000 of 2024-06-01
      reportRow({ row: 4, asOf: '2024-08-01', startedAreaM2: 1900, peopleReturned: 50 }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([
      { source: 'r.csv', row: 2, column: '累计开工面积(平方米)', key: 'validation.import_cumulative_above_next' },
      { source: 'r.csv', row: 4, column: '累计开工面积(平方米)', key: 'validation.import_cumulative_fell' },
    ]);
    expect(plan.summary.tables.reports).toMatchObject({ create: 1 });
  });

  test('a project is named "village/project" or by a unique name; a new source title becomes one source', () => {
    const s = base();
    const plan = planImport(s, upload({ reports: [
      reportRow({ row: 2, scopeType: 'project', scope: '村/项目1', startedAreaM2: 5, source: '新文件' }),
      reportRow({ row: 3, scopeType: 'project', scope: '项目1', asOf: '2024-02-01', startedAreaM2: 6, source: '新文件' }),
      reportRow({ row: 4, scopeType: 'village', scope: '不存在', startedAreaM2: 6 }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([{ source: 'r.csv', row: 4, column: '范围', key: 'validation.import_unknown_scope' }]);
    const ok = planImport(s, upload({ reports: [
      reportRow({ row: 2, scopeType: 'project', scope: '村/项目1', startedAreaM2: 5, source: '新文件' }),
      reportRow({ row: 3, scopeType: 'project', scope: '项目1', asOf: '2024-02-01', startedAreaM2: 6, source: '新文件' }),
    ] }), AS_OF);
    expect(ok.ops.map((o) => o.op)).toEqual(['source', 'report', 'report']);
    expect(ok.ops.filter((o) => o.op === 'report').map((o) => (o as { source: unknown }).source)).toEqual([{ key: 's:新文件' }, { key: 's:新文件' }]);
  });
});

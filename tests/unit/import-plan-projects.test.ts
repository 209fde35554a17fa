// Projects rows: what a new project is created with, what an existing one is changed by, and how
// the preview shows the change (src/domain/import-plan.ts).
import { planImport } from '../../src/domain/import-plan';
import { muToM2 } from '../../src/domain/import-cells';
import type { Period } from '../../src/domain/import-cells';
import { emptySnapshot, project } from './snapshot-builder';
import { day, projectRow, upload } from './import-plan-builders';

const AS_OF = '2026-11-26';
const month = (date: string): Period => ({ date, precision: 'month' });
const year = (date: string): Period => ({ date, precision: 'year' });

describe('an existing project', () => {
  test('a changed land area shows in mu, other figures as plain numbers, an empty stored value as a dash', () => {
    const s = emptySnapshot();
    // 10000 m² = 10000 × 15 / 10000 = 15 mu.
    s.projects = [project(1, { landAreaM2: 10000, developer: '甲公司', investmentYuan: 900000000 })];
    // 38.16 mu, as the parser converts it: 38.16 × 10000 / 15 = 25440 m².
    const land = muToM2(38.16);
    const plan = planImport(s, upload({ projects: [projectRow({
      kind: 'collective_affordable', landAreaM2: land, plannedFloorAreaM2: 101800, investmentYuan: 900000000, developer: '乙公司',
    })] }), AS_OF);
    expect(plan.errors).toEqual([]);
    expect(plan.ops).toEqual([{
      op: 'projectUpdate', id: 1, version: 1,
      set: { kind: 'collective_affordable', landAreaM2: land, plannedFloorAreaM2: 101800, developer: '乙公司' }, target: null,
    }]);
    const t = plan.summary.tables.projects;
    expect([t.create, t.update, t.unchanged]).toEqual([0, 1, 0]);
    expect(t.preview).toEqual([{
      source: 'p.csv', row: 2, action: 'update', label: '村 · 项目1',
      changes: [
        { column: '类型', before: 'resettlement', after: 'collective_affordable' },
        { column: 'land_area_mu', before: '15', after: '38.16' },
        { column: 'planned_floor_area_m2', before: '—', after: '101800' },
        { column: 'developer', before: '甲公司', after: '乙公司' },
      ],
    }]);
  });

  test('a land area given where none was stored shows a dash before it', () => {
    const s = emptySnapshot();
    s.projects = [project(1)];
    const plan = planImport(s, upload({ projects: [projectRow({ landAreaM2: muToM2(38.16) })] }), AS_OF);
    expect(plan.summary.tables.projects.preview[0]!.changes).toEqual([{ column: 'land_area_mu', before: '—', after: '38.16' }]);
  });

  test('a completion given as a month or a year sets that precision, even on the stored date', () => {
    const s = emptySnapshot();
    s.projects = [
      project(1, { plannedCompletion: '2025-12-31', plannedCompletionPrecision: 'day' }),
      project(2, { plannedCompletion: '2025-12-31', plannedCompletionPrecision: 'month' }),
      project(3, { plannedCompletion: '2025-12-31', plannedCompletionPrecision: 'month' }),
      project(4, { plannedCompletion: '2025-12-31', plannedCompletionPrecision: 'day' }),
    ];
    const plan = planImport(s, upload({ projects: [
      projectRow({ row: 2, project: '项目1', plannedCompletion: month('2025-12-31'), targetReason: '按月计' }),
      projectRow({ row: 3, project: '项目2', plannedCompletion: month('2025-12-31') }),
      projectRow({ row: 4, project: '项目3', plannedCompletion: year('2025-12-31'), targetReason: '按年计' }),
      projectRow({ row: 5, project: '项目4', plannedCompletion: day('2026-06-30'), targetReason: '征迁滞后' }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([]);
    expect(plan.ops).toEqual([
      // each changes a planned completion already entered: a revision, with the reason the row gives
      { op: 'projectUpdate', id: 1, version: 1, set: { plannedCompletion: '2025-12-31', plannedCompletionPrecision: 'month' }, target: { stored: { current: { date: '2025-12-31', precision: 'day' }, baseline: { date: null, precision: null } }, reason: '按月计' } },
      { op: 'projectUpdate', id: 3, version: 1, set: { plannedCompletion: '2025-12-31', plannedCompletionPrecision: 'year' }, target: { stored: { current: { date: '2025-12-31', precision: 'month' }, baseline: { date: null, precision: null } }, reason: '按年计' } },
      { op: 'projectUpdate', id: 4, version: 1, set: { plannedCompletion: '2026-06-30', plannedCompletionPrecision: 'day' }, target: { stored: { current: { date: '2025-12-31', precision: 'day' }, baseline: { date: null, precision: null } }, reason: '征迁滞后' } },
    ]);
    expect(plan.summary.tables.projects.unchanged).toBe(1);
    expect(plan.summary.tables.projects.preview.map((p) => p.changes)).toEqual([
      [{ column: '计划竣工', before: '2025-12-31', after: '2025-12' }],
      [{ column: '计划竣工', before: '2025-12', after: '2025' }],
      [{ column: '计划竣工', before: '2025-12-31', after: '2026-06-30' }],
    ]);
  });

  test('its dates are checked in order with the stored date where the row leaves one empty', () => {
    const s = emptySnapshot();
    s.projects = [
      project(1, { plannedStart: '2025-01-01' }),
      project(2, { plannedCompletion: '2024-12-31' }),
      project(3, { plannedStart: '2025-01-01', plannedCompletion: '2026-12-31' }),
    ];
    const plan = planImport(s, upload({ projects: [
      projectRow({ row: 2, project: '项目1', plannedCompletion: day('2024-06-30') }),
      projectRow({ row: 3, project: '项目2', plannedStart: day('2025-06-01') }),
      // The row's own start replaces the stored one, so this pair is in order.
      projectRow({ row: 4, project: '项目3', plannedStart: day('2023-01-01'), plannedCompletion: day('2024-06-30'), targetReason: '提前' }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([
      { source: 'p.csv', row: 2, column: '计划竣工', key: 'validation.date_order|plannedStart' },
      { source: 'p.csv', row: 3, column: '计划竣工', key: 'validation.date_order|plannedStart' },
    ]);
  });
});

describe('a new project', () => {
  test('may complete on the day it starts but not before; either date alone is enough', () => {
    const plan = planImport(emptySnapshot(), upload({ projects: [
      projectRow({ row: 2, project: 'A', kind: 'resettlement', plannedStart: day('2024-01-01'), plannedCompletion: day('2024-01-01') }),
      projectRow({ row: 3, project: 'B', kind: 'resettlement', plannedStart: day('2024-01-01') }),
      projectRow({ row: 4, project: 'C', kind: 'resettlement', plannedCompletion: day('2024-01-01') }),
      projectRow({ row: 5, project: 'D', kind: 'resettlement', plannedStart: day('2024-01-02'), plannedCompletion: day('2024-01-01') }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([{ source: 'p.csv', row: 5, column: '计划竣工', key: 'validation.date_order|plannedStart' }]);
    expect(plan.summary.tables.projects.create).toBe(3);
  });

  test('is created with every cell of its row; a completion without a day keeps its precision, none means day', () => {
    const plan = planImport(emptySnapshot(), upload({ projects: [
      projectRow({
        row: 2, project: '甲', kind: 'collective_affordable', landAreaM2: 25440, plannedFloorAreaM2: 101800, investmentYuan: 900000000,
        developer: '开发', constructionEntity: '建设', plannedStart: day('2023-11-08'), plannedCompletion: month('2025-12-31'),
      }),
      projectRow({ row: 3, project: '乙', kind: 'resettlement' }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([]);
    expect(plan.ops.map((o) => (o.op === 'project' ? [o.nameZh, o.village, o.values] : o.op))).toEqual([
      ['甲', { id: 1 }, {
        kind: 'collective_affordable', landAreaM2: 25440, plannedFloorAreaM2: 101800, investmentYuan: 900000000, developer: '开发',
        constructionEntity: '建设', plannedStart: '2023-11-08', plannedCompletion: '2025-12-31', plannedCompletionPrecision: 'month',
      }],
      ['乙', { id: 1 }, {
        kind: 'resettlement', landAreaM2: null, plannedFloorAreaM2: null, investmentYuan: null, developer: null,
        constructionEntity: null, plannedStart: null, plannedCompletion: null, plannedCompletionPrecision: 'day',
      }],
    ]);
  });
});

// How an import finds districts, villages and projects by name, creates the missing ones, and what
// its summary says about them (src/domain/import-context.ts, through planImport).
import { planImport } from '../../src/domain/import-plan';
import { shown } from '../../src/domain/import-context';
import type { ModelSnapshot } from '../../src/domain/entities';
import type { PlanOp } from '../../src/domain/import-types';
import { emptySnapshot, project } from './snapshot-builder';
import { buildingRow, projectRow, reportRow, upload } from './import-plan-builders';

const AS_OF = '2026-11-26';

/** Two real districts, each with a village called 村 (ids 1 and 2). */
function twoDistricts(): ModelSnapshot {
  const s = emptySnapshot();
  s.districts.push({ id: 2, nameZh: '二区', nameEn: null, isDemo: false });
  s.villages.push({ ...s.villages[0]!, id: 2, districtId: 2 });
  return s;
}

const opsOf = <K extends PlanOp['op']>(ops: PlanOp[], op: K) => ops.filter((o): o is Extract<PlanOp, { op: K }> => o.op === op);

describe('districts and villages named by a projects row', () => {
  test('an empty upload plans no writes and its summary counts nothing', () => {
    const none = { create: 0, update: 0, unchanged: 0 };
    const plan = planImport(emptySnapshot(), upload({}), AS_OF);
    expect(plan).toEqual({
      ops: [], errors: [],
      summary: {
        tables: { projects: { ...none, preview: [] }, buildings: { ...none, preview: [] }, reports: { ...none, preview: [] }, households: { ...none, preview: [] }, allowance_rules: { ...none, preview: [] } },
        districtsCreated: [], villagesCreated: [], batches: none, notes: [],
      },
    });
  });

  test('a missing district and village are created once each, however many rows name them', () => {
    const plan = planImport(emptySnapshot(), upload({ projects: [
      projectRow({ row: 2, district: '新区', village: '新村', project: '甲', kind: 'resettlement' }),
      projectRow({ row: 3, district: '新区', village: '新村', project: '乙', kind: 'resettlement' }),
      projectRow({ row: 4, district: '新区', village: '东村', project: '丙', kind: 'resettlement' }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([]);
    const [district, ...more] = opsOf(plan.ops, 'district');
    expect(more).toEqual([]);
    expect(district).toMatchObject({ nameZh: '新区' });
    const villages = opsOf(plan.ops, 'village');
    expect(villages.map((v) => [v.nameZh, v.district])).toEqual([['新村', { key: district!.key }], ['东村', { key: district!.key }]]);
    expect(new Set(villages.map((v) => v.key)).size).toBe(2);
    expect(plan.summary.districtsCreated).toEqual(['新区']);
    expect(plan.summary.villagesCreated).toEqual(['新区 · 新村', '新区 · 东村']);
  });

  test('each new district has its own key, and each new village refers to its district by it', () => {
    const plan = planImport(emptySnapshot(), upload({ projects: [
      projectRow({ row: 2, district: '新区', village: '新村', project: '甲', kind: 'resettlement' }),
      projectRow({ row: 3, district: '北区', village: '北村', project: '乙', kind: 'resettlement' }),
    ] }), AS_OF);
    const districts = opsOf(plan.ops, 'district');
    expect(districts.map((d) => d.nameZh)).toEqual(['新区', '北区']);
    expect(districts[0]!.key).not.toBe(districts[1]!.key);
    expect(opsOf(plan.ops, 'village').map((v) => v.district)).toEqual(districts.map((d) => ({ key: d.key })));
  });

  test('each new project refers to its own new village, and buildings rows to the new project', () => {
    const plan = planImport(emptySnapshot(), upload({
      projects: [
        projectRow({ row: 2, village: '新村', project: '甲', kind: 'resettlement' }),
        projectRow({ row: 3, village: '东村', project: '甲', kind: 'resettlement' }),
      ],
      buildings: [buildingRow({ village: '东村', project: '甲', batch: '一批', building: '1#' })],
    }), AS_OF);
    expect(plan.errors).toEqual([]);
    const [v1, v2] = opsOf(plan.ops, 'village');
    const projects = opsOf(plan.ops, 'project');
    expect(projects.map((p) => p.village)).toEqual([{ key: v1!.key }, { key: v2!.key }]);
    expect(projects[0]!.key).not.toBe(projects[1]!.key);
    expect(opsOf(plan.ops, 'batch')).toEqual([expect.objectContaining({ project: { key: projects[1]!.key }, nameZh: '一批' })]);
  });

  test('a district created by the plan is real: a new village without a district is no longer guessed', () => {
    const plan = planImport(emptySnapshot(), upload({ projects: [
      projectRow({ row: 2, district: '新区', village: '新村', project: '甲', kind: 'resettlement' }),
      projectRow({ row: 3, village: '另村', project: '乙', kind: 'resettlement' }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([{ source: 'p.csv', row: 3, column: '区', key: 'validation.import_district_required' }]);
    expect(plan.summary.notes).toEqual([]);
  });

  test('the note that villages went to the only real district is given once', () => {
    const plan = planImport(emptySnapshot(), upload({ projects: [
      projectRow({ row: 2, village: '新村', project: '甲', kind: 'resettlement' }),
      projectRow({ row: 3, village: '东村', project: '乙', kind: 'resettlement' }),
    ] }), AS_OF);
    expect(plan.summary.villagesCreated).toEqual(['区 · 新村', '区 · 东村']);
    expect(plan.summary.notes).toEqual(['importer.note.default_district|区']);
  });

  test('an existing village is found in the district the row names; without one, a shared name is ambiguous', () => {
    const s = twoDistricts();
    const plan = planImport(s, upload({ projects: [
      projectRow({ row: 2, district: '二区', village: '村', project: '甲', kind: 'resettlement' }),
      projectRow({ row: 3, district: '区', village: '村', project: '甲', kind: 'resettlement' }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([]);
    expect(opsOf(plan.ops, 'village')).toEqual([]);
    expect(opsOf(plan.ops, 'project').map((p) => p.village)).toEqual([{ id: 2 }, { id: 1 }]);

    const bare = planImport(s, upload({ projects: [projectRow({ village: '村', project: '甲', kind: 'resettlement' })] }), AS_OF);
    expect(bare.errors).toEqual([{ source: 'p.csv', row: 2, column: '区', key: 'validation.import_district_required' }]);
  });
});

describe('buildings and reports never create districts or villages', () => {
  test('an unknown district or village in a buildings row is refused and nothing is created', () => {
    const plan = planImport(emptySnapshot(), upload({ buildings: [
      buildingRow({ row: 2, district: '新区', building: '1#' }),
      buildingRow({ row: 3, district: '区', village: '新村', building: '1#' }),
      buildingRow({ row: 4, village: '新村', building: '1#' }),
    ] }), AS_OF);
    expect(plan.errors).toEqual([
      { source: 'b.csv', row: 2, column: 'district', key: 'validation.import_unknown_district' },
      { source: 'b.csv', row: 3, column: 'village', key: 'validation.import_unknown_village' },
      { source: 'b.csv', row: 4, column: 'village', key: 'validation.import_unknown_village' },
    ]);
    expect(plan.summary).toMatchObject({ districtsCreated: [], villagesCreated: [], notes: [] });
  });

  test('a buildings row finds its village in the named district among villages of the same name', () => {
    const s = twoDistricts();
    s.projects = [project(1, { villageId: 2 })];
    const plan = planImport(s, upload({ buildings: [buildingRow({ district: '二区', building: '1#' })] }), AS_OF);
    expect(plan.errors).toEqual([]);
    expect(opsOf(plan.ops, 'batch')).toEqual([expect.objectContaining({ project: { id: 1 } })]);
  });

  test('a report on an unknown district is refused, and the district is not created', () => {
    const plan = planImport(emptySnapshot(), upload({ reports: [reportRow({ scopeType: 'district', scope: '新区', startedAreaM2: 1 })] }), AS_OF);
    expect(plan.errors).toEqual([{ source: 'r.csv', row: 2, column: '范围', key: 'validation.import_unknown_scope' }]);
    expect(plan.summary.districtsCreated).toEqual([]);
  });
});

describe('the preview', () => {
  test('lists at most 20 rows that change, none that stay the same, while the counts cover every row', () => {
    const s = emptySnapshot();
    s.projects = [project(1)];
    const rows = [projectRow({ row: 2, project: '项目1' })];
    for (let i = 0; i < 21; i++) rows.push(projectRow({ row: 3 + i, project: `P${i}`, kind: 'resettlement' }));
    const plan = planImport(s, upload({ projects: rows }), AS_OF);
    const t = plan.summary.tables.projects;
    expect([t.create, t.update, t.unchanged]).toEqual([21, 0, 1]);
    expect(t.preview).toHaveLength(20);
    expect(t.preview[0]).toEqual({ source: 'p.csv', row: 3, action: 'create', label: '村 · P0', changes: [] });
    expect(t.preview.at(-1)).toMatchObject({ row: 22, label: '村 · P19' });
  });

  test('a value shows as a dash when missing, a number never in exponent form, text exactly as typed', () => {
    expect(shown(null)).toBe('—');
    expect(shown(undefined)).toBe('—');
    expect(shown(1e21)).toBe('1000000000000000000000');
    expect(shown(0.5)).toBe('0.5');
    // Text that reads like a number in exponent form is still text (a building code, a company name).
    expect(shown('1e+21')).toBe('1e+21');
  });
});

// Reports rows: which scope a row names, which earlier report it is checked against, when it is
// already known, and which source it cites (src/domain/import-plan-reports.ts).
import { planImport } from '../../src/domain/import-plan';
import type { ModelSnapshot, Report, Source } from '../../src/domain/entities';
import type { PlanOp, ReportImportRow } from '../../src/domain/import-types';
import { emptySnapshot, project, report } from './snapshot-builder';
import { reportRow, upload } from './import-plan-builders';

const AS_OF = '2026-11-26';
const FELL = 'validation.import_cumulative_fell';

const source = (id: number, title: string): Source => ({ id, kind: 'newspaper', title, publisher: null, publishedOn: null, url: null, excerpt: null, note: null });

function snapshot(reports: Report[] = []): ModelSnapshot {
  const s = emptySnapshot();
  s.projects = [project(1)];
  s.reports = reports;
  return s;
}

/** Two districts, a village 村 in 区 (1) and 东村 in 二区 (2), each with a project 项目1 (ids 1 and 2). */
function sharedProjectName(): ModelSnapshot {
  const s = snapshot();
  s.districts.push({ id: 2, nameZh: '二区', nameEn: null, isDemo: false });
  s.villages.push({ ...s.villages[0]!, id: 2, districtId: 2, nameZh: '东村' });
  s.projects.push(project(2, { villageId: 2, nameZh: '项目1' }));
  return s;
}

const plan = (s: ModelSnapshot, rows: ReportImportRow[]) => planImport(s, upload({ reports: rows }), AS_OF);
const errorsOf = (s: ModelSnapshot, rows: ReportImportRow[]) => plan(s, rows).errors.map((e) => [e.row, e.column, e.key]);
/** Every order of a few items. */
function orders<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => orders([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}
const reportOps = (ops: PlanOp[]) => ops.flatMap((o) => (o.op === 'report' ? [o] : []));

describe('the scope a row names', () => {
  test('a village report names the village, in the district given when the name is shared', () => {
    const s = sharedProjectName();
    s.villages.push({ ...s.villages[0]!, id: 3, districtId: 2 });
    const ok = plan(s, [reportRow({ scopeType: 'village', scope: '村', district: '二区', startedAreaM2: 1 })]);
    expect(reportOps(ok.ops).map((o) => [o.scopeType, o.scope])).toEqual([['village', { id: 3 }]]);
    expect(errorsOf(s, [
      reportRow({ row: 2, scopeType: 'village', scope: '村', startedAreaM2: 1 }),
      reportRow({ row: 3, scopeType: 'village', scope: '村', district: '没有区', startedAreaM2: 1 }),
      reportRow({ row: 4, scopeType: 'village', scope: '没有村', district: '区', startedAreaM2: 1 }),
    ])).toEqual([
      [2, 'district', 'validation.import_district_required'],
      [3, 'district', 'validation.import_unknown_district'],
      [4, '范围', 'validation.import_unknown_scope'],
    ]);
  });

  test('a project is named "village/project", with a full-width slash or spaces around it too', () => {
    const p = plan(snapshot(), [
      reportRow({ row: 2, scopeType: 'project', scope: '村/项目1', asOf: '2024-01-01', startedAreaM2: 5 }),
      reportRow({ row: 3, scopeType: 'project', scope: '村／项目1', asOf: '2024-02-01', startedAreaM2: 6 }),
      reportRow({ row: 4, scopeType: 'project', scope: ' 村 / 项目1 ', asOf: '2024-03-01', startedAreaM2: 7 }),
    ]);
    expect(p.errors).toEqual([]);
    expect(reportOps(p.ops).map((o) => [o.scopeType, o.scope, o.values.startedAreaM2])).toEqual([
      ['project', { id: 1 }, 5], ['project', { id: 1 }, 6], ['project', { id: 1 }, 7],
    ]);
  });

  test('"village/project" with an unknown village, district or project is refused, and nothing is created', () => {
    const p = plan(snapshot(), [
      reportRow({ row: 2, scopeType: 'project', scope: '新村/项目1', startedAreaM2: 1 }),
      reportRow({ row: 3, scopeType: 'project', scope: '村/项目1', district: '新区', startedAreaM2: 1 }),
      reportRow({ row: 4, scopeType: 'project', scope: '村/没有的项目', startedAreaM2: 1 }),
    ]);
    expect(p.errors.map((e) => [e.row, e.column, e.key])).toEqual([
      [2, '范围', 'validation.import_unknown_scope'],
      [3, 'district', 'validation.import_unknown_district'],
      [4, '范围', 'validation.import_unknown_scope'],
    ]);
    expect(p.summary).toMatchObject({ districtsCreated: [], villagesCreated: [], notes: [] });
  });

  test('a slash at the very start has no village before it: it is part of a project name', () => {
    const s = snapshot();
    s.projects.push(project(2, { nameZh: '/二期' }));
    expect(reportOps(plan(s, [reportRow({ scopeType: 'project', scope: '/二期', startedAreaM2: 1 })]).ops).map((o) => o.scope)).toEqual([{ id: 2 }]);
  });

  test('a project named alone is found in the district given; a name shared by two villages needs one', () => {
    const s = sharedProjectName();
    const ok = plan(s, [reportRow({ scopeType: 'project', scope: '项目1', district: '二区', startedAreaM2: 1 })]);
    expect(reportOps(ok.ops).map((o) => o.scope)).toEqual([{ id: 2 }]);
    expect(errorsOf(s, [
      reportRow({ row: 2, scopeType: 'project', scope: '项目1', startedAreaM2: 1 }),
      reportRow({ row: 3, scopeType: 'project', scope: '项目1', district: '没有区', startedAreaM2: 1 }),
      reportRow({ row: 4, scopeType: 'project', scope: '没有项目', startedAreaM2: 1 }),
      reportRow({ row: 5, scopeType: 'project', scope: '没有项目', district: '区', startedAreaM2: 1 }),
    ])).toEqual([
      [2, '范围', 'validation.import_ambiguous_scope'],
      [3, 'district', 'validation.import_unknown_district'],
      [4, '范围', 'validation.import_unknown_scope'],
      [5, '范围', 'validation.import_unknown_scope'],
    ]);
  });

  test('a project is known through its village: one whose village the snapshot lacks cannot be named', () => {
    const s = snapshot();
    s.projects.push(project(2, { villageId: 99, nameZh: '孤项目' }));
    expect(errorsOf(s, [reportRow({ scopeType: 'project', scope: '孤项目', startedAreaM2: 1 })])).toEqual([[2, '范围', 'validation.import_unknown_scope']]);
  });
});

describe('the report a row is checked against', () => {
  // Ids out of date order, as after a back-dated entry; every listing order gives the same answers.
  const dated = [
    report(3, { asOf: '2023-01-01', startedAreaM2: 1000 }),
    report(1, { asOf: '2024-01-01', startedAreaM2: 2000 }),
    report(2, { asOf: '2025-01-01', startedAreaM2: 3000 }),
  ];

  test.each(orders(dated))('is the latest stored report on or before its date, never a later one (listed as %#)', (...listed) => {
    // 2024-06-01 follows the 2024-01-01 report (2000): 2500 is a rise, 1500 a fall.
    expect(errorsOf(snapshot(listed), [reportRow({ asOf: '2024-06-01', startedAreaM2: 2500 })])).toEqual([]);
    expect(errorsOf(snapshot(listed), [reportRow({ asOf: '2024-06-01', startedAreaM2: 1500 })])).toEqual([[2, '累计开工面积(平方米)', FELL]]);
    // A report of the same day counts as before it.
    expect(errorsOf(snapshot(listed), [reportRow({ asOf: '2024-01-01', startedAreaM2: 1500 })])).toEqual([[2, '累计开工面积(平方米)', FELL]]);
    // Nothing was reported before 2023-01-01, so any figure stands.
    expect(errorsOf(snapshot(listed), [reportRow({ asOf: '2022-06-01', startedAreaM2: 10 })])).toEqual([]);
  });

  test.each(orders([report(5, { asOf: '2024-01-01', startedAreaM2: 2000 }), report(3, { asOf: '2024-01-01', startedAreaM2: 1800 })]))(
    'of two stored reports on one day, the later entered (higher id) is the latest (listed as %#)', (...listed) => {
      expect(errorsOf(snapshot(listed), [reportRow({ asOf: '2024-06-01', startedAreaM2: 1900 })])).toEqual([[2, '累计开工面积(平方米)', FELL]]);
    },
  );

  test('is a file row when that is the later one, a stored report when that is; on the same day the file row', () => {
    const s = () => snapshot([report(1, { asOf: '2024-03-01', startedAreaM2: 2000 })]);
    // Row 2 (2100, same day as the stored 2000) comes after it, so row 3 falls from 2100.
    expect(errorsOf(s(), [
      reportRow({ row: 2, asOf: '2024-03-01', startedAreaM2: 2100 }),
      reportRow({ row: 3, asOf: '2024-06-01', startedAreaM2: 2050 }),
    ])).toEqual([[3, '累计开工面积(平方米)', FELL]]);
    // Row 2 (January) is older than the stored March report, so row 3 falls from 2000.
    expect(errorsOf(s(), [
      reportRow({ row: 2, asOf: '2024-01-01', startedAreaM2: 1000 }),
      reportRow({ row: 3, asOf: '2024-06-01', startedAreaM2: 1800 }),
    ])).toEqual([[3, '累计开工面积(平方米)', FELL]]);
  });

  test.each(orders([
    reportRow({ row: 2, asOf: '2024-06-01', startedAreaM2: 1700 }),
    reportRow({ row: 3, asOf: '2024-01-01', startedAreaM2: 1600 }),
    reportRow({ row: 4, asOf: '2024-06-01', startedAreaM2: 1650 }),
  ]))('rows are taken by date, then row number, in whatever order they arrive (as %#)', (...rows) => {
    // Row 3 (January, 1600) comes first, then row 2 (June, 1700, a rise); row 4 (June, 1650) follows row 2 and falls.
    expect(errorsOf(snapshot(), rows)).toEqual([[4, '累计开工面积(平方米)', FELL]]);
  });

  test('each refusal names its own column; only a falling figure gets the importer\'s message', () => {
    expect(errorsOf(snapshot(), [
      reportRow({ row: 2, asOf: '2024-01-01', startedAreaM2: 500, deliveredAreaM2: 600 }),
      reportRow({ row: 3, asOf: '2027-01-01', startedAreaM2: 700 }),
      reportRow({ row: 4, asOf: '2024-02-01' }),
    ])).toEqual([
      [2, 'delivered_area_m2', 'validation.not_above|startedAreaM2'],
      [4, '累计开工面积(平方米)', 'validation.report_empty'],
      [3, 'as_of', 'validation.future'],
    ]);
  });
});

describe('known reports and sources', () => {
  const stored = () => {
    const s = snapshot([report(1, { asOf: '2023-11-08', startedAreaM2: 1000, sourceId: 1 })]);
    s.sources = [source(1, '报道'), source(2, '报道')];
    return s;
  };

  test('a row equal to a stored report but for float noise is unchanged; another figure on that day is a new report', () => {
    const same = plan(stored(), [reportRow({ asOf: '2023-11-08', startedAreaM2: 1000.0000000000001, source: '报道' })]);
    expect(same.ops).toEqual([]);
    expect(same.summary.tables.reports.unchanged).toBe(1);
    const other = plan(stored(), [reportRow({ asOf: '2023-11-08', startedAreaM2: 1200, source: '报道' })]);
    expect(reportOps(other.ops).map((o) => o.values.startedAreaM2)).toEqual([1200]);
  });

  test('a known source title is cited by its first record; a new title becomes one new source', () => {
    const p = plan(stored(), [
      reportRow({ row: 2, asOf: '2024-01-01', startedAreaM2: 1100, source: '报道' }),
      reportRow({ row: 3, asOf: '2024-02-01', startedAreaM2: 1200, source: '通报' }),
      reportRow({ row: 4, asOf: '2024-03-01', startedAreaM2: 1300, source: '通报' }),
    ]);
    expect(p.ops.filter((o) => o.op === 'source')).toEqual([{ op: 'source', key: 's:通报', title: '通报', publishedOn: '2024-02-01' }]);
    expect(reportOps(p.ops).map((o) => o.source)).toEqual([{ id: 1 }, { key: 's:通报' }, { key: 's:通报' }]);
  });

  test('a new report is planned with its figures and shown as "scope type · scope · date"', () => {
    const p = plan(snapshot(), [reportRow({ scopeType: 'project', scope: '村/项目1', asOf: '2024-01-01', startedAreaM2: 800, plannedAreaM2: 1000, publishedStartRate: 0.8 })]);
    expect(reportOps(p.ops)).toEqual([{
      op: 'report', scopeType: 'project', scope: { id: 1 }, source: null,
      values: {
        asOf: '2024-01-01', plannedAreaM2: 1000, startedAreaM2: 800, deliveredAreaM2: null, householdsEntitled: null, householdsReturned: null,
        peopleEntitled: null, peopleReturned: null, publishedStartRate: 0.8, publishedDeliveryRate: null, publishedReturnRate: null,
        isCorrection: false, correctionReason: null,
      },
    }]);
    expect(p.summary.tables.reports.create).toBe(1);
    expect(p.summary.tables.reports.preview).toEqual([{ source: 'r.csv', row: 2, action: 'create', label: '项目 · 村/项目1 · 2024-01-01', changes: [] }]);
  });
});

// The officials' dashboard presenter over in-memory snapshots: order of what is late, cost of delay,
// village comparison, trends and the empty states.
import type { Milestone, ModelSnapshot, Village } from '../../src/domain/entities';
import { computeSnapshotFigures } from '../../src/domain/scopes';
import { DEFAULT_STAGE_WEIGHTS, type Stage } from '../../src/domain/types';
import { NotFoundError } from '../../src/domain/errors';
import { formatterFor } from '../../src/web/format';
import { makeLookup } from '../../src/web/view-models/lookup';
import { dashboardVm, type DashboardOptions } from '../../src/web/view-models/dashboard.vm';
import { dashboardCsvTable } from '../../src/web/view-models/dashboard-csv.presenter';
import { sortVillageRows, type VillageRowVm } from '../../src/web/view-models/dashboard-villages.vm';
import { monthEnds, sampleProgress } from '../../src/web/view-models/dashboard-trends.vm';
import { batch, building, emptySnapshot, project, report } from './snapshot-builder';

const DAYS_PER_MONTH = 365.25 / 12;
const t = (key: string) => key;

function vmOf(snap: ModelSnapshot, asOf: string, over: Partial<DashboardOptions> = {}) {
  const allowance = over.monthlyAllowanceYuanPerHousehold ?? null;
  const figures = computeSnapshotFigures(snap, { weights: DEFAULT_STAGE_WEIGHTS, asOf, staleAfterDays: 90, monthlyAllowanceYuanPerHousehold: allowance });
  const lookup = makeLookup({ snapshot: snap, figures, staleAfterDays: 90 });
  return dashboardVm(lookup, {
    districtId: null, sort: 'overdue', dir: 'desc', monthlyAllowanceYuanPerHousehold: allowance,
    t, fmt: formatterFor('zh'), nameOf: (x) => x.nameZh, ...over,
  });
}

let milestoneId = 0;
const milestone = (buildingId: number, stage: Stage, date: string): Milestone =>
  ({ id: ++milestoneId, buildingId, stage, date, kind: 'actual', sourceId: null, note: null, isCorrection: false, correctionReason: null });

const village = (id: number, over: Partial<Village> = {}): Village => ({
  id, districtId: 1, subdistrictId: null, nameZh: `村${id}`, nameEn: null, householdsEntitled: null, peopleEntitled: null,
  demolitionDate: null, note: null, noteEn: null, isDemo: false, version: 1, ...over,
});

/** Overdue by 10 and by 100 days, at risk, on track, delivered, and a project without batches overdue by 50. */
function lateSnapshot(): ModelSnapshot {
  const snap = emptySnapshot();
  snap.projects.push(project(1), project(2, { plannedCompletion: '2024-04-12', plannedCompletionPrecision: 'month' }));
  snap.batches.push(
    batch(1, 1, { targetDeliveryDate: '2024-05-22', households: 100 }), // 10 days late on 2024-06-01
    batch(2, 1, { targetDeliveryDate: '2024-02-22', targetPrecision: 'year', households: 50 }), // 100 days late
    batch(3, 1, { targetDeliveryDate: '2024-07-01' }), // at risk: the pace says mid-August
    batch(4, 1, { targetDeliveryDate: '2025-01-01' }), // on track
    batch(5, 1, { targetDeliveryDate: '2024-01-01', actualDeliveryDate: '2024-03-01' }), // delivered late
    batch(6, 1, { targetDeliveryDate: '2024-05-02', households: null }), // 30 days late, households unknown
  );
  snap.buildings.push(
    building(1, 1, 'structure', 1000, '2024-01-01'), building(2, 2, 'finishing', 1000, '2023-03-01'),
    building(3, 3, 'topped_out', 1000, '2024-05-01'), building(4, 4, 'foundation', 1000, '2024-05-01'),
    building(5, 5, 'delivered', 1000, '2024-03-01'), building(6, 6, 'landscaping', null, '2024-04-01'),
  );
  snap.milestones.push(milestone(3, 'foundation', '2024-01-01'), milestone(3, 'structure', '2024-03-01'), milestone(3, 'topped_out', '2024-05-01'));
  return snap;
}

describe('what is overdue and at risk', () => {
  test('overdue first by days late (descending), then at risk; on-track and delivered are left out', () => {
    const vm = vmOf(lateSnapshot(), '2024-06-01');
    expect(vm.late.map((x) => [x.kind, x.item.id, x.status, x.daysLate])).toEqual([
      ['batch', 2, 'overdue', 100],
      ['project', 2, 'overdue', 50],
      ['batch', 6, 'overdue', 30],
      ['batch', 1, 'overdue', 10],
      ['batch', 3, 'at_risk', 0],
    ]);
    expect(vm.counts).toMatchObject({ overdue: 4, at_risk: 1, on_track: 1, delivered: 1 });
  });

  test('each item carries its target with precision, forecast or reason, staleness and links to its history', () => {
    const vm = vmOf(lateSnapshot(), '2024-06-01');
    const b2 = vm.late.find((x) => x.kind === 'batch' && x.item.id === 2)!;
    expect(b2).toMatchObject({ targetDate: '2024-02-22', targetPrecision: 'year', historyHref: '/batches/2#h-history' });
    expect(b2.forecast).toEqual({ kind: 'none', reason: 'too_few_points' });
    expect(b2).toMatchObject({ lastUpdate: '2023-03-01', daysSinceUpdate: 458, stale: true });
    const p2 = vm.late.find((x) => x.kind === 'project')!;
    expect(p2).toMatchObject({ targetPrecision: 'month', historyHref: '/projects/2#h-history', project: { href: '/projects/2' }, village: { href: '/villages/1' } });
    const atRisk = vm.late.find((x) => x.status === 'at_risk')!;
    expect(atRisk.forecast.kind).toBe('forecast');
    expect(atRisk.forecast.kind === 'forecast' && atRisk.forecast.date > '2024-07-01').toBe(true);
  });

  test('on track against a postponed target but past the original: listed last as slipped, most days past the original first', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(
      batch(7, 1, { targetDeliveryDate: '2025-06-30', baselineTargetDate: '2024-03-02', baselineTargetPrecision: 'day' }),
      batch(8, 1, { targetDeliveryDate: '2025-06-30', baselineTargetDate: '2024-01-02', baselineTargetPrecision: 'day' }),
      batch(9, 1, { targetDeliveryDate: '2025-06-30', baselineTargetDate: '2024-12-31', baselineTargetPrecision: 'day' }), // original not yet reached
      batch(10, 1, { targetDeliveryDate: '2024-04-01', baselineTargetDate: '2024-01-01', baselineTargetPrecision: 'day' }), // overdue against both
    );
    // one building each, no milestones: too few points for a forecast, so on track against a target ahead
    snap.buildings.push(building(7, 7, 'structure', 100, '2024-01-01'), building(8, 8, 'structure', 100, '2024-01-01'),
      building(9, 9, 'structure', 100, '2024-01-01'), building(10, 10, 'structure', 100, '2024-01-01'));
    const vm = vmOf(snap, '2024-06-01');
    // batch 10: 1 Apr → 1 Jun 2024 is 30 + 31 = 61 days; past its original 1 Jan by 31 + 29 + 31 + 30 + 31 = 152
    // batch 8: 2 Jan → 1 Jun 2024 (a leap year) is 31 + 29 + 31 + 30 + 30 = 151 days past; batch 7: 2 Mar → 1 Jun is 31 + 30 + 30 = 91
    expect(vm.late.map((x) => [x.item.id, x.status, x.daysLate, x.original?.daysLate ?? null])).toEqual([
      [10, 'overdue', 61, 152],
      [8, 'slipped', 0, 151],
      [7, 'slipped', 0, 91],
    ]);
    expect(vm.late[1]!.original).toEqual({ targetDate: '2024-01-02', targetPrecision: 'day', daysLate: 151 });
    // three on track against their current target, two of them listed as slipped
    expect(vm.counts.on_track).toBe(3);
    expect(vm.onTrackUnlisted).toBe(1);
    // the officials' CSV gives both targets and the days past each
    const csv = dashboardCsvTable(vm, t);
    const at = (c: string) => csv.headers.indexOf(`dashCsv.col.${c}`);
    const row8 = csv.rows[1]!;
    expect([row8[at('status')], row8[at('target')], row8[at('daysLate')], row8[at('originalTarget')], row8[at('daysLateOriginal')]])
      .toEqual(['dash.late.slipped', '2025-06-30', 0, '2024-01-02', 151]);
  });

  test('nothing late gives an empty list, not an error', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1, { targetDeliveryDate: '2030-01-01' }));
    snap.buildings.push(building(1, 1, 'foundation', 100, '2024-01-01'));
    const vm = vmOf(snap, '2024-06-01', { monthlyAllowanceYuanPerHousehold: 800 });
    expect(vm.late).toEqual([]);
    expect(vm.cost).toEqual({ state: 'none_overdue', allowanceYuan: 800 });
  });
});

describe('cost of delay', () => {
  const cost = (households: number, days: number, rate: number) => Math.round(households * rate * (days / DAYS_PER_MONTH));

  test('per overdue batch and in total; a batch without households is said unknown, not counted as 0', () => {
    const vm = vmOf(lateSnapshot(), '2024-06-01', { monthlyAllowanceYuanPerHousehold: 1000 });
    expect(vm.cost.state).toBe('computed');
    if (vm.cost.state !== 'computed') return;
    expect(vm.cost.allowanceYuan).toBe(1000);
    expect(vm.cost.rows.map((r) => [r.item.id, r.households, r.costYuan])).toEqual([
      [2, 50, cost(50, 100, 1000)],
      [1, 100, cost(100, 10, 1000)],
      [6, null, null],
    ]);
    expect(vm.cost.rows[0]!.monthsLate).toBeCloseTo(3.3, 1);
    expect(vm.cost.rows[2]!.monthsLate).toBeNull();
    expect(vm.cost.totalYuan).toBe(cost(50, 100, 1000) + cost(100, 10, 1000));
    expect(vm.cost).toMatchObject({ counted: 2, unknown: 1 });
  });

  test('when the allowance is not set the state says so, with the number of overdue batches, and shows no amount', () => {
    const vm = vmOf(lateSnapshot(), '2024-06-01', { monthlyAllowanceYuanPerHousehold: null });
    expect(vm.cost).toEqual({ state: 'no_allowance', overdueBatches: 3 });
  });

  test('when no overdue batch has households the total is unknown rather than 0', () => {
    const snap = lateSnapshot();
    for (const b of snap.batches) b.households = null;
    const vm = vmOf(snap, '2024-06-01', { monthlyAllowanceYuanPerHousehold: 1000 });
    expect(vm.cost).toMatchObject({ state: 'computed', totalYuan: null, counted: 0, unknown: 3 });
  });
});

function villagesSnapshot(): ModelSnapshot {
  const snap = emptySnapshot();
  snap.villages = [village(1, { nameZh: '乙村' }), village(2, { nameZh: '甲村' }), village(3, { nameZh: '丙村', isDemo: true })];
  snap.projects.push(project(1, { villageId: 1 }), project(2, { villageId: 2 }), project(3, { villageId: 3 }));
  snap.batches.push(batch(1, 1, { targetDeliveryDate: '2024-01-01' }), batch(2, 1, { targetDeliveryDate: '2024-02-01' }), batch(3, 2, { targetDeliveryDate: '2030-01-01' }));
  snap.buildings.push(building(1, 1, 'structure', 1000, '2023-06-01'), building(2, 2, 'delivered', 3000, '2023-06-01'), building(3, 3, 'foundation', 2000, '2023-06-01'));
  return snap;
}

describe('villages compared', () => {
  test('rows carry the figures with units in their names and link to the village page', () => {
    const vm = vmOf(villagesSnapshot(), '2024-06-01');
    const v1 = vm.villages.find((r) => r.village.id === 1)!;
    expect(v1).toMatchObject({ plannedAreaM2: 4000, startedAreaM2: 4000, deliveredAreaM2: 3000, deliveryRate: 0.75, overdue: 1, progressBasis: 'area' });
    expect(v1.village.href).toBe('/villages/1');
    expect(v1.historyHref).toBe('/villages/1#h-history');
    expect(vm.hasDemo).toBe(true);
    expect(vm.villages.find((r) => r.village.id === 3)!.village.isDemo).toBe(true);
  });

  test('sorts by the chosen key and direction, missing values last either way', () => {
    const ids = (sort: DashboardOptions['sort'], dir: 'asc' | 'desc') => vmOf(villagesSnapshot(), '2024-06-01', { sort, dir }).villages.map((r) => r.village.id);
    expect(ids('progress', 'desc')).toEqual([1, 2, 3]);
    expect(ids('progress', 'asc')).toEqual([2, 1, 3]); // village 3 has no buildings: no progress, last
    expect(ids('planned', 'desc')).toEqual([1, 2, 3]);
    expect(ids('overdue', 'desc')).toEqual([1, 2, 3]);
    expect(ids('village', 'asc')).toEqual(vmOf(villagesSnapshot(), '2024-06-01', { sort: 'village', dir: 'desc' }).villages.map((r) => r.village.id).reverse());
  });

  test('the chart shows the rates in the order of the table', () => {
    const vm = vmOf(villagesSnapshot(), '2024-06-01', { sort: 'progress', dir: 'asc' });
    const chart = vm.charts.villages!;
    expect(chart).toMatchObject({ type: 'bar', unit: 'percent', labels: ['甲村', '乙村', '丙村'] });
    expect(chart.datasets.map((d) => d.label)).toEqual(['figure.constructionProgress', 'figure.startRate', 'figure.deliveryRate', 'figure.returnRate']);
    expect(chart.datasets[2]!.data).toEqual([0, 0.75, null]);
  });

  test('sortVillageRows does not change its input', () => {
    const rows = vmOf(villagesSnapshot(), '2024-06-01').villages;
    const before = rows.map((r) => r.village.id);
    sortVillageRows(rows as VillageRowVm[], 'village', 'asc');
    expect(rows.map((r) => r.village.id)).toEqual(before);
  });
});

describe('trends and findings', () => {
  test('monthly samples carry the last known progress forward, null before the first point', () => {
    expect(monthEnds('2024-01-15', '2024-03-10')).toEqual(['2024-01-31', '2024-02-29', '2024-03-10']);
    expect(sampleProgress([{ date: '2024-02-10', progress: 0.1 }, { date: '2024-03-01', progress: 0.35 }], ['2024-01-31', '2024-02-29', '2024-03-31']))
      .toEqual([null, 0.1, 0.35]);
  });

  test('a village with milestones on two dates gets a progress line; one date gives the empty state', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1));
    snap.buildings.push(building(1, 1, 'structure', 1000, '2024-03-05'));
    snap.milestones.push(milestone(1, 'foundation', '2024-01-10'));
    expect(vmOf(snap, '2024-06-01').trends!.progressChart).toBeNull();
    snap.milestones.push(milestone(1, 'structure', '2024-03-05'));
    const chart = vmOf(snap, '2024-06-01').trends!.progressChart!;
    expect(chart).toMatchObject({ type: 'line', unit: 'percent' });
    expect(chart.labels).toHaveLength(6); // January to June 2024
    expect(chart.datasets[0]!.data).toEqual([0.1, 0.1, 0.35, 0.35, 0.35, 0.35]);
  });

  test('one district report: no trend chart but the report is listed; two give a chart of reported areas', () => {
    const snap = emptySnapshot();
    snap.reports.push(report(1, { asOf: '2023-11-08', startedAreaM2: 14_740_000, deliveredAreaM2: 11_570_000, publishedStartRate: 0.96, publishedDeliveryRate: 0.76 }));
    const one = vmOf(snap, '2024-06-01');
    expect(one.trends!.reportsChart).toBeNull();
    expect(one.trends!.reports).toHaveLength(1);
    expect(one.findings).toHaveLength(1);
    expect(one.findings[0]).toMatchObject({ scopeType: 'district', href: '/?district=1#h-consistency', reportDate: '2023-11-08', reportCount: 1 });
    expect(one.findings[0]!.findings.map((f) => f.code)).toContain('denominators_agree');

    snap.reports.push(report(2, { asOf: '2024-05-01', startedAreaM2: 15_000_000, deliveredAreaM2: 11_000_000 }));
    const two = vmOf(snap, '2024-06-01');
    expect(two.trends!.reportsChart).toMatchObject({ type: 'line', unit: 'm2' });
    expect(two.trends!.reportsChart!.datasets[1]!.data).toEqual([11_570_000, 11_000_000]);
    expect(two.trends!.reports.map((r) => r.date)).toEqual(['2024-05-01', '2023-11-08']); // newest first
    expect(two.findings[0]!.findings.some((f) => f.code === 'cumulative_fell')).toBe(true);
    expect(two.findingWarnings).toBeGreaterThan(0);
  });

  test('no reports: no findings and no trend', () => {
    const vm = vmOf(emptySnapshot(), '2024-06-01');
    expect(vm.findings).toEqual([]);
    expect(vm.trends).toMatchObject({ reports: [], reportsChart: null, progressChart: null });
  });
});

describe('districts and the empty database', () => {
  test('no district at all: an empty view model', () => {
    const snap = emptySnapshot();
    snap.districts = [];
    snap.villages = [];
    const vm = vmOf(snap, '2024-06-01');
    expect(vm).toMatchObject({ district: null, late: [], villages: [], trends: null, findings: [], hasDemo: false });
    expect(vm.cost).toEqual({ state: 'no_allowance', overdueBatches: 0 });
  });

  test('an unknown district is a NotFoundError; a chosen one limits every section to it', () => {
    const snap = villagesSnapshot();
    snap.districts.push({ id: 2, nameZh: '演示区', nameEn: null, isDemo: true });
    snap.villages.push(village(4, { districtId: 2 }));
    expect(() => vmOf(snap, '2024-06-01', { districtId: 99 })).toThrow(NotFoundError);
    const vm = vmOf(snap, '2024-06-01', { districtId: 2 });
    expect(vm.district).toMatchObject({ id: 2, isDemo: true, href: '/?district=2' });
    expect(vm.districts.map((d) => d.id)).toEqual([1, 2]);
    expect(vm.villages.map((r) => r.village.id)).toEqual([4]);
    expect(vm.late).toEqual([]);
    expect(vm.hasDemo).toBe(true);
  });
});

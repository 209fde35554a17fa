// The rules of DESIGN.md's "Figures" section, one test each, with the expected values worked out by
// hand in the comments. Each of these was a mutant that the whole suite let through (issue 10).
import { computeSnapshotFigures, type FigureSettings } from '../../src/domain/scopes';
import { checkReport, checkSeries } from '../../src/domain/consistency';
import { forecastCompletion } from '../../src/domain/forecast';
import { tallyProgress } from '../../src/domain/progress';
import { DEFAULT_STAGE_WEIGHTS, type StageWeights } from '../../src/domain/types';
import type { Milestone } from '../../src/domain/entities';
import { batch, building, emptySnapshot, project, report } from './snapshot-builder';
import { report as reportFacts, tallyOf } from './facts';

const settings = (asOf: string, over: Partial<FigureSettings> = {}): FigureSettings => ({
  weights: DEFAULT_STAGE_WEIGHTS, asOf, staleAfterDays: 90, monthlyAllowanceYuanPerHousehold: null, ...over,
});
const milestone = (id: number, buildingId: number, stage: Milestone['stage'], date: string): Milestone =>
  ({ id, buildingId, stage, date, kind: 'actual', sourceId: null, note: null, isCorrection: false, correctionReason: null });

describe('delivery is every building, every batch', () => {
  test('a batch of 3 buildings where 2 are delivered is not delivered: overdue after its target', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1, { targetDeliveryDate: '2024-06-30' }));
    snap.buildings.push(building(1, 1, 'delivered', 1000, '2024-05-01'), building(2, 1, 'delivered', 1000, '2024-05-02'), building(3, 1, 'accepted', 1000, '2024-05-03'));
    const b = computeSnapshotFigures(snap, settings('2024-07-10')).batches.get(1)!;
    expect(b.deadline).toMatchObject({ status: 'overdue', deliveredOn: null, daysLate: 10 }); // 30 June → 10 July
    expect(b.figures.buildingsDelivered).toBe(2);
  });

  test('the same batch once its third building is delivered: delivered on that building\'s date', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1, { targetDeliveryDate: '2024-06-30' }));
    snap.buildings.push(building(1, 1, 'delivered', 1000, '2024-05-01'), building(2, 1, 'delivered', 1000, '2024-07-05'), building(3, 1, 'delivered', 1000, '2024-05-03'));
    expect(computeSnapshotFigures(snap, settings('2024-07-10')).batches.get(1)!.deadline).toMatchObject({ status: 'delivered', deliveredOn: '2024-07-05', daysLate: 5 });
  });

  test('a project with two batches, one delivered, is not delivered; its next deadline is the other batch', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1, { plannedCompletion: '2025-12-31' }));
    snap.batches.push(batch(1, 1, { actualDeliveryDate: '2024-01-15', targetDeliveryDate: '2023-12-31' }), batch(2, 1, { targetDeliveryDate: '2025-06-30' }));
    snap.buildings.push(building(1, 2, 'structure', 500, '2024-03-01'));
    const p = computeSnapshotFigures(snap, settings('2025-01-01')).projects.get(1)!;
    expect(p.deadline.status).not.toBe('delivered');
    expect(p.deadline.deliveredOn).toBeNull();
    expect(p.nextDeadline).toMatchObject({ batchId: 2, targetDate: '2025-06-30' });
    expect(p.deadlineCounts).toEqual({ delivered: 1, on_track: 1, at_risk: 0, overdue: 0 });
  });

  test('a project with batches counts its batches\' deadlines, not its own planned completion as well', () => {
    const snap = emptySnapshot();
    // Its own planned completion has passed (overdue if it were counted); its one batch is on track.
    snap.projects.push(project(1, { plannedCompletion: '2024-01-31' }));
    snap.batches.push(batch(1, 1, { targetDeliveryDate: '2026-06-30' }));
    const f = computeSnapshotFigures(snap, settings('2025-01-01'));
    expect(f.projects.get(1)!.deadlineCounts).toEqual({ delivered: 0, on_track: 1, at_risk: 0, overdue: 0 });
    expect(f.villages.get(1)!.deadlineCounts).toEqual({ delivered: 0, on_track: 1, at_risk: 0, overdue: 0 });
  });
});

describe('cost of delay', () => {
  test('an overdue batch: households × allowance × months past target', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1, { targetDeliveryDate: '2024-01-31', households: 200 }));
    // 2024-01-31 → 2024-03-01 is 30 days = 30 / 30.4375 months; 200 × 1,000 × 0.98563… = 197,125.3 → 197,125
    const b = computeSnapshotFigures(snap, settings('2024-03-01', { monthlyAllowanceYuanPerHousehold: 1000 })).batches.get(1)!;
    expect(b.costOfDelay).toEqual({ monthsLate: 1, costYuan: 197_125 });
  });

  test('a delivered batch is no longer charged', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1, { targetDeliveryDate: '2024-01-31', actualDeliveryDate: '2024-02-20', households: 200 }));
    const b = computeSnapshotFigures(snap, settings('2024-03-01', { monthlyAllowanceYuanPerHousehold: 1000 })).batches.get(1)!;
    expect(b.deadline.status).toBe('delivered');
    expect(b.costOfDelay).toBeNull();
  });
});

describe('reports: the latest known as of asOf', () => {
  test('a village with two reports uses the later one for its returned people, whatever order they come in', () => {
    const snap = emptySnapshot();
    snap.villages[0]!.peopleEntitled = 1000;
    snap.reports.push(
      report(2, { scopeType: 'village', scopeId: 1, asOf: '2024-06-01', peopleReturned: 900 }),
      report(1, { scopeType: 'village', scopeId: 1, asOf: '2024-01-01', peopleReturned: 400 }),
    );
    const v = computeSnapshotFigures(snap, settings('2024-12-01')).villages.get(1)!;
    expect(v.figures.peopleReturnRate).toBe(0.9); // 900 / 1000, not 400 / 1000
    expect(v.reported!.latest.id).toBe(2);
    expect(v.reported!.reportCount).toBe(2);
  });

  test('a village\'s return rate comes from its own report: people returned / people entitled', () => {
    const snap = emptySnapshot();
    snap.reports.push(report(1, { scopeType: 'village', scopeId: 1, asOf: '2024-01-01', peopleEntitled: 800, peopleReturned: 600, householdsEntitled: 200, householdsReturned: 50 }));
    const v = computeSnapshotFigures(snap, settings('2024-12-01')).villages.get(1)!;
    expect(v.figures.peopleReturnRate).toBe(0.75); // 600 / 800
    expect(v.figures.householdReturnRate).toBe(0.25); // 50 / 200
  });

  test('a report dated after asOf is not known yet: not the latest, not in the return rate (AS_OF=2024-01-01, report of 2024-05-01)', () => {
    const snap = emptySnapshot();
    snap.villages[0]!.peopleEntitled = 1000;
    snap.reports.push(
      report(1, { scopeType: 'village', scopeId: 1, asOf: '2023-11-08', peopleReturned: 500 }),
      report(2, { scopeType: 'village', scopeId: 1, asOf: '2024-05-01', peopleReturned: 900 }),
      report(3, { scopeType: 'district', scopeId: 1, asOf: '2024-05-01', startedAreaM2: 1 }),
    );
    const f = computeSnapshotFigures(snap, settings('2024-01-01'));
    const v = f.villages.get(1)!;
    expect(v.figures.peopleReturnRate).toBe(0.5);
    expect(v.reported!.latest.id).toBe(1);
    expect(v.reported!.reportCount).toBe(1);
    expect(v.lastUpdate).toBe('2023-11-08');
    expect(f.districts.get(1)!.reported).toBeNull();
  });

  test('a cumulative figure that falls is found between consecutive reports, not only against the first', () => {
    // 100 → 200 → 150: the fall is 200 → 150, although 150 is still above the first report's 100.
    const findings = checkSeries([
      reportFacts({ id: 1, asOf: '2024-01-01', startedAreaM2: 100 }),
      reportFacts({ id: 2, asOf: '2024-02-01', startedAreaM2: 200 }),
      reportFacts({ id: 3, asOf: '2024-03-01', startedAreaM2: 150 }),
    ]);
    expect(findings).toEqual([{ code: 'cumulative_fell', severity: 'warning', field: 'startedAreaM2', fromReportId: 2, toReportId: 3, from: 200, to: 150 }]);
  });
});

describe('progress and its weights', () => {
  const weights: StageWeights = { planned: 0, foundation: 20, structure: 40, topped_out: 50, finishing: 70, landscaping: 80, accepted: 90, delivered: 100 };

  test('configured stage weights apply where progress is counted by buildings (areas unknown)', () => {
    // Two buildings of unknown area, one in structure (40) and one in landscaping (80): (40 + 80) / 2 / 100 = 0.6
    expect(tallyProgress(tallyOf([{ floorAreaM2: null, stage: 'structure' }, { floorAreaM2: null, stage: 'landscaping' }]), weights))
      .toEqual({ progress: 0.6, basis: 'buildings' });
    // With the default weights (35 and 90) the same buildings give 0.625
    expect(tallyProgress(tallyOf([{ floorAreaM2: null, stage: 'structure' }, { floorAreaM2: null, stage: 'landscaping' }]), DEFAULT_STAGE_WEIGHTS).progress).toBeCloseTo(0.625, 12);
  });

  test('configured weights apply by area too, through the whole snapshot', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1));
    snap.buildings.push(building(1, 1, 'structure', 3000), building(2, 1, 'finishing', 1000));
    // (3000 × 40 + 1000 × 70) / 4000 / 100 = 190,000 / 400,000 = 0.475
    expect(computeSnapshotFigures(snap, settings('2024-01-01', { weights })).batches.get(1)!.figures.constructionProgress).toBeCloseTo(0.475, 12);
  });
});

describe('published rates stand for their rounding interval, bounds included', () => {
  test('exactly 95.5 % computed against a published 96 % lies on the interval\'s edge and matches', () => {
    const [f] = checkReport(reportFacts({ plannedAreaM2: 1000, startedAreaM2: 955, publishedStartRate: 0.96 }));
    expect(f).toMatchObject({ code: 'rate_matches', field: 'startRate' });
  });

  test('exactly 96.5 % matches too; 96.51 % does not', () => {
    expect(checkReport(reportFacts({ plannedAreaM2: 1000, startedAreaM2: 965, publishedStartRate: 0.96 }))[0]).toMatchObject({ code: 'rate_matches' });
    expect(checkReport(reportFacts({ plannedAreaM2: 10000, startedAreaM2: 9651, publishedStartRate: 0.96 }))[0]).toMatchObject({ code: 'rate_mismatch' });
  });
});

describe('forecast: the points it uses', () => {
  test('a point dated on asOf itself is known that day and is used', () => {
    // 0.1 on 1 Jan, 0.2 on 31 Jan, 0.3 on 1 Mar (asOf): 3 points over 60 days → a forecast.
    const points = [{ date: '2024-01-01', progress: 0.1 }, { date: '2024-01-31', progress: 0.2 }, { date: '2024-03-01', progress: 0.3 }];
    const f = forecastCompletion(points, '2024-03-01');
    expect(f).toMatchObject({ kind: 'forecast', pointsUsed: 3 });
    // Without the asOf point only two remain: too few.
    expect(forecastCompletion(points, '2024-02-29')).toEqual({ kind: 'none', reason: 'too_few_points' });
  });

  test('a point exactly windowDays before the last one is inside the window; one day earlier is not', () => {
    const last = { date: '2024-12-31', progress: 0.5 };
    const mid = { date: '2024-07-01', progress: 0.3 };
    // 2024-01-01 is 365 days before 2024-12-31 (2024 is a leap year: 366 days in all)
    const inside = forecastCompletion([{ date: '2024-01-01', progress: 0.1 }, mid, last], '2024-12-31', { windowDays: 365 });
    expect(inside).toMatchObject({ kind: 'forecast', pointsUsed: 3 });
    const outside = forecastCompletion([{ date: '2023-12-31', progress: 0.1 }, mid, last], '2024-12-31', { windowDays: 365 });
    expect(outside).toEqual({ kind: 'none', reason: 'too_few_points' });
  });
});

describe('planned area: where buildings are not all itemised, the rates use the project\'s planned area', () => {
  test('a 50,000 m² project with one building of unknown area has a planned area and a start rate', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1, { plannedFloorAreaM2: 50_000 }));
    snap.batches.push(batch(1, 1));
    snap.buildings.push(building(1, 1, 'structure', null, '2024-03-01'));
    const f = computeSnapshotFigures(snap, settings('2024-06-01')).projects.get(1)!.figures;
    expect(f).toMatchObject({ plannedAreaM2: 50_000, startedAreaM2: 0, startRate: 0, plannedAreaBasis: 'project', areaPartial: true });
    expect(f.progressBasis).toBe('buildings');
  });

  test('a village: the partial sum of registered buildings does not make a 100 % start rate', () => {
    const snap = emptySnapshot();
    // 180,000 m² planned; registered: one started building of 48,000 m². Start rate at least 48,000 / 180,000.
    snap.projects.push(project(1, { plannedFloorAreaM2: 180_000 }));
    snap.batches.push(batch(1, 1));
    snap.buildings.push(building(1, 1, 'topped_out', 48_000, '2024-03-01'));
    const v = computeSnapshotFigures(snap, settings('2024-06-01')).villages.get(1)!.figures;
    expect(v.plannedAreaM2).toBe(180_000);
    expect(v.startRate).toBeCloseTo(48_000 / 180_000, 12);
    expect(v.areaPartial).toBe(true);
  });
});

describe('itemised and reported figures for the same scope are compared', () => {
  const snapWith = (reported: { plannedAreaM2?: number; startedAreaM2?: number; deliveredAreaM2?: number }, asOf = '2024-01-01') => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1));
    snap.buildings.push(building(1, 1, 'delivered', 6000), building(2, 1, 'structure', 4000));
    snap.milestones.push(milestone(1, 1, 'structure', '2023-03-01'), milestone(2, 1, 'delivered', '2023-10-01'), milestone(3, 2, 'structure', '2023-12-01'));
    snap.reports.push(report(1, { scopeType: 'project', scopeId: 1, asOf, ...reported }));
    return computeSnapshotFigures(snap, settings('2024-06-01')).projects.get(1)!.reported!.findings;
  };

  test('a report that agrees within its rounding: itemised_agrees, taken on the report\'s date', () => {
    // On 2024-01-01 both buildings have started (10,000 m²) and one is delivered (6,000 m²).
    const findings = snapWith({ plannedAreaM2: 10_000, startedAreaM2: 10_000, deliveredAreaM2: 6_000 });
    expect(findings.filter((f) => f.code === 'itemised_agrees').map((f) => (f as { field: string }).field)).toEqual(['plannedAreaM2', 'startedAreaM2', 'deliveredAreaM2']);
    expect(findings.some((f) => f.code === 'itemised_differs')).toBe(false);
  });

  test('a report of 2023-11-01, before building 2 started: started 6,000 m² then, so a report of 6,000 agrees', () => {
    const findings = snapWith({ startedAreaM2: 6_000 }, '2023-11-01');
    expect(findings).toContainEqual({ code: 'itemised_agrees', severity: 'ok', field: 'startedAreaM2', itemised: 6000, reported: 6000, reportAsOf: '2023-11-01' });
  });

  test('a delivered area reported as 9,000 m² where the buildings give 6,000: itemised_differs', () => {
    const findings = snapWith({ deliveredAreaM2: 9_000 });
    expect(findings).toContainEqual({ code: 'itemised_differs', severity: 'warning', field: 'deliveredAreaM2', itemised: 6000, reported: 9000, reportAsOf: '2024-01-01' });
  });

  test('a rounded report stands for its rounding: "约1万㎡" (10,000) covers 9,500–10,500; 10,600 does not', () => {
    expect(snapWith({ plannedAreaM2: 10_000 }).find((f) => f.code.startsWith('itemised'))!.code).toBe('itemised_agrees');
    // 11,000 is rounded to 1,000: ±500 → 10,500–11,500 does not hold 10,000
    expect(snapWith({ plannedAreaM2: 11_000 }).find((f) => f.code.startsWith('itemised'))!.code).toBe('itemised_differs');
  });
});

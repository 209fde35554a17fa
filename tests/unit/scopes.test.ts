import { computeSnapshotFigures, type FigureSettings } from '../../src/domain/scopes';
import { DEFAULT_STAGE_WEIGHTS } from '../../src/domain/types';
import { batch, building, emptySnapshot, project, report } from './snapshot-builder';

const settings = (asOf: string, over: Partial<FigureSettings> = {}): FigureSettings => ({
  weights: DEFAULT_STAGE_WEIGHTS, asOf, staleAfterDays: 90, monthlyAllowanceYuanPerHousehold: null, ...over,
});

describe('computeSnapshotFigures', () => {
  test('rolls buildings up by area from batch to district, not as a mean of children', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1), project(2));
    snap.batches.push(batch(1, 1), batch(2, 2));
    snap.buildings.push(building(1, 1, 'delivered', 1000), building(2, 2, 'planned', 9000));
    const f = computeSnapshotFigures(snap, settings('2024-01-01'));
    expect(f.projects.get(1)!.figures.constructionProgress).toBeCloseTo(1);
    expect(f.projects.get(2)!.figures.constructionProgress).toBeCloseTo(0);
    const d = f.districts.get(1)!.figures;
    expect(d.constructionProgress).toBeCloseTo(0.1);
    expect(d.plannedAreaM2).toBe(10000);
    expect(d.deliveredAreaM2).toBe(1000);
    expect(d.deliveryRate).toBeCloseTo(0.1);
  });

  test('a project known only by its planned area gives rates once started, and no progress', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1, { plannedFloorAreaM2: 101800, actualStart: '2023-11-08', plannedCompletion: '2025-12-31' }));
    const before = computeSnapshotFigures(snap, settings('2023-11-01')).projects.get(1)!;
    expect(before.figures.startedAreaM2).toBe(0);
    expect(before.figures.startRate).toBe(0);
    const after = computeSnapshotFigures(snap, settings('2023-12-01')).projects.get(1)!;
    expect(after.figures.startedAreaM2).toBe(101800);
    expect(after.figures.startRate).toBe(1);
    expect(after.figures.constructionProgress).toBeNull();
    expect(after.figures.progressBasis).toBe('none');
    expect(after.deadline.status).toBe('on_track');
    const late = computeSnapshotFigures(snap, settings('2026-01-10')).projects.get(1)!;
    expect(late.deadline).toMatchObject({ status: 'overdue', daysLate: 10 });
    // With no batches the project's own deadline is what the village counts.
    expect(computeSnapshotFigures(snap, settings('2026-01-10')).villages.get(1)!.deadlineCounts.overdue).toBe(1);
  });

  test('batch deadline: overdue after the target with no delivery, delivered late by N days once every building is delivered', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1, { targetDeliveryDate: '2023-12-31', targetPrecision: 'year', households: 100 }));
    snap.buildings.push(building(1, 1, 'landscaping', null, '2023-11-08'));
    const overdue = computeSnapshotFigures(snap, settings('2024-03-01', { monthlyAllowanceYuanPerHousehold: 1000 }));
    const b = overdue.batches.get(1)!;
    expect(b.deadline).toMatchObject({ status: 'overdue', daysLate: 61, targetPrecision: 'year' });
    expect(b.costOfDelay!.costYuan).toBe(Math.round(100 * 1000 * (61 / (365.25 / 12))));
    expect(overdue.projects.get(1)!.nextDeadline).toMatchObject({ batchId: 1, targetDate: '2023-12-31' });

    snap.buildings[0] = building(1, 1, 'delivered', null, '2024-01-20');
    const delivered = computeSnapshotFigures(snap, settings('2024-03-01')).batches.get(1)!;
    expect(delivered.deadline).toMatchObject({ status: 'delivered', daysLate: 20, deliveredOn: '2024-01-20' });
  });

  test('staleness follows the latest milestone or report of the scope', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1));
    snap.buildings.push(building(1, 1, 'structure', 500));
    snap.milestones.push({ id: 1, buildingId: 1, stage: 'structure', date: '2024-01-01', kind: 'actual', sourceId: null, note: null, isCorrection: false, correctionReason: null });
    snap.reports.push(report(1, { asOf: '2024-03-01', startedAreaM2: 500 }));
    const f = computeSnapshotFigures(snap, settings('2024-04-15'));
    expect(f.batches.get(1)!.lastUpdate).toBe('2024-01-01');
    expect(f.batches.get(1)!.staleness.stale).toBe(true);
    expect(f.districts.get(1)!.lastUpdate).toBe('2024-03-01');
    expect(f.districts.get(1)!.staleness).toMatchObject({ stale: false, daysSince: 45 });
  });

  test('forecasts a batch from its milestone history', () => {
    const snap = emptySnapshot();
    snap.projects.push(project(1));
    snap.batches.push(batch(1, 1, { targetDeliveryDate: '2024-06-30' }));
    snap.buildings.push(building(1, 1, 'topped_out', 1000));
    const m = (id: number, stage: 'foundation' | 'structure' | 'topped_out', date: string) =>
      ({ id, buildingId: 1, stage, date, kind: 'actual' as const, sourceId: null, note: null, isCorrection: false, correctionReason: null });
    snap.milestones.push(m(1, 'foundation', '2024-01-01'), m(2, 'structure', '2024-03-01'), m(3, 'topped_out', '2024-05-01'));
    const b = computeSnapshotFigures(snap, settings('2024-05-02')).batches.get(1)!;
    expect(b.history.map((p) => p.progress)).toEqual([0.1, 0.35, 0.6]);
    expect(b.forecast.kind).toBe('forecast');
    // 25 points in about 60 days: 100 % is far beyond the end of June, so the batch is at risk.
    expect(b.deadline.status).toBe('at_risk');
  });

  test('the district report is summarised with its consistency findings', () => {
    const snap = emptySnapshot();
    snap.reports.push(report(1, { startedAreaM2: 14_740_000, deliveredAreaM2: 11_570_000, publishedStartRate: 0.96, publishedDeliveryRate: 0.76 }));
    const r = computeSnapshotFigures(snap, settings('2026-11-26')).districts.get(1)!.reported!;
    expect(r.latest.startedAreaM2).toBe(14_740_000);
    const agree = r.findings.find((x) => x.code === 'denominators_agree');
    expect(agree).toBeDefined();
  });
});

test('a project whose batches are all delivered counts as delivered on the last batch date', () => {
  const snap = emptySnapshot();
  snap.projects.push(project(1, { plannedCompletion: '2024-01-31' }));
  snap.batches.push(batch(1, 1, { actualDeliveryDate: '2023-12-01' }), batch(2, 1, { actualDeliveryDate: '2024-02-10' }));
  const p = computeSnapshotFigures(snap, settings('2024-06-01')).projects.get(1)!;
  expect(p.deadline).toMatchObject({ status: 'delivered', deliveredOn: '2024-02-10', daysLate: 10 });
  expect(p.nextDeadline).toBeNull();
});

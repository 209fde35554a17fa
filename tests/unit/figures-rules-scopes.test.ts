// More of DESIGN.md's "Figures" rules, through the whole engine (computeSnapshotFigures): the date of
// the latest record of each scope, the next deadline, and when a project counts as started or delivered.
import { computeSnapshotFigures, type FigureSettings } from '../../src/domain/scopes';
import { DEFAULT_STAGE_WEIGHTS } from '../../src/domain/types';
import type { Milestone } from '../../src/domain/entities';
import { batch, building, emptySnapshot, project, report } from './snapshot-builder';

const settings = (asOf: string, over: Partial<FigureSettings> = {}): FigureSettings => ({
  weights: DEFAULT_STAGE_WEIGHTS, asOf, staleAfterDays: 90, monthlyAllowanceYuanPerHousehold: null, ...over,
});
const milestone = (id: number, buildingId: number, stage: Milestone['stage'], date: string): Milestone =>
  ({ id, buildingId, stage, date, kind: 'actual', sourceId: null, note: null, isCorrection: false, correctionReason: null });

describe('the latest record of each scope (what "last updated" and staleness use)', () => {
  const snap = () => {
    const s = emptySnapshot();
    s.projects.push(project(1, { actualStart: '2024-01-10' }));
    s.batches.push(batch(1, 1, { actualDeliveryDate: null }));
    s.buildings.push(building(1, 1, 'structure', 100, '2024-02-01'));
    s.milestones.push(milestone(1, 1, 'foundation', '2024-01-20'), milestone(2, 1, 'structure', '2024-02-01'));
    s.reports.push(
      report(1, { scopeType: 'project', scopeId: 1, asOf: '2024-03-05', startedAreaM2: 100 }),
      report(2, { scopeType: 'village', scopeId: 1, asOf: '2024-04-01', peopleReturned: 1 }),
      report(3, { scopeType: 'district', scopeId: 1, asOf: '2024-05-01', startedAreaM2: 100 }),
    );
    return s;
  };

  test('batch: its latest milestone; project: also its reports; village and district: also theirs', () => {
    const f = computeSnapshotFigures(snap(), settings('2024-06-01'));
    expect(f.batches.get(1)!.lastUpdate).toBe('2024-02-01');
    expect(f.projects.get(1)!.lastUpdate).toBe('2024-03-05');
    expect(f.villages.get(1)!.lastUpdate).toBe('2024-04-01');
    expect(f.districts.get(1)!.lastUpdate).toBe('2024-05-01');
    // 2024-05-01 → 2024-06-01 is 31 days: not stale at 90
    expect(f.districts.get(1)!.staleness).toEqual({ lastReported: '2024-05-01', daysSince: 31, stale: false });
  });

  test('records dated after asOf are not yet known; a record dated on asOf is', () => {
    const f = computeSnapshotFigures(snap(), settings('2024-03-05'));
    expect(f.batches.get(1)!.lastUpdate).toBe('2024-02-01');
    expect(f.projects.get(1)!.lastUpdate).toBe('2024-03-05'); // the report of that very day
    expect(f.villages.get(1)!.lastUpdate).toBe('2024-03-05'); // the village report of 1 April is not known yet
    expect(f.districts.get(1)!.lastUpdate).toBe('2024-03-05');
    const early = computeSnapshotFigures(snap(), settings('2024-01-15'));
    expect(early.batches.get(1)!.lastUpdate).toBeNull();
    expect(early.projects.get(1)!.lastUpdate).toBe('2024-01-10'); // its actual start
    expect(early.batches.get(1)!.staleness.stale).toBe(true); // nothing known is stale by definition
  });

  test('a building\'s stage date counts as a record of its batch, and so does a recorded delivery', () => {
    const s = emptySnapshot();
    s.projects.push(project(1));
    s.batches.push(batch(1, 1, { actualDeliveryDate: '2024-07-01' }), batch(2, 1));
    s.buildings.push(building(1, 1, 'delivered', 100, '2024-06-20'), building(2, 2, 'structure', 100, '2024-05-05'));
    const f = computeSnapshotFigures(s, settings('2024-08-01'));
    expect(f.batches.get(1)!.lastUpdate).toBe('2024-07-01');
    expect(f.batches.get(2)!.lastUpdate).toBe('2024-05-05');
  });
});

describe('the next deadline of a project', () => {
  test('the earliest target of the batches not yet delivered', () => {
    const s = emptySnapshot();
    s.projects.push(project(1, { plannedCompletion: '2023-01-01' }));
    s.batches.push(
      batch(1, 1, { targetDeliveryDate: '2025-06-30' }),
      batch(2, 1, { targetDeliveryDate: '2024-03-31', actualDeliveryDate: '2024-03-01' }), // earliest, but delivered
      batch(3, 1, { targetDeliveryDate: '2025-01-31' }),
      batch(4, 1, { targetDeliveryDate: '2025-03-31' }),
      batch(5, 1, { targetDeliveryDate: null }),
    );
    const p = computeSnapshotFigures(s, settings('2024-06-01')).projects.get(1)!;
    expect(p.nextDeadline).toMatchObject({ batchId: 3, targetDate: '2025-01-31', status: 'on_track' });
  });

  test('two batches due on the same day: the first of them', () => {
    const s = emptySnapshot();
    s.projects.push(project(1));
    s.batches.push(batch(1, 1, { targetDeliveryDate: '2025-01-31' }), batch(2, 1, { targetDeliveryDate: '2025-01-31' }));
    expect(computeSnapshotFigures(s, settings('2024-06-01')).projects.get(1)!.nextDeadline).toMatchObject({ batchId: 1 });
  });

  test('a project without batches: its own planned completion, with batchId null', () => {
    const s = emptySnapshot();
    s.projects.push(project(1, { plannedCompletion: '2025-12-31', plannedCompletionPrecision: 'month' }));
    const p = computeSnapshotFigures(s, settings('2024-06-01')).projects.get(1)!;
    expect(p.nextDeadline).toEqual({ ...p.deadline, batchId: null });
    expect(p.nextDeadline).toMatchObject({ targetDate: '2025-12-31', targetPrecision: 'month', status: 'on_track' });
  });

  test('batches with no target at all: the project\'s planned completion stands in', () => {
    const s = emptySnapshot();
    s.projects.push(project(1, { plannedCompletion: '2025-12-31' }));
    s.batches.push(batch(1, 1, { targetDeliveryDate: null }));
    expect(computeSnapshotFigures(s, settings('2024-06-01')).projects.get(1)!.nextDeadline).toMatchObject({ batchId: null, targetDate: '2025-12-31' });
  });

  test('everything delivered: no next deadline', () => {
    const s = emptySnapshot();
    s.projects.push(project(1, { plannedCompletion: '2025-12-31', actualCompletion: '2024-05-01' }));
    expect(computeSnapshotFigures(s, settings('2024-06-01')).projects.get(1)!.nextDeadline).toBeNull();
  });

  test('a batch with a target but no buildings still has its deadline counted', () => {
    const s = emptySnapshot();
    s.projects.push(project(1));
    s.batches.push(batch(1, 1, { targetDeliveryDate: '2024-01-31' }));
    const f = computeSnapshotFigures(s, settings('2024-06-01'));
    expect(f.batches.get(1)!.deadline).toMatchObject({ status: 'overdue', deliveredOn: null });
    expect(f.projects.get(1)!.deadlineCounts.overdue).toBe(1);
    expect(f.districts.get(1)!.deadlineCounts.overdue).toBe(1);
  });

  test('a batch without a target has no status and is counted nowhere', () => {
    const s = emptySnapshot();
    s.projects.push(project(1));
    s.batches.push(batch(1, 1, { targetDeliveryDate: null }));
    const f = computeSnapshotFigures(s, settings('2024-06-01'));
    expect(f.batches.get(1)!.deadline.status).toBeNull();
    expect(f.projects.get(1)!.deadlineCounts).toEqual({ delivered: 0, on_track: 0, at_risk: 0, overdue: 0 });
  });
});

describe('when a project counts as started and delivered (its own records)', () => {
  const snap = (over: Parameters<typeof project>[1]) => {
    const s = emptySnapshot();
    s.projects.push(project(1, { plannedFloorAreaM2: 20_000, plannedCompletion: '2025-06-30', ...over }));
    return s;
  };

  test('a status typed as "delivered" without a completion date is not believed: not delivered, and the disagreement is said', () => {
    const p = computeSnapshotFigures(snap({ status: 'delivered' }), settings('2024-06-01')).projects.get(1)!;
    expect(p.figures).toMatchObject({ deliveredAreaM2: 0, deliveryRate: 0 });
    expect(p.status).toEqual({ status: 'not_started', deliveredOn: null, halted: null, recordedDiffers: 'delivered' });
  });

  test('the status is derived: not started, under construction once anything has started, delivered with its date', () => {
    const s = emptySnapshot();
    s.projects.push(project(1, { status: 'planned' }), project(2, { status: 'planned', actualStart: '2024-02-01' }), project(3, { status: 'under_construction', actualStart: '2023-01-01', actualCompletion: '2024-05-01' }));
    s.batches.push(batch(1, 1), batch(2, 1));
    s.buildings.push(building(1, 1, 'planned', 100), building(2, 2, 'foundation', 100, '2024-03-01'));
    const f = computeSnapshotFigures(s, settings('2024-06-01'));
    expect(f.projects.get(1)!.status).toEqual({ status: 'under_construction', deliveredOn: null, halted: null, recordedDiffers: 'not_started' });
    expect(f.projects.get(2)!.status).toMatchObject({ status: 'under_construction', recordedDiffers: 'not_started' });
    expect(f.projects.get(3)!.status).toEqual({ status: 'delivered', deliveredOn: '2024-05-01', halted: null, recordedDiffers: 'under_construction' });
    expect(f.batches.get(1)!.status).toEqual({ status: 'not_started', deliveredOn: null });
    expect(f.batches.get(2)!.status).toEqual({ status: 'under_construction', deliveredOn: null });
    // as of before its start, project 2 has not started
    expect(computeSnapshotFigures(s, settings('2024-01-31')).projects.get(2)!.status.status).toBe('not_started');
  });

  test('a project whose every building is delivered shows delivered with the date, even with "under construction" recorded', () => {
    const s = emptySnapshot();
    s.projects.push(project(1, { status: 'under_construction' }));
    s.batches.push(batch(1, 1));
    s.buildings.push(building(1, 1, 'delivered', 100, '2024-04-10'));
    const p = computeSnapshotFigures(s, settings('2024-06-01')).projects.get(1)!;
    expect(p.status).toEqual({ status: 'delivered', deliveredOn: '2024-04-10', halted: null, recordedDiffers: 'under_construction' });
    expect(computeSnapshotFigures(s, settings('2024-06-01')).batches.get(1)!.status).toEqual({ status: 'delivered', deliveredOn: '2024-04-10' });
  });

  test('a suspension is stored and shown beside the derived status', () => {
    const p = computeSnapshotFigures(snap({ halted: 'suspended', status: 'planned' }), settings('2024-06-01')).projects.get(1)!;
    expect(p.status).toEqual({ status: 'not_started', deliveredOn: null, halted: 'suspended', recordedDiffers: null });
  });

  test('an actual completion on or before asOf delivers it; one after asOf does not yet', () => {
    const on = computeSnapshotFigures(snap({ actualStart: '2023-01-01', actualCompletion: '2024-06-01' }), settings('2024-06-01')).projects.get(1)!;
    expect(on.figures.deliveredAreaM2).toBe(20_000);
    expect(on.deadline).toMatchObject({ status: 'delivered', deliveredOn: '2024-06-01', daysLate: 0 });
    const before = computeSnapshotFigures(snap({ actualStart: '2023-01-01', actualCompletion: '2024-06-02' }), settings('2024-06-01')).projects.get(1)!;
    expect(before.figures).toMatchObject({ startedAreaM2: 20_000, deliveredAreaM2: 0 });
    expect(before.deadline.status).toBe('on_track');
  });

  test('an actual start on asOf counts as started; the day before it does not', () => {
    expect(computeSnapshotFigures(snap({ actualStart: '2024-06-01' }), settings('2024-06-01')).projects.get(1)!.figures.startedAreaM2).toBe(20_000);
    expect(computeSnapshotFigures(snap({ actualStart: '2024-06-01' }), settings('2024-05-31')).projects.get(1)!.figures.startedAreaM2).toBe(0);
  });

  test('a project whose batches are all delivered is delivered on the last of their dates, even with no completion recorded', () => {
    const s = emptySnapshot();
    s.projects.push(project(1, { plannedCompletion: '2024-12-31' }));
    s.batches.push(batch(1, 1), batch(2, 1));
    s.buildings.push(building(1, 1, 'delivered', 100, '2024-03-01'), building(2, 2, 'delivered', 100, '2024-04-15'));
    const p = computeSnapshotFigures(s, settings('2024-06-01')).projects.get(1)!;
    expect(p.deadline).toMatchObject({ status: 'delivered', deliveredOn: '2024-04-15', daysLate: 0 });
    expect(p.nextDeadline).toBeNull();
  });

  test('a project with no batches is not delivered by an empty "every batch"', () => {
    const p = computeSnapshotFigures(snap({}), settings('2024-06-01')).projects.get(1)!;
    expect(p.deadline).toMatchObject({ status: 'on_track', deliveredOn: null });
  });
});

describe('a building\'s stage history where no milestone was recorded', () => {
  test('its stage counts from its stage date in a comparison with a report of a later date', () => {
    const s = emptySnapshot();
    s.projects.push(project(1));
    s.batches.push(batch(1, 1));
    s.buildings.push(building(1, 1, 'structure', 4000, '2024-02-01')); // no milestone rows
    s.reports.push(report(1, { scopeType: 'project', scopeId: 1, asOf: '2024-03-01', startedAreaM2: 4000 }));
    const findings = computeSnapshotFigures(s, settings('2024-06-01')).projects.get(1)!.reported!.findings;
    expect(findings).toContainEqual({ code: 'itemised_agrees', severity: 'ok', field: 'startedAreaM2', itemised: 4000, reported: 4000, reportAsOf: '2024-03-01' });
  });
});

// DESIGN.md's "Figures" rules on people and households, and on what is known on `asOf`, through the
// whole engine (computeSnapshotFigures): each worked out by hand. These close gaps the mutation run of
// src/domain found (docs/mutation-survivors.md).
import { computeSnapshotFigures, type FigureSettings } from '../../src/domain/scopes';
import { DEFAULT_STAGE_WEIGHTS } from '../../src/domain/types';
import type { ModelSnapshot, Village } from '../../src/domain/entities';
import { batch, emptySnapshot, project, report } from './snapshot-builder';

const settings = (asOf: string): FigureSettings => ({ weights: DEFAULT_STAGE_WEIGHTS, asOf, staleAfterDays: 90, monthlyAllowanceYuanPerHousehold: null });
const village = (id: number, over: Partial<Village> = {}): Village => ({
  id, districtId: 1, subdistrictId: null, nameZh: `村${id}`, nameEn: null, householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null, noteEn: null,
  isDemo: false, version: 1, ...over,
});

describe('a village\'s people: its own entitled figures, else its latest report known on the day', () => {
  const snap = (): ModelSnapshot => {
    const s = emptySnapshot();
    s.villages = [village(1)];
    s.reports.push(
      report(1, { scopeType: 'village', scopeId: 1, asOf: '2024-01-01', peopleEntitled: 400, peopleReturned: 100, householdsEntitled: 120, householdsReturned: 30 }),
      report(2, { scopeType: 'village', scopeId: 1, asOf: '2024-06-01', peopleEntitled: 400, peopleReturned: 300, householdsEntitled: 120, householdsReturned: 90 }),
      report(3, { scopeType: 'village', scopeId: 1, asOf: '2025-01-01', peopleEntitled: 400, peopleReturned: 380, householdsEntitled: 120, householdsReturned: 115 }),
    );
    return s;
  };

  test('the latest report on or before the day, not the first and not a later one', () => {
    // on 2024-07-01 the June report is the latest known: 300 of 400 people back, 90 of 120 households
    const f = computeSnapshotFigures(snap(), settings('2024-07-01')).villages.get(1)!;
    expect(f.figures.peopleReturnRate).toBe(300 / 400);
    expect(f.figures.householdReturnRate).toBe(90 / 120);
    expect(f.reported!.latest.asOf).toBe('2024-06-01');
    // on the day of a report, that report is known
    expect(computeSnapshotFigures(snap(), settings('2025-01-01')).villages.get(1)!.figures.peopleReturnRate).toBe(380 / 400);
    // before any report: nothing known
    const early = computeSnapshotFigures(snap(), settings('2023-12-31')).villages.get(1)!;
    expect(early.figures.peopleReturnRate).toBeNull();
    expect(early.reported).toBeNull();
  });

  test('the village\'s own entitled numbers win over its report\'s; the returned still come from the report', () => {
    const s = snap();
    s.villages = [village(1, { peopleEntitled: 500, householdsEntitled: 150 })];
    const f = computeSnapshotFigures(s, settings('2024-07-01')).villages.get(1)!;
    expect(f.figures.peopleReturnRate).toBe(300 / 500);
    expect(f.figures.householdReturnRate).toBe(90 / 150);
  });
});

describe('a district sums its villages\' people', () => {
  test('two villages: 50 of 100 and 240 of 300 back make 290 of 400; households likewise', () => {
    const s = emptySnapshot();
    s.villages = [village(1, { peopleEntitled: 100, householdsEntitled: 30 }), village(2)];
    s.reports.push(
      report(1, { scopeType: 'village', scopeId: 1, asOf: '2024-03-01', peopleReturned: 50, householdsReturned: 15 }),
      report(2, { scopeType: 'village', scopeId: 2, asOf: '2024-03-01', peopleEntitled: 300, peopleReturned: 240, householdsEntitled: 90, householdsReturned: 72 }),
      // known only after the day asked for: not counted
      report(3, { scopeType: 'village', scopeId: 2, asOf: '2024-09-01', peopleEntitled: 300, peopleReturned: 300, householdsEntitled: 90, householdsReturned: 90 }),
    );
    const d = computeSnapshotFigures(s, settings('2024-04-01')).districts.get(1)!;
    expect(d.figures.peopleReturnRate).toBe(290 / 400);
    // households: (15 + 72) of (30 + 90)
    expect(d.figures.householdReturnRate).toBe(87 / 120);
  });
});

describe('what a project knows on the day', () => {
  test('a start or completion dated after the day is not its latest record yet', () => {
    const s = emptySnapshot();
    s.projects.push(project(1, { actualStart: '2024-02-01', actualCompletion: '2024-09-01' }));
    s.reports.push(report(1, { scopeType: 'project', scopeId: 1, asOf: '2024-05-01', startedAreaM2: 10 }));
    expect(computeSnapshotFigures(s, settings('2024-06-01')).projects.get(1)!.lastUpdate).toBe('2024-05-01');
    expect(computeSnapshotFigures(s, settings('2024-04-01')).projects.get(1)!.lastUpdate).toBe('2024-02-01');
    expect(computeSnapshotFigures(s, settings('2024-01-01')).projects.get(1)!.lastUpdate).toBeNull();
  });

  test('a project report dated after the day is not its reported figure yet', () => {
    const s = emptySnapshot();
    s.projects.push(project(1, { plannedFloorAreaM2: 1000 }));
    s.reports.push(report(1, { scopeType: 'project', scopeId: 1, asOf: '2024-05-01', startedAreaM2: 400 }), report(2, { scopeType: 'project', scopeId: 1, asOf: '2024-08-01', startedAreaM2: 800 }));
    expect(computeSnapshotFigures(s, settings('2024-06-01')).projects.get(1)!.reported!.latest.startedAreaM2).toBe(400);
    expect(computeSnapshotFigures(s, settings('2024-04-30')).projects.get(1)!.reported).toBeNull();
  });

  test('a revised target keeps the precision of its original: "end of 2023" stays a year', () => {
    const s = emptySnapshot();
    s.projects.push(project(1));
    s.batches.push(batch(1, 1, { targetDeliveryDate: '2024-06-30', targetPrecision: 'day', baselineTargetDate: '2023-12-31', baselineTargetPrecision: 'year' }));
    const dl = computeSnapshotFigures(s, settings('2024-03-01')).batches.get(1)!.deadline;
    expect([dl.targetDate, dl.targetPrecision]).toEqual(['2024-06-30', 'day']);
    expect([dl.original!.targetDate, dl.original!.targetPrecision]).toEqual(['2023-12-31', 'year']);
    // a row from before baselines were kept: its current target is its original, with the current precision
    s.batches[0] = batch(1, 1, { targetDeliveryDate: '2024-12-31', targetPrecision: 'month' });
    const old = computeSnapshotFigures(s, settings('2024-03-01')).batches.get(1)!.deadline;
    expect([old.original!.targetDate, old.original!.targetPrecision]).toEqual(['2024-12-31', 'month']);
    // no target at all: no original either
    s.batches[0] = batch(1, 1);
    expect(computeSnapshotFigures(s, settings('2024-03-01')).batches.get(1)!.deadline.original).toBeNull();
  });
});

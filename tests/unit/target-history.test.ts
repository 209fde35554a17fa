// Deadlines keep their history (issue 12 §1): the baseline is the first target ever entered, later
// changes are revisions with a reason; lateness is judged against the original and the current
// target; slips are grouped by reporting period; nothing estimated counts as done. Figures by hand.
import { deadlineStatus } from '../../src/domain/deadlines';
import { computeSnapshotFigures, type FigureSettings } from '../../src/domain/scopes';
import {
  countsAsDone, periodOf, planTargetWrite, slipsByPeriod, targetHistory, type TargetRevision,
} from '../../src/domain/target-history';
import { DEFAULT_STAGE_WEIGHTS } from '../../src/domain/types';
import { batch, building, emptySnapshot, project } from './snapshot-builder';

const settings = (asOf: string, over: Partial<FigureSettings> = {}): FigureSettings => ({
  weights: DEFAULT_STAGE_WEIGHTS, asOf, staleAfterDays: 90, monthlyAllowanceYuanPerHousehold: null, ...over,
});
const rev = (id: number, revisedOn: string, targetDate: string | null, reason: string, precision: 'day' | 'month' | 'year' = 'day'): TargetRevision =>
  ({ id, scopeType: 'batch', scopeId: 1, revisedOn, targetDate, targetPrecision: precision, reason, author: 'staff1' });

describe('planTargetWrite: what saving a target does', () => {
  const endOf2023 = { date: '2023-12-31', precision: 'year' as const };

  test('the first target ever entered becomes the baseline, with no reason asked', () => {
    expect(planTargetWrite({ current: { date: null, precision: 'day' }, baseline: null }, endOf2023, null, 'targetReason'))
      .toEqual({ write: { kind: 'baseline', baseline: endOf2023 }, errors: {} });
  });

  test('the same target again changes nothing, with or without a reason', () => {
    expect(planTargetWrite({ current: endOf2023, baseline: '2023-12-31' }, endOf2023, null, 'targetReason')).toEqual({ write: { kind: 'unchanged' }, errors: {} });
    expect(planTargetWrite({ current: endOf2023, baseline: '2023-12-31' }, endOf2023, '无', 'targetReason').write.kind).toBe('unchanged');
  });

  test('a later change is a revision and is refused without a reason, named by the field asked for', () => {
    const next = { date: '2024-06-30', precision: 'month' as const };
    expect(planTargetWrite({ current: endOf2023, baseline: '2023-12-31' }, next, null, 'targetReason').errors).toEqual({ targetReason: 'validation.target_reason_required' });
    expect(planTargetWrite({ current: endOf2023, baseline: '2023-12-31' }, next, '   ', 'completionReason').errors).toEqual({ completionReason: 'validation.target_reason_required' });
    expect(planTargetWrite({ current: endOf2023, baseline: '2023-12-31' }, next, ' 征迁滞后 ', 'targetReason')).toEqual({ write: { kind: 'revision', reason: '征迁滞后' }, errors: {} });
  });

  test('withdrawing a target, or giving one back after it was withdrawn, is a revision too', () => {
    expect(planTargetWrite({ current: endOf2023, baseline: '2023-12-31' }, { date: null, precision: 'day' }, null, 'r').errors).toEqual({ r: 'validation.target_reason_required' });
    expect(planTargetWrite({ current: { date: null, precision: 'day' }, baseline: '2023-12-31' }, endOf2023, null, 'r').errors).toEqual({ r: 'validation.target_reason_required' });
  });

  test('only the precision changing (2024 → December 2024, the same day) is a revision', () => {
    expect(planTargetWrite({ current: { date: '2024-12-31', precision: 'year' }, baseline: '2024-12-31' }, { date: '2024-12-31', precision: 'month' }, null, 'r').errors)
      .toEqual({ r: 'validation.target_reason_required' });
  });
});

describe('targetHistory: the story of one target', () => {
  test('baseline end of 2023, put back twice and brought forward once', () => {
    const h = targetHistory({ date: '2023-12-31', precision: 'year' }, { date: '2024-06-30', precision: 'month' }, [
      rev(3, '2024-02-01', '2024-03-31', '材料到货晚'),
      rev(5, '2024-04-10', '2024-09-30', '征迁扫尾滞后'),
      rev(8, '2024-05-02', '2024-06-30', '加派施工队', 'month'),
    ]);
    // 2023-12-31 → 2024-03-31: 31 + 29 + 31 = 91 days; → 2024-09-30: 30 + 31 + 30 + 31 + 31 + 30 = 183; back to 06-30: −92
    expect(h.steps.map((s) => [s.direction, s.daysMoved, s.from.date, s.to.date])).toEqual([
      ['later', 91, '2023-12-31', '2024-03-31'],
      ['later', 183, '2024-03-31', '2024-09-30'],
      ['earlier', -92, '2024-09-30', '2024-06-30'],
    ]);
    expect(h.postponements).toBe(2);
    // 2023-12-31 → 2024-06-30: 31 + 29 + 31 + 30 + 31 + 30 = 182
    expect(h.daysMoved).toBe(182);
    expect(h.baseline).toEqual({ date: '2023-12-31', precision: 'year' });
  });

  test('revisions are told in the order they were made, whatever order they come in', () => {
    const h = targetHistory({ date: '2024-01-31', precision: 'day' }, { date: '2024-03-31', precision: 'day' }, [rev(9, '2024-01-20', '2024-03-31', 'b'), rev(4, '2024-01-10', '2024-02-29', 'a')]);
    expect(h.steps.map((s) => s.reason)).toEqual(['a', 'b']);
    expect(h.steps[1]!.from.date).toBe('2024-02-29');
  });

  test('a target never changed has no steps, and a row from before baselines were kept counts its target as the baseline', () => {
    expect(targetHistory(null, { date: '2025-12-31', precision: 'month' }, [])).toEqual({
      baseline: { date: '2025-12-31', precision: 'month' }, current: { date: '2025-12-31', precision: 'month' }, steps: [], postponements: 0, daysMoved: 0,
    });
  });
});

describe('slipsByPeriod: the variance report', () => {
  test('postponements and withdrawals by the quarter they were recorded in, newest quarter first; earlier dates and future records left out', () => {
    const a = targetHistory({ date: '2023-12-31', precision: 'year' }, { date: '2024-09-30', precision: 'day' }, [
      rev(1, '2023-11-20', '2024-03-31', '一'), rev(2, '2024-02-15', '2024-09-30', '二'),
    ]);
    const b = targetHistory({ date: '2024-06-30', precision: 'day' }, { date: null, precision: 'day' }, [
      rev(3, '2024-01-05', '2024-05-31', '提前'), rev(4, '2024-03-31', null, '暂停'), rev(6, '2024-07-01', '2025-01-31', '以后的事'),
    ]);
    const out = slipsByPeriod([{ key: 'a', history: a }, { key: 'b', history: b }], '2024-06-30');
    expect(out.map((p) => [p.period.year, p.period.quarter, p.slips.map((s) => `${s.key}:${s.reason}`), p.daysMoved])).toEqual([
      // 2024-03-31 → 2024-09-30: 30 + 31 + 30 + 31 + 31 + 30 = 183; a withdrawal moves no days
      [2024, 1, ['a:二', 'b:暂停'], 183],
      // 2023-12-31 → 2024-03-31: 91
      [2023, 4, ['a:一'], 91],
    ]);
  });

  test('periodOf: calendar quarters with their first and last days', () => {
    expect(periodOf('2024-02-29')).toEqual({ year: 2024, quarter: 1, from: '2024-01-01', to: '2024-03-31' });
    expect(periodOf('2026-11-26')).toEqual({ year: 2026, quarter: 4, from: '2026-10-01', to: '2026-12-31' });
    expect(periodOf('2025-06-30').to).toBe('2025-06-30');
    expect(periodOf('2025-07-01').quarter).toBe(3);
  });
});

describe('lateness against the original and the current target', () => {
  /** Batch 1: original target end of 2023, now end of June 2024; 100 households; one building at structure. */
  const snap = (over: Parameters<typeof batch>[2] = {}) => {
    const s = emptySnapshot();
    s.projects = [project(1)];
    s.batches = [batch(1, 1, {
      targetDeliveryDate: '2024-06-30', targetPrecision: 'month', baselineTargetDate: '2023-12-31', baselineTargetPrecision: 'year', households: 100, ...over,
    })];
    s.buildings = [building(1, 1, 'structure', 1000, '2023-06-01')];
    s.milestones = [{ id: 1, buildingId: 1, stage: 'structure', date: '2023-06-01', kind: 'actual', sourceId: null, note: null, isCorrection: false, correctionReason: null }];
    return s;
  };

  test('on 2024-03-01 it is on track for the current target and 61 days overdue against the original', () => {
    const d = computeSnapshotFigures(snap(), settings('2024-03-01')).batches.get(1)!.deadline;
    expect({ status: d.status, daysLate: d.daysLate }).toEqual({ status: 'on_track', daysLate: 0 });
    // 2023-12-31 → 2024-03-01: 31 (January) + 29 (February 2024) + 1
    expect(d.original).toEqual({ targetDate: '2023-12-31', targetPrecision: 'year', status: 'overdue', daysLate: 61 });
  });

  test('delivered on 2024-05-15: on time for the current target, 136 days late against the original', () => {
    const d = computeSnapshotFigures(snap({ actualDeliveryDate: '2024-05-15' }), settings('2024-06-01')).batches.get(1)!.deadline;
    expect({ status: d.status, daysLate: d.daysLate }).toEqual({ status: 'delivered', daysLate: 0 });
    // 31 + 29 + 31 + 30 + 15
    expect(d.original).toMatchObject({ status: 'delivered', daysLate: 136 });
  });

  test('on 2024-08-01 it is 32 days overdue for the current target and 214 for the original', () => {
    const d = computeSnapshotFigures(snap(), settings('2024-08-01')).batches.get(1)!.deadline;
    // 2024-06-30 → 2024-08-01: 1 + 31; 2023-12-31 → 2024-08-01: 182 + 32
    expect([d.status, d.daysLate, d.original?.status, d.original?.daysLate]).toEqual(['overdue', 32, 'overdue', 214]);
  });

  test('the cost of delay runs from the original target, which a later revision does not excuse', () => {
    const s = computeSnapshotFigures(snap(), settings('2024-03-01', { monthlyAllowanceYuanPerHousehold: 1000 })).batches.get(1)!;
    // 61 days = 61 / 30.4375 months = 2.0041 months; 100 households × 1000 yuan × 2.0041 = 200,410.68
    expect(s.costOfDelay).toEqual({ monthsLate: 2, costYuan: 200411 });
  });

  test('a target never revised is its own original', () => {
    const d = computeSnapshotFigures(snap({ baselineTargetDate: '2024-06-30', baselineTargetPrecision: 'month' }), settings('2024-03-01')).batches.get(1)!.deadline;
    expect(d.original).toEqual({ targetDate: '2024-06-30', targetPrecision: 'month', status: 'on_track', daysLate: 0 });
  });

  test('a project\'s planned completion is judged against its baseline too', () => {
    const s = emptySnapshot();
    s.projects = [project(1, { plannedCompletion: '2026-06-30', plannedCompletionPrecision: 'month', baselineCompletion: '2025-12-31', baselineCompletionPrecision: 'month' })];
    const d = computeSnapshotFigures(s, settings('2026-01-10')).projects.get(1)!.deadline;
    expect([d.status, d.original?.status, d.original?.daysLate]).toEqual(['on_track', 'overdue', 10]);
  });
});

describe('nothing estimated counts as done', () => {
  test('only a confirmed date on or before the day counts', () => {
    expect(countsAsDone('confirmed', '2024-05-01', '2024-05-01')).toBe(true);
    expect(countsAsDone('confirmed', '2024-05-02', '2024-05-01')).toBe(false);
    expect(countsAsDone('estimated', '2024-01-01', '2024-05-01')).toBe(false);
    expect(countsAsDone('planned', '2024-01-01', '2024-05-01')).toBe(false);
    expect(countsAsDone('confirmed', null, '2024-05-01')).toBe(false);
  });

  test('a forecast of completion already passed does not deliver a batch: it is overdue', () => {
    expect(deadlineStatus({ targetDate: '2024-03-31', deliveredOn: null, forecastDate: '2024-02-01', asOf: '2024-05-01' })).toEqual({ status: 'overdue', daysLate: 31 });
  });
});

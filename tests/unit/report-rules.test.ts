// The rules for what staff submit (src/domain/rules.ts): each returns { field: message key }.
import { checkReportInput, inOrder, notInFuture, type FieldErrors, type ReportInput } from '../../src/domain/rules';
import { report as reportEntity } from './snapshot-builder';

const input = (over: Partial<ReportInput> = {}): ReportInput => ({
  asOf: '2024-03-01', plannedAreaM2: null, startedAreaM2: null, deliveredAreaM2: null, householdsEntitled: null,
  householdsReturned: null, peopleEntitled: null, peopleReturned: null, isCorrection: false, correctionReason: null, ...over,
});

describe('notInFuture: nothing dated after asOf', () => {
  test('a date after asOf is refused; on asOf and before it is fine', () => {
    const e: FieldErrors = {};
    notInFuture(e, 'date', '2024-03-02', '2024-03-01');
    expect(e).toEqual({ date: 'validation.future' });
    const ok: FieldErrors = {};
    notInFuture(ok, 'date', '2024-03-01', '2024-03-01');
    notInFuture(ok, 'date', '2020-01-01', '2024-03-01');
    notInFuture(ok, 'date', null, '2024-03-01');
    expect(ok).toEqual({});
  });

  test('a field that already has an error keeps its first message', () => {
    const e: FieldErrors = { date: 'validation.date' };
    notInFuture(e, 'date', '2099-01-01', '2024-03-01');
    expect(e).toEqual({ date: 'validation.date' });
  });
});

describe('inOrder: a later date may not come before an earlier one', () => {
  test('completion before start is an error on the later field, naming the earlier one', () => {
    const e: FieldErrors = {};
    inOrder(e, 'actualStart', '2024-05-01', 'actualCompletion', '2024-04-30');
    expect(e).toEqual({ actualCompletion: 'validation.date_order|actualStart' });
  });

  test('the same day, the right order, or a missing date: no error; an existing error is kept', () => {
    const e: FieldErrors = {};
    inOrder(e, 'a', '2024-05-01', 'b', '2024-05-01');
    inOrder(e, 'a', '2024-05-01', 'b', '2024-06-01');
    inOrder(e, 'a', null, 'b', '2020-01-01');
    inOrder(e, 'a', '2024-05-01', 'b', null);
    expect(e).toEqual({});
    const kept: FieldErrors = { b: 'validation.date' };
    inOrder(kept, 'a', '2024-05-01', 'b', '2024-01-01');
    expect(kept).toEqual({ b: 'validation.date' });
  });
});

describe('checkReportInput', () => {
  test('delivered ≤ started ≤ planned, each error on the larger figure, naming the limit', () => {
    expect(checkReportInput(input({ plannedAreaM2: 100, startedAreaM2: 101 }), [], '2024-03-01')).toEqual({ startedAreaM2: 'validation.not_above|plannedAreaM2' });
    expect(checkReportInput(input({ startedAreaM2: 50, deliveredAreaM2: 51 }), [], '2024-03-01')).toEqual({ deliveredAreaM2: 'validation.not_above|startedAreaM2' });
    expect(checkReportInput(input({ plannedAreaM2: 60, deliveredAreaM2: 61 }), [], '2024-03-01')).toEqual({ deliveredAreaM2: 'validation.not_above|plannedAreaM2' });
    // equal is allowed: everything planned has started and been delivered
    expect(checkReportInput(input({ plannedAreaM2: 100, startedAreaM2: 100, deliveredAreaM2: 100 }), [], '2024-03-01')).toEqual({});
  });

  test('returned ≤ entitled, for people and for households', () => {
    expect(checkReportInput(input({ peopleEntitled: 10, peopleReturned: 11 }), [], '2024-03-01')).toEqual({ peopleReturned: 'validation.not_above|peopleEntitled' });
    expect(checkReportInput(input({ householdsEntitled: 3, householdsReturned: 4 }), [], '2024-03-01')).toEqual({ householdsReturned: 'validation.not_above|householdsEntitled' });
    expect(checkReportInput(input({ peopleEntitled: 10, peopleReturned: 10, householdsEntitled: 3, householdsReturned: 3 }), [], '2024-03-01')).toEqual({});
  });

  test('a report dated after asOf is refused on its date', () => {
    expect(checkReportInput(input({ asOf: '2024-03-02', startedAreaM2: 1 }), [], '2024-03-01')).toEqual({ asOf: 'validation.future' });
  });

  test('a report with no figure at all is refused (on the first figure field)', () => {
    expect(checkReportInput(input(), [], '2024-03-01')).toEqual({ startedAreaM2: 'validation.report_empty' });
    // any one figure is enough, the entitled ones and the planned area included
    for (const f of ['plannedAreaM2', 'deliveredAreaM2', 'householdsEntitled', 'householdsReturned', 'peopleEntitled', 'peopleReturned'] as const) {
      expect(checkReportInput(input({ [f]: 0 }), [], '2024-03-01')).toEqual({});
    }
  });

  test('a correction needs its reason', () => {
    expect(checkReportInput(input({ startedAreaM2: 5, isCorrection: true, correctionReason: null }), [], '2024-03-01')).toEqual({ correctionReason: 'validation.correction_reason' });
    expect(checkReportInput(input({ startedAreaM2: 5, isCorrection: true, correctionReason: '录入错误' }), [], '2024-03-01')).toEqual({});
  });

  test('a cumulative figure below the previous report is refused, unless it is a correction', () => {
    const previous = reportEntity(1, { startedAreaM2: 100, deliveredAreaM2: 50, householdsReturned: 20, peopleReturned: 60 });
    expect(checkReportInput(input({ startedAreaM2: 99, deliveredAreaM2: 49, householdsReturned: 19, peopleReturned: 59 }), [previous], '2024-03-01')).toEqual({
      startedAreaM2: 'validation.cumulative_fell', deliveredAreaM2: 'validation.cumulative_fell', householdsReturned: 'validation.cumulative_fell', peopleReturned: 'validation.cumulative_fell',
    });
    expect(checkReportInput(input({ startedAreaM2: 100, deliveredAreaM2: 50, householdsReturned: 20, peopleReturned: 60 }), [previous], '2024-03-01')).toEqual({});
    expect(checkReportInput(input({ startedAreaM2: 1, isCorrection: true, correctionReason: '更正' }), [previous], '2024-03-01')).toEqual({});
    // a figure the previous report did not give, or this one leaves out, is not compared
    expect(checkReportInput(input({ startedAreaM2: 1 }), [reportEntity(1, { deliveredAreaM2: 50 })], '2024-03-01')).toEqual({});
    expect(checkReportInput(input({ deliveredAreaM2: 60 }), [previous], '2024-03-01')).toEqual({});
  });

  test('each figure is checked against the last earlier report that gives it, not merely the last report', () => {
    // 2023-11-08 gives 100 started and 60 people; 2024-01-10 gives only 120 started
    const others = [reportEntity(1, { asOf: '2023-11-08', startedAreaM2: 100, peopleReturned: 60 }), reportEntity(2, { asOf: '2024-01-10', startedAreaM2: 120 })];
    expect(checkReportInput(input({ peopleReturned: 59 }), others, '2024-03-01')).toEqual({ peopleReturned: 'validation.cumulative_fell' });
    expect(checkReportInput(input({ startedAreaM2: 110 }), others, '2024-03-01')).toEqual({ startedAreaM2: 'validation.cumulative_fell' });
    expect(checkReportInput(input({ startedAreaM2: 120, peopleReturned: 60 }), others, '2024-03-01')).toEqual({});
  });

  test('of two reports of one date the later made is the previous one (a same-day correction counts)', () => {
    const others = [reportEntity(1, { asOf: '2024-01-10', startedAreaM2: 200 }), reportEntity(2, { asOf: '2024-01-10', startedAreaM2: 150, isCorrection: true, correctionReason: '更正' })];
    expect(checkReportInput(input({ startedAreaM2: 160 }), others, '2024-03-01')).toEqual({});
    expect(checkReportInput(input({ startedAreaM2: 149 }), others, '2024-03-01')).toEqual({ startedAreaM2: 'validation.cumulative_fell' });
    // given out of date order, the dates still decide
    expect(checkReportInput(input({ startedAreaM2: 160 }), [reportEntity(3, { asOf: '2024-02-01', startedAreaM2: 170 }), ...others], '2024-03-01')).toEqual({ startedAreaM2: 'validation.cumulative_fell' });
  });

  test('a back-dated report cannot be above the next later report that gives the figure', () => {
    // reports of 2024-01-10 (100) and 2024-06-30 (300, people 40); a report of 2024-03-01 sits between
    const others = [reportEntity(1, { asOf: '2024-01-10', startedAreaM2: 100 }), reportEntity(2, { asOf: '2024-06-30', startedAreaM2: 300, peopleReturned: 40 })];
    expect(checkReportInput(input({ startedAreaM2: 301 }), others, '2024-12-01')).toEqual({ startedAreaM2: 'validation.cumulative_above_next' });
    expect(checkReportInput(input({ peopleReturned: 41 }), others, '2024-12-01')).toEqual({ peopleReturned: 'validation.cumulative_above_next' });
    expect(checkReportInput(input({ startedAreaM2: 100 }), others, '2024-12-01')).toEqual({});
    expect(checkReportInput(input({ startedAreaM2: 300, peopleReturned: 40 }), others, '2024-12-01')).toEqual({});
    expect(checkReportInput(input({ startedAreaM2: 99 }), others, '2024-12-01')).toEqual({ startedAreaM2: 'validation.cumulative_fell' });
    // a report of the same date as the later one is after it, not before
    expect(checkReportInput(input({ asOf: '2024-06-30', startedAreaM2: 250 }), others, '2024-12-01')).toEqual({ startedAreaM2: 'validation.cumulative_fell' });
    // a correction with its reason may do either
    expect(checkReportInput(input({ startedAreaM2: 400, isCorrection: true, correctionReason: '补录' }), others, '2024-12-01')).toEqual({});
  });

  test('the first problem of a field wins: a figure above its limit is not also reported as fallen', () => {
    const previous = reportEntity(1, { startedAreaM2: 200 });
    expect(checkReportInput(input({ plannedAreaM2: 100, startedAreaM2: 150 }), [previous], '2024-03-01')).toEqual({ startedAreaM2: 'validation.not_above|plannedAreaM2' });
  });
});

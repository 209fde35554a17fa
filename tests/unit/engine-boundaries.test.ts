// The edges of the engine's rules: where "at most" includes the limit, what is left out when a figure
// is missing, and which denominator a rate is checked against. Expected values are worked by hand.
import { checkReport, checkSeries } from '../../src/domain/consistency';
import { summariseReports } from '../../src/domain/report-summary';
import { computeScopeFigures, projectArea, ratio, sumAreas, tallyProgress } from '../../src/domain/progress';
import { historyFromChanges } from '../../src/domain/history';
import { forecastCompletion } from '../../src/domain/forecast';
import { compareItemised } from '../../src/domain/itemised-vs-reported';
import { tallyAsOf } from '../../src/domain/tally';
import { itemisedArea } from '../../src/domain/progress';
import { costOfDelay, deadlineStatus } from '../../src/domain/deadlines';
import { impliedDenominator, rateInterval } from '../../src/domain/rate-interval';
import { validateStageWeights } from '../../src/domain/stages';
import { passwordProblems, isLocked } from '../../src/domain/password-policy';
import { DEFAULT_STAGE_WEIGHTS as W, type StageWeights } from '../../src/domain/types';
import { building, changesOf, report, scope, tallyOf } from './facts';
import { report as reportEntity } from './snapshot-builder';

describe('consistency of a report with itself', () => {
  test('quantities exactly at their limit are possible: started = planned, delivered = started, returned = entitled', () => {
    const r = report({ plannedAreaM2: 100, startedAreaM2: 100, deliveredAreaM2: 100, peopleEntitled: 50, peopleReturned: 50, householdsEntitled: 20, householdsReturned: 20 });
    expect(checkReport(r)).toEqual([]);
  });

  test('one unit over is impossible, each named with its figures', () => {
    expect(checkReport(report({ plannedAreaM2: 100, startedAreaM2: 101 }))).toEqual([{ code: 'started_exceeds_planned', severity: 'warning', started: 101, planned: 100 }]);
    expect(checkReport(report({ startedAreaM2: 100, deliveredAreaM2: 101 }))).toEqual([{ code: 'delivered_exceeds_started', severity: 'warning', delivered: 101, started: 100 }]);
    expect(checkReport(report({ householdsEntitled: 20, householdsReturned: 21 }))).toEqual([{ code: 'returned_exceeds_entitled', severity: 'warning', unit: 'households', returned: 21, entitled: 20 }]);
    expect(checkReport(report({ peopleEntitled: 5, peopleReturned: 6 }))).toEqual([{ code: 'returned_exceeds_entitled', severity: 'warning', unit: 'people', returned: 6, entitled: 5 }]);
  });

  test('a missing quantity is not compared: no finding either way', () => {
    expect(checkReport(report({ startedAreaM2: 101 }))).toEqual([]);
    expect(checkReport(report({ deliveredAreaM2: 101, plannedAreaM2: 100 }))).toEqual([]); // no started area to compare with
    expect(checkReport(report({ peopleReturned: 9 }))).toEqual([]);
  });

  test('the return rate is checked against people when people are given, else against households', () => {
    // households only: 18 / 20 = 90 %, published 90 % → matches
    expect(checkReport(report({ householdsEntitled: 20, householdsReturned: 18, publishedReturnRate: 0.9 }))).toEqual([
      { code: 'rate_matches', severity: 'ok', field: 'returnRate', computed: 0.9, published: 0.9, interval: rateInterval(0.9) },
    ]);
    // people given too (45 / 50 = 90 %) while households say 50 %: the people are what is checked
    expect(checkReport(report({ peopleEntitled: 50, peopleReturned: 45, householdsEntitled: 20, householdsReturned: 10, publishedReturnRate: 0.9 }))[0]).toMatchObject({ code: 'rate_matches', computed: 0.9 });
    // only the people returned: the published rate implies how many people were entitled
    expect(checkReport(report({ peopleReturned: 108_700, publishedReturnRate: 0.96 }))).toEqual([
      { code: 'implied_denominator', severity: 'ok', field: 'returnRate', denominator: 'peopleEntitled', ...impliedDenominator(108_700, 0.96) },
    ]);
    // only the people entitled, and households returned: people are chosen, and their quantity is missing
    expect(checkReport(report({ peopleEntitled: 100, householdsReturned: 10, householdsEntitled: 20, publishedReturnRate: 0.5 }))).toEqual([]);
    // households returned alone: households are the denominator the rate implies
    expect(checkReport(report({ householdsReturned: 10, publishedReturnRate: 0.5 }))[0]).toMatchObject({ code: 'implied_denominator', denominator: 'householdsEntitled' });
  });

  test('a rate with nothing to check it against, or a zero denominator, gives no finding', () => {
    expect(checkReport(report({ publishedStartRate: 0.96 }))).toEqual([]);
    expect(checkReport(report({ plannedAreaM2: 0, startedAreaM2: 0, publishedStartRate: 0.96 }))).toEqual([]);
  });

  test('both area rates without a planned area: one agreement finding for the pair, no separate implied areas', () => {
    // 495 m² at 50 % (0.495–0.505) implies 980.2–1,000 m²; 305 m² at 30 % (0.295–0.305) implies 1,000–1,033.9 m².
    // The two intervals touch at exactly 1,000 m²: both rates can be right.
    const findings = checkReport(report({ startedAreaM2: 495, deliveredAreaM2: 305, publishedStartRate: 0.5, publishedDeliveryRate: 0.3 }));
    expect(findings).toEqual([{ code: 'denominators_agree', severity: 'ok', fields: ['startRate', 'deliveryRate'], min: 1000, max: 1000 }]);
  });

  test('intervals that miss each other disagree, and say both', () => {
    // 310 m² at 30 % implies 1,016.4–1,050.8 m², above the 980.2–1,000 m² of the start rate
    const findings = checkReport(report({ startedAreaM2: 495, deliveredAreaM2: 310, publishedStartRate: 0.5, publishedDeliveryRate: 0.3 }));
    expect(findings).toEqual([{
      code: 'denominators_disagree', severity: 'warning', fields: ['startRate', 'deliveryRate'],
      intervals: [impliedDenominator(495, 0.5), impliedDenominator(310, 0.3)],
    }]);
  });

  test('only one area rate: its implied planned area', () => {
    expect(checkReport(report({ deliveredAreaM2: 305, publishedDeliveryRate: 0.3 }))).toEqual([
      { code: 'implied_denominator', severity: 'ok', field: 'deliveryRate', denominator: 'plannedAreaM2', ...impliedDenominator(305, 0.3) },
    ]);
  });
});

describe('series of reports', () => {
  test('reports of the same day are taken in the order they were entered (by id)', () => {
    // id 1 says 200, id 2 (entered later, same day) says 100: a fall from 200 to 100
    const findings = checkSeries([report({ id: 2, asOf: '2024-01-01', startedAreaM2: 100 }), report({ id: 1, asOf: '2024-01-01', startedAreaM2: 200 })]);
    expect(findings).toEqual([{ code: 'cumulative_fell', severity: 'warning', field: 'startedAreaM2', fromReportId: 1, toReportId: 2, from: 200, to: 100 }]);
  });

  test('the summary\'s latest report is the last by date, then by id, whatever the input order', () => {
    const a = reportEntity(5, { asOf: '2024-03-01', startedAreaM2: 10 });
    const b = reportEntity(3, { asOf: '2024-03-01', startedAreaM2: 20 });
    const c = reportEntity(9, { asOf: '2024-01-01', startedAreaM2: 5 });
    expect(summariseReports([a, c, b])!.latest.id).toBe(5);
    expect(summariseReports([c, b, a])!.latest.id).toBe(5);
    expect(summariseReports([])).toBeNull();
  });

  test('the summary computes the latest report\'s own rates; the return rate from people, else households', () => {
    const r = reportEntity(1, { plannedAreaM2: 200, startedAreaM2: 150, deliveredAreaM2: 50, householdsEntitled: 40, householdsReturned: 30 });
    expect(summariseReports([r])!.computed).toEqual({ startRate: 0.75, deliveryRate: 0.25, returnRate: 0.75 });
    const p = reportEntity(1, { peopleEntitled: 10, peopleReturned: 9, householdsEntitled: 40, householdsReturned: 10 });
    expect(summariseReports([p])!.computed.returnRate).toBe(0.9);
  });
});

describe('areas and progress', () => {
  test('buildings whose areas add up exactly to the planned floor area are the itemised whole', () => {
    expect(projectArea(30_000, tallyOf([building('delivered', 10_000), building('planned', 20_000)]), { started: true, delivered: false }))
      .toEqual({ plannedAreaM2: 30_000, startedAreaM2: 10_000, deliveredAreaM2: 10_000, plannedAreaBasis: 'buildings', areaPartial: false });
  });

  test('a project below its planned area: started and delivered count only buildings of known area in those stages', () => {
    const a = projectArea(50_000, tallyOf([building('planned', 10_000), building('delivered', null), building('structure', 5_000)]), { started: true, delivered: false });
    expect([a.startedAreaM2, a.deliveredAreaM2]).toEqual([5_000, 0]);
  });

  test('aggregates of one kind keep that kind; of two, "mixed"', () => {
    const b = projectArea(null, tallyOf([building('structure', 100)]), { started: false, delivered: false });
    const p = projectArea(500, tallyOf([]), { started: false, delivered: false });
    expect(sumAreas([b, b]).plannedAreaBasis).toBe('buildings');
    expect(sumAreas([p, p]).plannedAreaBasis).toBe('project');
    expect(sumAreas([b, p]).plannedAreaBasis).toBe('mixed');
  });

  test('ratio: null for a missing numerator, a missing or zero denominator', () => {
    expect([ratio(null, 4), ratio(1, null), ratio(1, 0), ratio(0, 4)]).toEqual([null, null, null, 0]);
  });

  test('progress by area only when the total known area is positive; all-zero areas count by buildings', () => {
    expect(tallyProgress(tallyOf([{ floorAreaM2: 0, stage: 'delivered' }, { floorAreaM2: 0, stage: 'planned' }]), W)).toEqual({ progress: 0.5, basis: 'buildings' });
    expect(tallyProgress(tallyOf([]), W)).toEqual({ progress: null, basis: 'none' });
  });

  test('buildings started counts every stage past planned, delivered included', () => {
    const f = computeScopeFigures(scope({ buildings: [building('planned', 1), building('foundation', 1), building('delivered', 1)] }), W);
    expect([f.buildingsStarted, f.buildingsDelivered, f.buildingCount]).toEqual([2, 1, 3]);
  });

  test('history starts every building at the planned weight: with planned weighted 10, a building still planned counts 10', () => {
    const weights: StageWeights = { ...W, planned: 10 };
    const b = { id: 1, floorAreaM2: 100, stage: 'structure' as const };
    const ev = [{ buildingId: 1, stage: 'structure' as const, date: '2024-01-01' }];
    // one building: planned (10) until 2024-01-01, then structure (35) → 0.35 after that day
    expect(historyFromChanges(changesOf([b], ev), weights, '2024-06-01', 'area')).toEqual([{ date: '2024-01-01', progress: 0.35 }]);
    // two buildings, one still planned: (10 + 35) / 2 / 100 = 0.225
    const h = historyFromChanges(changesOf([b, { id: 2, floorAreaM2: 100, stage: 'planned' }], ev), weights, '2024-06-01', 'area');
    expect(h[0]!.progress).toBeCloseTo(0.225, 12);
    expect(historyFromChanges([], W, '2024-06-01', 'area')).toEqual([]);
    expect(historyFromChanges(changesOf([b], ev), W, '2024-06-01', 'none')).toEqual([]);
  });
});

describe('forecast edges', () => {
  test('a flat line (slope 0) gives no forecast; noisy points are fitted by least squares', () => {
    expect(forecastCompletion([{ date: '2024-01-01', progress: 0.5 }, { date: '2024-02-01', progress: 0.5 }, { date: '2024-03-01', progress: 0.5 }], '2024-06-01'))
      .toEqual({ kind: 'none', reason: 'no_progress' });
    // points (0, 0.2), (30, 0.1), (60, 0.6) (days, progress): mean x 30, mean y 0.3; sxy = −30·(−0.1) + 0 + 30·0.3 = 12; sxx = 1800;
    // slope 1/150 per day; intercept 0.3 − 30/150 = 0.1; 100 % at x = 0.9 × 150 = 135 → 2024-01-01 + 135 days = 2024-05-15
    const f = forecastCompletion([{ date: '2024-01-01', progress: 0.2 }, { date: '2024-01-31', progress: 0.1 }, { date: '2024-03-01', progress: 0.6 }], '2024-06-01');
    expect(f).toMatchObject({ kind: 'forecast', date: '2024-05-15' });
    if (f.kind === 'forecast') expect(f.ratePerDay).toBeCloseTo(1 / 150, 12);
  });

  test('a forecast exactly a century away is still a forecast; beyond it there is none', () => {
    // 0 → 0.01 over 100 days: 1 % per 100 days, 100 % at day 10,000 (36,525 days is the limit)
    expect(forecastCompletion([{ date: '2024-01-01', progress: 0 }, { date: '2024-02-20', progress: 0.005 }, { date: '2024-04-10', progress: 0.01 }], '2024-06-01').kind).toBe('forecast');
    // 0 → 0.0001 over 100 days: 100 % after a million days
    expect(forecastCompletion([{ date: '2024-01-01', progress: 0 }, { date: '2024-02-20', progress: 0.00005 }, { date: '2024-04-10', progress: 0.0001 }], '2024-06-01'))
      .toEqual({ kind: 'none', reason: 'no_progress' });
  });
});

describe('itemised against reported', () => {
  const area = { plannedAreaM2: 1000, startedAreaM2: 1000, deliveredAreaM2: 0, plannedAreaBasis: 'buildings' as const, areaPartial: false };
  test('at the edges of the rounding: a reported 1,000 stands for 500–1,500, both ends included', () => {
    // 1,000 is rounded to the thousand: it stands for 500–1,500. 1,500 agrees, 1,501 does not; 500 agrees, 499 does not.
    const check = (itemised: number) => compareItemised({ area: { ...area, plannedAreaM2: itemised }, changes: [] }, report({ plannedAreaM2: 1000 }))[0]!.code;
    expect([check(1500), check(1501), check(500), check(499)]).toEqual(['itemised_agrees', 'itemised_differs', 'itemised_agrees', 'itemised_differs']);
  });

  test('a building of unknown area makes the dated sums unknown', () => {
    const ev = [{ buildingId: 1, stage: 'delivered' as const, date: '2024-01-01' }];
    const unknown = itemisedArea(tallyAsOf(changesOf([{ id: 1, floorAreaM2: 100, stage: 'delivered' }, { id: 2, floorAreaM2: null, stage: 'planned' }], ev), '2024-06-01'));
    expect([unknown.startedAreaM2, unknown.deliveredAreaM2]).toEqual([null, null]);
    const changes = changesOf([{ id: 1, floorAreaM2: 100, stage: 'delivered' }, { id: 2, floorAreaM2: 50, stage: 'planned' }], ev);
    const on = (d: string) => itemisedArea(tallyAsOf(changes, d));
    expect([on('2024-06-01').startedAreaM2, on('2024-06-01').deliveredAreaM2, on('2023-12-31').startedAreaM2]).toEqual([100, 100, 0]);
  });
});

describe('deadlines and the cost of delay, at their edges', () => {
  test('a delivery on asOf itself counts; a forecast on the target day is on track, a day later at risk', () => {
    expect(deadlineStatus({ targetDate: '2024-06-30', deliveredOn: '2024-06-01', forecastDate: null, asOf: '2024-06-01' })).toEqual({ status: 'delivered', daysLate: 0 });
    expect(deadlineStatus({ targetDate: '2024-06-30', deliveredOn: '2024-06-02', forecastDate: null, asOf: '2024-06-01' }).status).toBe('on_track');
    expect(deadlineStatus({ targetDate: '2024-06-30', deliveredOn: null, forecastDate: '2024-06-30', asOf: '2024-06-01' }).status).toBe('on_track');
    expect(deadlineStatus({ targetDate: '2024-06-30', deliveredOn: null, forecastDate: '2024-07-01', asOf: '2024-06-01' }).status).toBe('at_risk');
  });

  test('no cost on the target day itself; one day late costs one day\'s share', () => {
    const base = { householdsNotReturned: 100, monthlyAllowanceYuanPerHousehold: 1000, targetDate: '2024-06-30', deliveredOn: null };
    expect(costOfDelay({ ...base, asOf: '2024-06-30' })).toEqual({ monthsLate: 0, costYuan: 0 });
    // 1 day = 1 / 30.4375 months; 100 × 1,000 / 30.4375 = 3,285.4 → 3,285
    expect(costOfDelay({ ...base, asOf: '2024-07-01' })).toEqual({ monthsLate: 0, costYuan: 3285 });
  });
});

describe('small rules elsewhere', () => {
  test('a published rate of 0 % implies no upper bound on the denominator; 100 % implies the quantity itself as the least', () => {
    expect(impliedDenominator(10, 0)).toEqual({ min: 10 / 0.005, max: Infinity });
    expect(impliedDenominator(10, 1)).toEqual({ min: 10, max: 10 / 0.995 });
  });

  test('a rate published with six decimals keeps them all', () => {
    expect(rateInterval(0.123456)).toEqual({ min: 0.1234555, max: 0.1234565 });
  });

  test('weights below 0 or above 100 are refused, each named', () => {
    expect(validateStageWeights({ ...W, finishing: 101, landscaping: 101, accepted: 101 })).toContain('finishing: weight must be a number from 0 to 100');
    expect(validateStageWeights({ ...W, foundation: -1 })).toContain('foundation: weight must be a number from 0 to 100');
    expect(validateStageWeights({ ...W, structure: Number.NaN })).toContain('structure: weight must be a number from 0 to 100');
    expect(validateStageWeights(W)).toEqual([]);
  });

  test('passwords: exactly 128 characters is fine, 129 too long; a repeated character is common; "same as current" only when equal', () => {
    const opts = { username: 'li', policy: 'asvs' as const, isCommon: () => false };
    expect(passwordProblems('a1B!'.repeat(32), opts)).toEqual([]);
    expect(passwordProblems(`${'a1B!'.repeat(32)}x`, opts)).toEqual(['too_long']);
    expect(passwordProblems('zzzzzzzzzzzzzz', opts)).toEqual(['common']);
    expect(passwordProblems('xzzzzzzzzzzzzz', opts)).toEqual([]);
    expect(passwordProblems('zzzzzzzzzzzzzx', opts)).toEqual([]);
    expect(passwordProblems('Correct-Horse-9', { ...opts, current: 'Correct-Horse-8' })).toEqual([]);
    expect(passwordProblems('Correct-Horse-9', { ...opts, current: 'Correct-Horse-9' })).toEqual(['same_as_current']);
    // a common word padded with digits: "dragon" + "123456" is common; a 3-letter stem is not looked up
    const common = (w: string) => w === 'dragon' || w === 'abc';
    expect(passwordProblems('dragon123456', { ...opts, isCommon: common })).toEqual(['common']);
    expect(passwordProblems('abc123456789', { ...opts, isCommon: common })).toEqual([]);
    // a username of exactly 3 characters is looked for
    expect(passwordProblems('my-wang-secret-1', { ...opts, username: 'wan' })).toEqual(['contains_username']);
  });

  test('no lock: not locked at any time', () => {
    expect(isLocked(null, new Date('2000-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('a few more edges', () => {
  test('a forecast 99 years after a year of history is a forecast (the century is counted from the last point)', () => {
    // slope 1/36,300 per day from 0 at day 0: 100 % at day 36,300, 35,935 days after the last point (day 365)
    const s = 1 / 36_300;
    const f = forecastCompletion([{ date: '2024-01-01', progress: 0 }, { date: '2024-07-01', progress: 182 * s }, { date: '2024-12-31', progress: 365 * s }], '2025-01-01');
    expect(f.kind).toBe('forecast');
  });

  test('0 of something at 0 %: the denominator is unknown from below and unbounded above, never NaN', () => {
    expect(impliedDenominator(0, 0)).toEqual({ min: 0, max: Infinity });
  });

  test('a summary without itemised data holds exactly the report\'s own findings', () => {
    const r = reportEntity(1, { plannedAreaM2: 1000, startedAreaM2: 960, publishedStartRate: 0.96 });
    expect(summariseReports([r])!.findings).toEqual(checkReport(r));
  });
});

import { costOfDelay, deadlineStatus, staleness } from '../../src/domain/deadlines';

describe('deadlineStatus', () => {
  const target = '2023-12-31';
  const judge = (deliveredOn: string | null, asOf: string, forecastDate: string | null = null) =>
    deadlineStatus({ targetDate: target, deliveredOn, forecastDate, asOf });

  it('has no status without a target', () => {
    const input = { targetDate: null, deliveredOn: '2023-05-01', forecastDate: null, asOf: '2024-01-01' };
    expect(deadlineStatus(input)).toEqual({ status: null, daysLate: null });
  });

  it('delivered on time has 0 days late', () => {
    expect(judge('2023-12-20', '2024-06-01')).toEqual({ status: 'delivered', daysLate: 0 });
    expect(judge(target, target)).toEqual({ status: 'delivered', daysLate: 0 });
  });

  it('delivered late by N days', () => {
    expect(judge('2024-03-15', '2024-06-01')).toEqual({ status: 'delivered', daysLate: 75 });
  });

  it('overdue when the target passed without delivery, counting to asOf', () => {
    expect(judge(null, '2024-06-01', '2024-09-01')).toEqual({ status: 'overdue', daysLate: 153 });
  });

  it('a delivery dated after asOf has not happened yet', () => {
    expect(judge('2024-03-15', '2024-01-10')).toEqual({ status: 'overdue', daysLate: 10 });
    expect(judge('2023-12-15', '2023-12-01')).toEqual({ status: 'on_track', daysLate: 0 });
  });

  it('at_risk when the forecast falls after the target', () => {
    const input = { targetDate: '2024-12-31', deliveredOn: null, asOf: '2024-06-01' };
    expect(deadlineStatus({ ...input, forecastDate: '2025-03-01' })).toEqual({
      status: 'at_risk',
      daysLate: 0,
    });
  });

  it('on_track with a forecast on or before the target, or no forecast, or target today', () => {
    const base = { targetDate: '2024-12-31', deliveredOn: null, asOf: '2024-06-01' };
    expect(deadlineStatus({ ...base, forecastDate: '2024-12-31' }).status).toBe('on_track');
    expect(deadlineStatus({ ...base, forecastDate: null }).status).toBe('on_track');
    expect(deadlineStatus({ ...base, forecastDate: null, asOf: '2024-12-31' }).status).toBe('on_track');
  });
});

describe('staleness', () => {
  it('is stale when nothing was ever reported', () => {
    expect(staleness(null, '2024-01-01', 90)).toEqual({
      lastReported: null,
      daysSince: null,
      stale: true,
    });
  });

  it('is fresh up to and including staleAfterDays, stale after', () => {
    expect(staleness('2023-10-03', '2024-01-01', 90)).toMatchObject({ daysSince: 90, stale: false });
    expect(staleness('2023-10-02', '2024-01-01', 90)).toMatchObject({ daysSince: 91, stale: true });
  });

  it('honours a configured period', () => {
    expect(staleness('2023-11-08', '2024-01-01', 30).stale).toBe(true);
    expect(staleness('2023-11-08', '2024-01-01', 60)).toMatchObject({ daysSince: 54, stale: false });
  });
});

describe('costOfDelay', () => {
  const base = {
    householdsNotReturned: 100,
    monthlyAllowanceYuanPerHousehold: 1500,
    targetDate: '2023-12-31',
    deliveredOn: null,
    asOf: '2024-06-01',
  };

  it('charges households × allowance × months past target, up to asOf', () => {
    // 153 days / 30.4375 = 5.0267 months
    expect(costOfDelay(base)).toEqual({ monthsLate: 5, costYuan: 754_004 });
  });

  it('stops counting at a late delivery', () => {
    // 75 days / 30.4375 = 2.4641 months
    expect(costOfDelay({ ...base, deliveredOn: '2024-03-15' })).toEqual({
      monthsLate: 2.5,
      costYuan: 369_610,
    });
  });

  it('counts to asOf when the delivery date is still in the future', () => {
    expect(costOfDelay({ ...base, deliveredOn: '2024-09-01' })).toEqual({ monthsLate: 5, costYuan: 754_004 });
  });

  it('costs nothing when not late', () => {
    expect(costOfDelay({ ...base, asOf: '2023-11-30' })).toEqual({ monthsLate: 0, costYuan: 0 });
    expect(costOfDelay({ ...base, deliveredOn: '2023-12-01' })).toEqual({ monthsLate: 0, costYuan: 0 });
  });

  it('is unknown without households, allowance or target', () => {
    expect(costOfDelay({ ...base, householdsNotReturned: null })).toBeNull();
    expect(costOfDelay({ ...base, monthlyAllowanceYuanPerHousehold: null })).toBeNull();
    expect(costOfDelay({ ...base, targetDate: null })).toBeNull();
  });

  it('is zero yuan when every household has returned, though months still count', () => {
    expect(costOfDelay({ ...base, householdsNotReturned: 0 })).toEqual({ monthsLate: 5, costYuan: 0 });
  });
});

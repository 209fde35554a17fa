import { forecastCompletion } from '../../src/domain/forecast';
import type { ProgressPoint } from '../../src/domain/types';

const line: ProgressPoint[] = [
  { date: '2023-01-01', progress: 0.1 },
  { date: '2023-01-31', progress: 0.4 },
  { date: '2023-03-02', progress: 0.7 },
];

const none = (reason: string) => ({ kind: 'none', reason });

describe('forecastCompletion', () => {
  it('extends a least-squares line to 100 %', () => {
    // 0.01 a day from 0.1 on 2023-01-01 reaches 1.0 ninety days later.
    const f = forecastCompletion(line, '2023-03-10');
    if (f.kind !== 'forecast') throw new Error('expected a forecast');
    expect(f.date).toBe('2023-04-01');
    expect(f.pointsUsed).toBe(3);
    expect(f.ratePerDay).toBeCloseTo(0.01, 12);
  });

  it('fits noisy points by least squares and accepts them in any order', () => {
    const points: ProgressPoint[] = [
      { date: '2023-03-02', progress: 0.5 },
      { date: '2023-01-01', progress: 0.2 },
      { date: '2023-01-31', progress: 0.2 },
    ];
    // slope = 0.005/day, intercept 0.15 → 170 days after 2023-01-01.
    const f = forecastCompletion(points, '2023-12-31');
    expect(f.kind === 'forecast' && f.date).toBe('2023-06-20');
  });

  it('says too_few_points with fewer than minPoints', () => {
    expect(forecastCompletion(line.slice(0, 2), '2023-12-31')).toEqual(none('too_few_points'));
    expect(forecastCompletion([], '2023-12-31')).toEqual(none('too_few_points'));
    const strict = forecastCompletion(line, '2023-12-31', { minPoints: 4 });
    expect(strict).toEqual(none('too_few_points'));
  });

  it('says too_short_span when the points cover less than minSpanDays', () => {
    const close: ProgressPoint[] = [
      { date: '2023-01-01', progress: 0.1 },
      { date: '2023-01-10', progress: 0.2 },
      { date: '2023-01-20', progress: 0.3 },
    ];
    expect(forecastCompletion(close, '2023-12-31')).toEqual(none('too_short_span'));
    expect(forecastCompletion(close, '2023-12-31', { minSpanDays: 19 }).kind).toBe('forecast');
  });

  it('says no_progress for a flat or falling line', () => {
    const flat = line.map((p) => ({ ...p, progress: 0.6 }));
    expect(forecastCompletion(flat, '2023-12-31')).toEqual(none('no_progress'));
    const falling = line.map((p, i) => ({ ...p, progress: 0.6 - i * 0.1 }));
    expect(forecastCompletion(falling, '2023-12-31')).toEqual(none('no_progress'));
  });

  it('treats a practically flat line (over a century away) as no_progress', () => {
    const crawl = line.map((p, i) => ({ ...p, progress: 0.1 + i * 1e-7 }));
    expect(forecastCompletion(crawl, '2023-12-31')).toEqual(none('no_progress'));
  });

  it('says complete once the latest point reaches 100 %', () => {
    const done = [...line, { date: '2023-04-01', progress: 1 }];
    expect(forecastCompletion(done, '2023-12-31')).toEqual(none('complete'));
  });

  it('never forecasts a date before the last point', () => {
    const points: ProgressPoint[] = [
      { date: '2023-01-01', progress: 0.5 },
      { date: '2023-01-31', progress: 0.98 },
      { date: '2023-03-02', progress: 0.99 },
    ];
    const f = forecastCompletion(points, '2023-12-31');
    expect(f.kind === 'forecast' && f.date).toBe('2023-03-02');
  });

  it('ignores points after asOf', () => {
    const withFuture = [...line, { date: '2023-05-01', progress: 1 }];
    const f = forecastCompletion(withFuture, '2023-03-10');
    expect(f.kind === 'forecast' && f.date).toBe('2023-04-01');
    expect(forecastCompletion(line, '2023-02-15')).toEqual(none('too_few_points'));
  });

  it('uses only the points within windowDays of the last one', () => {
    const old: ProgressPoint[] = [
      { date: '2020-01-01', progress: 0.0 },
      { date: '2020-06-01', progress: 0.05 },
    ];
    const f = forecastCompletion([...old, ...line], '2023-03-10');
    expect(f).toMatchObject({ kind: 'forecast', date: '2023-04-01', pointsUsed: 3 });
    const wide = forecastCompletion([...old, ...line], '2023-03-10', { windowDays: 10_000 });
    expect(wide).toMatchObject({ kind: 'forecast', pointsUsed: 5 });
  });
});

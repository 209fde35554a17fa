import { checkSeries } from '../../src/domain/consistency';
import { report } from './facts';

describe('checkSeries', () => {
  it('finds nothing when cumulative figures only grow', () => {
    const a = report({ id: 1, asOf: '2023-01-01', startedAreaM2: 100, peopleReturned: 10 });
    const b = report({ id: 2, asOf: '2023-06-01', startedAreaM2: 100, peopleReturned: 20 });
    expect(checkSeries([b, a])).toEqual([]);
  });

  it('flags a fall between consecutive reports, sorted by date', () => {
    const a = report({ id: 1, asOf: '2023-01-01', deliveredAreaM2: 500, householdsReturned: 40 });
    const b = report({ id: 2, asOf: '2023-06-01', deliveredAreaM2: 450, householdsReturned: 45 });
    expect(checkSeries([b, a])).toEqual([
      {
        code: 'cumulative_fell',
        severity: 'warning',
        field: 'deliveredAreaM2',
        fromReportId: 1,
        toReportId: 2,
        from: 500,
        to: 450,
      },
    ]);
  });

  it('accepts a fall made by a correction', () => {
    const a = report({ id: 1, asOf: '2023-01-01', peopleReturned: 1000 });
    const b = report({ id: 2, asOf: '2023-02-01', peopleReturned: 900, isCorrection: true });
    expect(checkSeries([a, b])).toEqual([
      {
        code: 'correction',
        severity: 'ok',
        field: 'peopleReturned',
        fromReportId: 1,
        toReportId: 2,
        from: 1000,
        to: 900,
      },
    ]);
  });

  it('compares with the last report that gave the figure', () => {
    const a = report({ id: 1, asOf: '2023-01-01', startedAreaM2: 300 });
    const gap = report({ id: 2, asOf: '2023-02-01', startedAreaM2: null });
    const c = report({ id: 3, asOf: '2023-03-01', startedAreaM2: 250 });
    expect(checkSeries([a, gap, c])).toEqual([
      expect.objectContaining({
        code: 'cumulative_fell',
        field: 'startedAreaM2',
        fromReportId: 1,
        toReportId: 3,
      }),
    ]);
  });
});

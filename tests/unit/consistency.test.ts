import { checkReport } from '../../src/domain/consistency';
import { report } from './facts';

describe('checkReport: the Zhengzhou High-tech Zone report of November 2023', () => {
  const zone = report({
    startedAreaM2: 14_740_000,
    publishedStartRate: 0.96,
    deliveredAreaM2: 11_570_000,
    publishedDeliveryRate: 0.76,
    peopleReturned: 108_700,
    publishedReturnRate: 0.96,
  });
  const findings = checkReport(zone);

  it('finds that the start and delivery rates imply overlapping planned areas', () => {
    const agree = findings.find((f) => f.code === 'denominators_agree');
    expect(agree).toMatchObject({ severity: 'ok', fields: ['startRate', 'deliveryRate'] });
    if (agree?.code !== 'denominators_agree') throw new Error('expected denominators_agree');
    // start: 14.74M / 0.965 .. 14.74M / 0.955; delivery: 11.57M / 0.765 .. 11.57M / 0.755
    expect(agree.min).toBeCloseTo(15_274_611.4, 0);
    expect(agree.max).toBeCloseTo(15_324_503.3, 0);
  });

  it('says what the return rate implies about people entitled', () => {
    const implied = findings.find((f) => f.code === 'implied_denominator');
    expect(implied).toMatchObject({
      severity: 'ok',
      field: 'returnRate',
      denominator: 'peopleEntitled',
    });
    if (implied?.code !== 'implied_denominator') throw new Error('expected implied_denominator');
    expect(implied.min).toBeCloseTo(112_642.5, 0);
    expect(implied.max).toBeCloseTo(113_822.0, 0);
  });

  it('raises no warnings', () => {
    const codes = findings.map((f) => f.code).sort();
    expect(codes).toEqual(['denominators_agree', 'implied_denominator']);
  });
});

describe('checkReport: rates against quantities', () => {
  it('96 % published for quantities that make 95.6 % matches', () => {
    const input = report({ plannedAreaM2: 1000, startedAreaM2: 956, publishedStartRate: 0.96 });
    const [f] = checkReport(input);
    expect(f).toEqual({
      code: 'rate_matches',
      severity: 'ok',
      field: 'startRate',
      computed: 0.956,
      published: 0.96,
      interval: { min: 0.955, max: 0.965 },
    });
  });

  it('96 % published for quantities that make 94 % is a mismatch', () => {
    const input = report({ plannedAreaM2: 1000, deliveredAreaM2: 940, publishedDeliveryRate: 0.96 });
    expect(checkReport(input)).toEqual([
      expect.objectContaining({
        code: 'rate_mismatch',
        severity: 'warning',
        field: 'deliveryRate',
        computed: 0.94,
      }),
    ]);
  });

  it('a rate with a decimal is held to its own precision', () => {
    const at = (startedAreaM2: number) =>
      checkReport(report({ plannedAreaM2: 10_000, startedAreaM2, publishedStartRate: 0.956 }));
    const ok = at(9562);
    const off = at(9570);
    expect(ok[0]?.code).toBe('rate_matches');
    expect(off[0]?.code).toBe('rate_mismatch');
  });

  it('checks the return rate by households when people are not given', () => {
    const findings = checkReport(
      report({ householdsEntitled: 400, householdsReturned: 300, publishedReturnRate: 0.8 }),
    );
    expect(findings).toEqual([
      expect.objectContaining({ code: 'rate_mismatch', field: 'returnRate', computed: 0.75 }),
    ]);
  });

  it('says nothing when there is no published rate', () => {
    expect(checkReport(report({ plannedAreaM2: 1000, startedAreaM2: 500 }))).toEqual([]);
  });
});

describe('checkReport: implied denominators that disagree, and impossible quantities', () => {
  it('flags start and delivery rates that cannot share one planned area', () => {
    const findings = checkReport(
      report({
        startedAreaM2: 14_740_000,
        publishedStartRate: 0.96,
        deliveredAreaM2: 13_000_000,
        publishedDeliveryRate: 0.76,
      }),
    );
    const [f] = findings.filter((x) => x.code === 'denominators_disagree');
    if (f?.code !== 'denominators_disagree') throw new Error('expected denominators_disagree');
    expect(f.severity).toBe('warning');
    expect(f.intervals[0].max).toBeCloseTo(15_434_555.0, 0);
    expect(f.intervals[1].min).toBeCloseTo(16_993_464.1, 0);
  });

  it('reports the implied planned area of a lone start rate', () => {
    const findings = checkReport(report({ startedAreaM2: 96, publishedStartRate: 0.96 }));
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'implied_denominator',
        field: 'startRate',
        denominator: 'plannedAreaM2',
      }),
    ]);
  });

  it('flags delivered above started and returned above entitled', () => {
    const findings = checkReport(
      report({
        plannedAreaM2: 1000,
        startedAreaM2: 1200,
        deliveredAreaM2: 1300,
        peopleEntitled: 100,
        peopleReturned: 120,
        householdsEntitled: 30,
        householdsReturned: 31,
      }),
    );
    expect(findings).toEqual([
      { code: 'started_exceeds_planned', severity: 'warning', started: 1200, planned: 1000 },
      { code: 'delivered_exceeds_started', severity: 'warning', delivered: 1300, started: 1200 },
      {
        code: 'returned_exceeds_entitled',
        severity: 'warning',
        unit: 'people',
        returned: 120,
        entitled: 100,
      },
      {
        code: 'returned_exceeds_entitled',
        severity: 'warning',
        unit: 'households',
        returned: 31,
        entitled: 30,
      },
    ]);
  });
});

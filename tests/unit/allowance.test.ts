// The transitional allowance by a district's rules, worked out by hand month by month.
import { costOfDelayByRules, paidHouseholds, parseEscalation, ruleInForce, stepFor, type AllowanceRule } from '../../src/domain/allowance';
import type { HouseholdCounts } from '../../src/domain/households';

const rule = (over: Partial<AllowanceRule> = {}): AllowanceRule => ({
  districtId: 1, effectiveFrom: '2023-01-01', basis: 'household', amountYuan: 1200, minAreaM2: null, afterMonths: 0, multiplier: 1, paidUntil: 'handover_month', ...over,
});
const counts = (asOf: string, handedOver: number, over: Partial<HouseholdCounts> = {}): HouseholdCounts => ({
  asOf, households: 200, allocated: 200, notices: 200, handedOver, movedIn: 0, certificates: 0, ...over,
});

describe('the acceptance example of the issue', () => {
  // 200 households, original target 2024-06-30, 1,200 yuan per household per month from 2023-01-01,
  // ×1.5 from the 13th month past the target; keys: none until 2025-03-31, 120 on 2025-04-15, all 200 by 2025-07-10.
  const rules = [rule(), rule({ afterMonths: 12, multiplier: 1.5 })];
  const history = [counts('2025-03-31', 0), counts('2025-04-15', 120), counts('2025-07-10', 200)];
  const cost = costOfDelayByRules({ originalTarget: '2024-06-30', households: 200, history, rules, asOf: '2025-12-31', forecastDelivery: null })!;

  test('month by month under "paid until the end of the month of handover"', () => {
    // Jul 2024 (month 1 past the target) to Apr 2025 (month 10): no keys at the end of the month before, 200 × 1,200 = 240,000 each
    // May 2025 (11) and Jun 2025 (12): 120 had keys by the end of April / May, 80 × 1,200 = 96,000 each
    // Jul 2025 (13, ×1.5): 120 had keys by the end of June, 80 × 1,800 = 144,000
    // Aug to Dec 2025: all 200 had keys by the end of July: 0
    const expected = [
      ...['2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03', '2025-04'].map((m) => [m, 200, 240_000]),
      ['2025-05', 80, 96_000], ['2025-06', 80, 96_000], ['2025-07', 80, 144_000],
      ...['2025-08', '2025-09', '2025-10', '2025-11', '2025-12'].map((m) => [m, 0, 0]),
    ];
    expect(cost.months.map((m) => [m.month, m.households, m.yuan])).toEqual(expected);
    expect(cost.months.map((m) => m.monthPastTarget)).toEqual(Array.from({ length: 18 }, (_v, i) => i + 1));
  });

  test('the total: 10 × 240,000 + 2 × 96,000 + 144,000 = 2,736,000 yuan, nothing more to come', () => {
    expect(cost.toDateYuan).toBe(2_736_000);
    expect(cost.thisMonthYuan).toBe(0);
    expect(cost.projectedYuan).toBe(0); // every household has its keys
    expect(cost.missing).toEqual([]);
    expect(cost.rulesUsed).toEqual(['2023-01-01']);
  });
});

describe('the rule in force', () => {
  test('the steps of the latest rule effective on the first day of the month', () => {
    const old = rule({ effectiveFrom: '2020-01-01', amountYuan: 800 });
    const next = rule({ effectiveFrom: '2024-03-01', amountYuan: 1500 });
    const nextStep = rule({ effectiveFrom: '2024-03-01', amountYuan: 1500, afterMonths: 18, multiplier: 1.5 });
    expect(ruleInForce([old, next, nextStep], '2024-02')).toEqual([old]);
    expect(ruleInForce([old, next, nextStep], '2024-03')).toEqual([next, nextStep]);
    expect(ruleInForce([next], '2019-12')).toEqual([]);
  });

  test('the step with the largest "after" below the month: after 18 applies from month 19', () => {
    const steps = [rule(), rule({ afterMonths: 18, multiplier: 1.5 }), rule({ afterMonths: 24, multiplier: 2 })];
    expect([1, 18, 19, 24, 25].map((k) => stepFor(steps, k)?.multiplier)).toEqual([1, 1, 1.5, 1.5, 2]);
    expect(stepFor([rule({ afterMonths: 3 })], 3)).toBeNull(); // a rule that starts paying in month 4 pays nothing in month 3
  });

  test('a month past the target under a rule that began later is not paid, and says so by its absence', () => {
    const cost = costOfDelayByRules({ originalTarget: '2024-06-30', households: 10, history: [], rules: [rule({ effectiveFrom: '2024-09-01' })], asOf: '2024-10-15', forecastDelivery: null })!;
    // Jul and Aug 2024 have no rule; Sep and Oct: 10 × 1,200 each (no household records: none has keys, and that is said)
    expect(cost.months.map((m) => [m.month, m.yuan])).toEqual([['2024-09', 12_000], ['2024-10', 12_000]]);
    expect(cost.toDateYuan).toBe(24_000);
    expect(cost.thisMonthYuan).toBe(12_000);
    expect(cost.missing).toEqual(['household_records', 'forecast']);
  });
});

describe('who is paid in a month', () => {
  const history = [counts('2025-01-20', 50, { notices: 120 }), counts('2025-02-10', 90, { notices: 150 })];
  test('until the month of handover: keys counted by the end of the month before end the payment', () => {
    expect(paidHouseholds(history, '2025-01', 'handover_month', 200)).toBe(200);
    expect(paidHouseholds(history, '2025-02', 'handover_month', 200)).toBe(150); // 50 had keys by 31 January
    expect(paidHouseholds(history, '2025-03', 'handover_month', 200)).toBe(110);
  });
  test('until the month after the notice: notices counted by the end of the month two before', () => {
    expect(paidHouseholds(history, '2025-02', 'notice_next_month', 200)).toBe(200);
    expect(paidHouseholds(history, '2025-03', 'notice_next_month', 200)).toBe(80); // 120 notices by 31 January
    expect(paidHouseholds(history, '2025-04', 'notice_next_month', 200)).toBe(50);
  });
});

describe('per m², the projection and what is missing', () => {
  test('per m² pays the minimum area: 20 yuan × 60 m² = 1,200 per household', () => {
    const cost = costOfDelayByRules({ originalTarget: '2025-01-31', households: 3, history: [], rules: [rule({ basis: 'm2', amountYuan: 20, minAreaM2: 60 })], asOf: '2025-02-01', forecastDelivery: '2025-02-28' })!;
    expect(cost.months.map((m) => [m.month, m.yuanPerHousehold, m.yuan])).toEqual([['2025-02', 1200, 3600]]);
  });

  test('per m² without a minimum area is paid for 0 m², and that input is named', () => {
    const cost = costOfDelayByRules({ originalTarget: '2025-01-31', households: 3, history: [], rules: [rule({ basis: 'm2', amountYuan: 20 })], asOf: '2025-02-01', forecastDelivery: '2025-02-28' })!;
    expect(cost.toDateYuan).toBe(0);
    expect(cost.missing).toContain('min_area');
  });

  test('projected: the households without keys on the day, to the forecast month, at the multiplier of each month', () => {
    const rules = [rule(), rule({ afterMonths: 2, multiplier: 2 })];
    // target 2025-01-31; on 2025-03-10 40 of 100 have keys; forecast delivery 2025-05-20
    const cost = costOfDelayByRules({ originalTarget: '2025-01-31', households: 100, history: [counts('2025-02-15', 40, { households: 100, allocated: 100, notices: 100 })], rules, asOf: '2025-03-10', forecastDelivery: '2025-05-20' })!;
    // Feb (1): 100 × 1,200 = 120,000; Mar (2): 60 × 1,200 = 72,000 → to date 192,000, this month 72,000
    // Apr (3, ×2) and May (4, ×2): 60 × 2,400 = 144,000 each → projected 288,000
    expect(cost.toDateYuan).toBe(192_000);
    expect(cost.thisMonthYuan).toBe(72_000);
    expect(cost.projectedYuan).toBe(288_000);
    expect(cost.months.filter((m) => m.projected).map((m) => m.month)).toEqual(['2025-04', '2025-05']);
  });

  test('no target, no households or no rule: no figure, with the reason', () => {
    const base = { originalTarget: '2025-01-31', households: 10, history: [], rules: [rule()], asOf: '2025-06-01', forecastDelivery: null };
    expect(costOfDelayByRules({ ...base, originalTarget: null })).toBeNull();
    expect(costOfDelayByRules({ ...base, households: null })).toBeNull();
    expect(costOfDelayByRules({ ...base, rules: [] })).toBeNull();
  });

  test('records dated after the day are not known on it', () => {
    const cost = costOfDelayByRules({ originalTarget: '2025-01-31', households: 10, history: [counts('2025-03-01', 10, { households: 10, allocated: 10, notices: 10 })], rules: [rule()], asOf: '2025-02-20', forecastDelivery: null })!;
    expect(cost.toDateYuan).toBe(12_000); // Feb: all 10 still paid
    expect(cost.missing).toContain('household_records');
  });
});

describe('escalation steps as typed', () => {
  test('months past the target and their multiplier, in any of the usual spellings', () => {
    expect(parseEscalation('18×1.5, 24×2')).toEqual([{ afterMonths: 18, multiplier: 1.5 }, { afterMonths: 24, multiplier: 2 }]);
    expect(parseEscalation('24x2、１８：1.5')).toEqual([{ afterMonths: 18, multiplier: 1.5 }, { afterMonths: 24, multiplier: 2 }]);
    expect(parseEscalation('  ')).toEqual([]);
  });
  test('anything else is refused: words, month 0, a multiplier of 0, one month twice', () => {
    for (const bad of ['after 18 months', '0×1.5', '18×0', '18×1.5, 18×2', '18', '-3×2', '18×1.5.2']) expect([bad, parseEscalation(bad)]).toEqual([bad, null]);
  });
});

describe('the projection follows the rule', () => {
  test('paid to the month after the notice: households with a notice are not projected to be paid', () => {
    // 100 households, target 2024-12-31; on 2025-01-20 all 100 have notices and none has keys
    const cost = costOfDelayByRules({
      originalTarget: '2024-12-31', households: 100, history: [counts('2025-01-20', 0, { households: 100, allocated: 100, notices: 100 })],
      rules: [rule({ paidUntil: 'notice_next_month' })], asOf: '2025-04-10', forecastDelivery: '2025-08-31',
    })!;
    // Jan 2025 (month 1): notices by end of Nov 2024: none, 100 paid; Feb: notices by end of Dec: none, 100 paid;
    // Mar: 100 notices by end of Jan: 0 paid; Apr: 0; nothing projected
    expect(cost.months.filter((m) => !m.projected).map((m) => [m.month, m.households])).toEqual([['2025-01', 100], ['2025-02', 100], ['2025-03', 0], ['2025-04', 0]]);
    expect(cost.toDateYuan).toBe(240_000);
    expect(cost.projectedYuan).toBe(0);
  });
});

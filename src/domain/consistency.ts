// Published rates are rounded, so each stands for an interval; these checks ask whether a report's
// quantities and rates can all be true at once, and whether cumulative figures only grow.
import type { ReportFacts } from './types';
import type {
  ConsistencyFinding,
  CumulativeField,
  Interval,
  RateField,
} from './consistency-findings';
import { compareIso } from './dates';
import { impliedDenominator, rateInterval } from './rate-interval';

export type {
  ConsistencyCode,
  ConsistencyFinding,
  CumulativeField,
  Interval,
  RateField,
} from './consistency-findings';
export { impliedDenominator, rateInterval } from './rate-interval';

/** Slack for binary floating point when testing interval membership. */
const EPSILON = 1e-12;

function contains(interval: Interval, x: number): boolean {
  // Stryker disable next-line EqualityOperator: with the epsilon of slack, > and >= differ only at exactly min − ε, which no rounded rate produces
  return x >= interval.min - EPSILON && x <= interval.max + EPSILON;
}

function overlap(a: Interval, b: Interval): Interval | null {
  const min = Math.max(a.min, b.min);
  const max = Math.min(a.max, b.max);
  return min <= max ? { min, max } : null;
}

interface RatePair {
  field: RateField;
  quantity: number | null;
  denominator: number | null;
  denominatorName: 'plannedAreaM2' | 'peopleEntitled' | 'householdsEntitled';
  published: number | null;
}

function ratePairs(r: ReportFacts): RatePair[] {
  // People are the headline return figure; households stand in only when people are not reported.
  const byPeople = r.peopleReturned !== null || r.peopleEntitled !== null;
  return [
    {
      field: 'startRate',
      quantity: r.startedAreaM2,
      denominator: r.plannedAreaM2,
      denominatorName: 'plannedAreaM2',
      published: r.publishedStartRate,
    },
    {
      field: 'deliveryRate',
      quantity: r.deliveredAreaM2,
      denominator: r.plannedAreaM2,
      denominatorName: 'plannedAreaM2',
      published: r.publishedDeliveryRate,
    },
    {
      field: 'returnRate',
      quantity: byPeople ? r.peopleReturned : r.householdsReturned,
      denominator: byPeople ? r.peopleEntitled : r.householdsEntitled,
      denominatorName: byPeople ? 'peopleEntitled' : 'householdsEntitled',
      published: r.publishedReturnRate,
    },
  ];
}

function impossibleQuantities(r: ReportFacts): ConsistencyFinding[] {
  const out: ConsistencyFinding[] = [];
  const { plannedAreaM2: planned, startedAreaM2: started, deliveredAreaM2: delivered } = r;
  if (started !== null && planned !== null && started > planned) {
    out.push({ code: 'started_exceeds_planned', severity: 'warning', started, planned });
  }
  if (delivered !== null && started !== null && delivered > started) {
    out.push({ code: 'delivered_exceeds_started', severity: 'warning', delivered, started });
  }
  const returns = [
    { unit: 'people' as const, returned: r.peopleReturned, entitled: r.peopleEntitled },
    { unit: 'households' as const, returned: r.householdsReturned, entitled: r.householdsEntitled },
  ];
  for (const { unit, returned, entitled } of returns) {
    if (returned !== null && entitled !== null && returned > entitled) {
      const code = 'returned_exceeds_entitled';
      out.push({ code, severity: 'warning', unit, returned, entitled });
    }
  }
  return out;
}

export function checkReport(report: ReportFacts): ConsistencyFinding[] {
  const findings: ConsistencyFinding[] = [];
  const implied = new Map<RateField, Interval & { denominator: RatePair['denominatorName'] }>();
  for (const pair of ratePairs(report)) {
    const { field, quantity, denominator, published } = pair;
    if (published === null || quantity === null) continue;
    if (denominator === null) {
      const interval = impliedDenominator(quantity, published);
      implied.set(field, { ...interval, denominator: pair.denominatorName });
      continue;
    }
    if (denominator === 0) continue;
    const computed = quantity / denominator;
    const interval = rateInterval(published);
    const check = { field, computed, published, interval };
    findings.push(
      contains(interval, computed)
        ? { code: 'rate_matches', severity: 'ok', ...check }
        : { code: 'rate_mismatch', severity: 'warning', ...check },
    );
  }

  // Both area rates share the planned area: their implied intervals must overlap.
  const start = implied.get('startRate');
  const delivery = implied.get('deliveryRate');
  if (start && delivery) {
    implied.delete('startRate');
    implied.delete('deliveryRate');
    const both = overlap(start, delivery);
    const fields: ['startRate', 'deliveryRate'] = ['startRate', 'deliveryRate'];
    findings.push(
      both
        ? { code: 'denominators_agree', severity: 'ok', fields, ...both }
        : {
            code: 'denominators_disagree',
            severity: 'warning',
            fields,
            intervals: [
              { min: start.min, max: start.max },
              { min: delivery.min, max: delivery.max },
            ],
          },
    );
  }
  for (const [field, { min, max, denominator }] of implied) {
    findings.push({ code: 'implied_denominator', severity: 'ok', field, denominator, min, max });
  }
  return [...findings, ...impossibleQuantities(report)];
}

const CUMULATIVE_FIELDS: readonly CumulativeField[] = [
  'startedAreaM2',
  'deliveredAreaM2',
  'peopleReturned',
  'householdsReturned',
];

/**
 * Cumulative figures must not fall. A report that omits a figure does not reset it: the next value
 * is compared with the last one known.
 */
export function checkSeries(reports: readonly ReportFacts[]): ConsistencyFinding[] {
  const sorted = [...reports].sort((a, b) => compareIso(a.asOf, b.asOf) || a.id - b.id);
  const findings: ConsistencyFinding[] = [];
  const lastKnown = new Map<CumulativeField, { reportId: number; value: number }>();
  for (const report of sorted) {
    for (const field of CUMULATIVE_FIELDS) {
      const value = report[field];
      if (value === null) continue;
      const prev = lastKnown.get(field);
      if (prev && value < prev.value) {
        const change = {
          field,
          fromReportId: prev.reportId,
          toReportId: report.id,
          from: prev.value,
          to: value,
        };
        findings.push(
          report.isCorrection
            ? { code: 'correction', severity: 'ok', ...change }
            : { code: 'cumulative_fell', severity: 'warning', ...change },
        );
      }
      lastKnown.set(field, { reportId: report.id, value });
    }
  }
  return findings;
}

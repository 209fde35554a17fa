// When will a scope reach 100 %? A least-squares line through recent progress, or a plain "none".
import type { IsoDate, ProgressPoint } from './types';
import { addDays, compareIso, daysBetween } from './dates';

export interface ForecastOptions {
  minPoints?: number;
  minSpanDays?: number;
  /** Only points this many days before the last point count: old pace says little about today's. */
  windowDays?: number;
}

export type NoForecastReason = 'too_few_points' | 'too_short_span' | 'no_progress' | 'complete';

export type Forecast =
  | { kind: 'forecast'; date: IsoDate; ratePerDay: number; pointsUsed: number }
  | { kind: 'none'; reason: NoForecastReason };

/** How far back from the last point the forecast looks (the pace of the last year). */
export const FORECAST_WINDOW_DAYS = 365;

/** Beyond a century the line is flat for any practical purpose (and Date would overflow). */
const MAX_FORECAST_DAYS = 36_525;

function fitLine(
  xs: readonly number[],
  ys: readonly number[],
): { slope: number; intercept: number } {
  const n = xs.length;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    const dx = x - meanX;
    // Stryker disable next-line ArithmeticOperator: Σ dx·(y ± ȳ) = Σ dx·y because Σ dx = 0; `?? meanY` only satisfies the type checker
    sxy += dx * ((ys[i] ?? meanY) - meanY);
    sxx += dx * dx;
  });
  // Stryker disable next-line ConditionalExpression: sxx is 0 only when every point is on one day, refused above as too short a span
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

export function forecastCompletion(
  points: readonly ProgressPoint[],
  asOf: IsoDate,
  opts: ForecastOptions = {},
): Forecast {
  const { minPoints = 3, minSpanDays = 30, windowDays = FORECAST_WINDOW_DAYS } = opts;
  const known = points
    .filter((p) => compareIso(p.date, asOf) <= 0)
    .sort((a, b) => compareIso(a.date, b.date));
  const last = known[known.length - 1];
  if (!last) return { kind: 'none', reason: 'too_few_points' };
  if (last.progress >= 1) return { kind: 'none', reason: 'complete' };

  const recent = known.filter((p) => daysBetween(p.date, last.date) <= windowDays);
  const first = recent[0];
  if (!first || recent.length < minPoints) return { kind: 'none', reason: 'too_few_points' };
  if (daysBetween(first.date, last.date) < minSpanDays) {
    return { kind: 'none', reason: 'too_short_span' };
  }

  const xs = recent.map((p) => daysBetween(first.date, p.date));
  const { slope, intercept } = fitLine(
    xs,
    recent.map((p) => p.progress),
  );
  // Stryker disable next-line EqualityOperator: a slope of exactly 0 reaches 100 % at infinity, which the century check below refuses as well
  if (!(slope > 0)) return { kind: 'none', reason: 'no_progress' };

  // The line may cross 1.0 before the last point; completion cannot precede what was observed.
  const lastX = daysBetween(first.date, last.date);
  const reachX = Math.max(lastX, Math.ceil((1 - intercept) / slope - 1e-9));
  // Stryker disable next-line EqualityOperator: the century is a practical bound against Date overflow; the side day 36,525 falls on is no rule
  if (reachX - lastX > MAX_FORECAST_DAYS) return { kind: 'none', reason: 'no_progress' };
  return {
    kind: 'forecast',
    date: addDays(first.date, reachX),
    ratePerDay: slope,
    pointsUsed: recent.length,
  };
}

// A published rate is rounded, so it stands for an interval of true values.
import type { Interval } from './consistency-findings';

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * The interval a published fraction stands for, read as a percentage with as many decimals as it
 * was published with: 0.96 (96 %) → 0.955–0.965; 0.956 (95.6 %) → 0.9555–0.9565.
 */
export function rateInterval(rate: number): Interval {
  // Counting decimals on a rounded integer avoids 0.07 * 100 = 7.000000000000001.
  const micro = Math.round(rate * 1e6);
  let rateDecimals = 6;
  // Stryker disable next-line EqualityOperator: going on to −1 decimals happens only for 0 %, whose scale is then 10² either way
  while (rateDecimals > 0 && micro % 10 ** (7 - rateDecimals) === 0) rateDecimals -= 1;
  const scale = 10 ** Math.max(2, rateDecimals);
  const units = Math.round(rate * scale);
  return {
    min: clamp01((2 * units - 1) / (2 * scale)),
    max: clamp01((2 * units + 1) / (2 * scale)),
  };
}

/** The denominators for which `quantity / denominator` would be published as `rate`. */
export function impliedDenominator(quantity: number, rate: number): Interval {
  const { min, max } = rateInterval(rate);
  return {
    // Stryker disable next-line ConditionalExpression: max is never 0 (a rate's interval reaches at least 0.005)
    min: max === 0 ? Infinity : quantity / max,
    max: min === 0 ? Infinity : quantity / min,
  };
}

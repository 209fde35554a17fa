// How many random cases a property test tries: its own count, or fewer under mutation testing
// (PROPERTY_RUNS, set by stryker.config.mjs), where each mutant runs the properties again.
export function propertyRuns(own: number): number {
  const cap = Number(process.env.PROPERTY_RUNS);
  return Number.isInteger(cap) && cap > 0 ? Math.min(own, cap) : own;
}

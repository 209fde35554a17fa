// Demonstration household histories for delivered demo batches (labelled demo with the batch's
// project): after delivery, flats are chosen within a month or two, keys follow, families move back
// over some months, and certificates come a year or two later, for some households only. Drawn
// from the batch's own seed, so adding them leaves every other generated figure as it was.
import { addDays } from '../src/domain/dates';
import type { HouseholdCounts } from '../src/domain/households';

/** A small deterministic generator (mulberry32) for one batch. */
function rng(seed: number): (lo: number, hi: number) => number {
  let t = seed >>> 0;
  return (lo, hi) => {
    t = (t + 0x6d2b79f5) >>> 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    const u = ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    return lo + Math.floor(u * (hi - lo + 1));
  };
}

/** The records known on `asOf` of a batch delivered on `deliveredOn` with `households` to resettle. */
export function demoHouseholdHistory(seed: number, households: number, deliveredOn: string, asOf: string): HouseholdCounts[] {
  const int = rng(seed);
  const share = (lo: number, hi: number) => Math.round((households * int(lo, hi)) / 100);
  const chosen = share(60, 90);
  const keysEarly = Math.min(chosen, share(40, 70));
  const keysLater = share(85, 97);
  const movedLater = Math.min(keysLater, share(60, 85));
  const certsEarly = Math.min(keysLater, share(15, 45));
  const certsLater = Math.min(households, share(70, 95));
  const steps: HouseholdCounts[] = [
    { asOf: addDays(deliveredOn, int(20, 45)), households, allocated: chosen, notices: chosen, handedOver: keysEarly, movedIn: Math.round(keysEarly / 3), certificates: 0 },
    { asOf: addDays(deliveredOn, int(70, 110)), households, allocated: households, notices: households, handedOver: keysLater, movedIn: movedLater, certificates: 0 },
    { asOf: addDays(deliveredOn, int(150, 220)), households, allocated: households, notices: households, handedOver: households, movedIn: Math.min(households, share(85, 98)), certificates: 0 },
    { asOf: addDays(deliveredOn, int(380, 500)), households, allocated: households, notices: households, handedOver: households, movedIn: households, certificates: certsEarly },
    { asOf: addDays(deliveredOn, int(650, 900)), households, allocated: households, notices: households, handedOver: households, movedIn: households, certificates: Math.max(certsEarly, certsLater) },
  ];
  return steps.filter((s) => s.asOf <= asOf);
}

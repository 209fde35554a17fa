// The additive facts of a set of buildings: how many stand at each stage and how much known floor
// area, and the dated changes of those counts. Any scope's tally is the sum of its parts' tallies,
// so a scope can be read on its own (the rollups kept by the database are exactly these changes).
// Areas are counted in whole 0.01 m² so that sums are exact in any order, in SQL as in here.
import { STAGES, type IsoDate, type Stage, type StageEvent } from './types';
import { stageIndex } from './stages';

/** Before any real date: where every building starts, at `planned`. */
export const BEGINNING: IsoDate = '0000-01-01';

export interface StageCount {
  buildings: number;
  /** Known floor area, in 0.01 m². */
  areaCm2: number;
  /** Buildings whose floor area is unknown. */
  unknownArea: number;
}

export type Tally = Record<Stage, StageCount>;

/** One dated change of a tally at one stage; `events` counts the stage events behind it (0 for a net change of nothing). */
export interface TallyChange extends StageCount {
  date: IsoDate;
  stage: Stage;
  events: number;
}

export function toCm2(m2: number): number {
  return Math.round(m2 * 100);
}

export function emptyTally(): Tally {
  const t = {} as Tally;
  for (const s of STAGES) t[s] = { buildings: 0, areaCm2: 0, unknownArea: 0 };
  return t;
}

/** A stage event as the day-by-day history needs it; a correction recorded later on a day overrides that day. */
export interface DayEvent {
  stage: Stage;
  date: IsoDate;
  /** Recording order (the milestone's id): which correction of a day came last. */
  id?: number;
  isCorrection?: boolean;
}

/**
 * A building's stage over time, one entry per day it changed: on each day its furthest stage, or,
 * where a correction was recorded that day, the last correction; later days win even when lower.
 * Without any event, a building past `planned` stands at its stage from its stage date.
 */
export function stageDays(events: readonly DayEvent[], fallback: { stage: Stage; stageDate: IsoDate | null }): { date: IsoDate; stage: Stage }[] {
  if (events.length === 0) return fallback.stage === 'planned' ? [] : [{ date: fallback.stageDate ?? BEGINNING, stage: fallback.stage }];
  const byDay = new Map<IsoDate, { stage: Stage; correction: number | null }>();
  for (const e of events) {
    const seen = byDay.get(e.date);
    const correction = e.isCorrection ? e.id ?? 0 : null;
    if (seen === undefined) byDay.set(e.date, { stage: e.stage, correction });
    else if (correction !== null && (seen.correction === null || correction > seen.correction)) byDay.set(e.date, { stage: e.stage, correction });
    else if (correction === null && seen.correction === null && stageIndex(e.stage) > stageIndex(seen.stage)) seen.stage = e.stage;
  }
  return [...byDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, d]) => ({ date, stage: d.stage }));
}

/** The stage a building's days say it is at now: the last one, or `planned`. */
export function currentStage(days: readonly { date: IsoDate; stage: Stage }[]): { stage: Stage; date: IsoDate | null } {
  const last = days[days.length - 1];
  return last ? { stage: last.stage, date: last.date === BEGINNING ? null : last.date } : { stage: 'planned', date: null };
}

/** One building's changes: in at `planned` at the beginning, then −1/+1 on each day its stage changed. */
export function buildingChanges(floorAreaM2: number | null, days: readonly { date: IsoDate; stage: Stage }[]): TallyChange[] {
  const unit = floorAreaM2 === null ? { buildings: 1, areaCm2: 0, unknownArea: 1 } : { buildings: 1, areaCm2: toCm2(floorAreaM2), unknownArea: 0 };
  const out: TallyChange[] = [{ date: BEGINNING, stage: 'planned', events: 0, ...unit }];
  let stage: Stage = 'planned';
  for (const d of days) {
    if (d.stage === stage) {
      out.push({ date: d.date, stage: d.stage, events: 1, buildings: 0, areaCm2: 0, unknownArea: 0 });
      continue;
    }
    out.push({ date: d.date, stage, events: 0, buildings: -unit.buildings, areaCm2: -unit.areaCm2, unknownArea: -unit.unknownArea });
    out.push({ date: d.date, stage: d.stage, events: 1, ...unit });
    stage = d.stage;
  }
  return out;
}

const keyOf = (c: Pick<TallyChange, 'date' | 'stage'>) => `${c.date}|${c.stage}`;
const isEmpty = (c: TallyChange) => c.buildings === 0 && c.areaCm2 === 0 && c.unknownArea === 0 && c.events === 0;

/** Changes summed by day and stage, in date then stage order, with nothing left that says nothing. */
export function mergeChanges(changes: readonly TallyChange[], sign = 1): TallyChange[] {
  const out = new Map<string, TallyChange>();
  for (const c of changes) {
    const k = keyOf(c);
    const m = out.get(k) ?? { date: c.date, stage: c.stage, buildings: 0, areaCm2: 0, unknownArea: 0, events: 0 };
    m.buildings += sign * c.buildings;
    m.areaCm2 += sign * c.areaCm2;
    m.unknownArea += sign * c.unknownArea;
    m.events += sign * c.events;
    out.set(k, m);
  }
  return [...out.values()].filter((c) => !isEmpty(c)).sort(byDateThenStage);
}

export function byDateThenStage(a: Pick<TallyChange, 'date' | 'stage'>, b: Pick<TallyChange, 'date' | 'stage'>): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : stageIndex(a.stage) - stageIndex(b.stage);
}

/** What turns `before` into `after`: the rows to add to every scope that contains this one. */
export function changeDelta(before: readonly TallyChange[], after: readonly TallyChange[]): TallyChange[] {
  return mergeChanges([...after, ...before.map((c) => ({ ...c, buildings: -c.buildings, areaCm2: -c.areaCm2, unknownArea: -c.unknownArea, events: -c.events }))]);
}

/** The tally as of a date: every change dated on or before it. */
export function tallyAsOf(changes: readonly TallyChange[], asOf: IsoDate): Tally {
  const t = emptyTally();
  for (const c of changes) {
    if (c.date > asOf) continue;
    const s = t[c.stage];
    s.buildings += c.buildings;
    s.areaCm2 += c.areaCm2;
    s.unknownArea += c.unknownArea;
  }
  return t;
}

export function addTallies(tallies: readonly Tally[]): Tally {
  const t = emptyTally();
  for (const x of tallies) {
    for (const s of STAGES) {
      t[s].buildings += x[s].buildings;
      t[s].areaCm2 += x[s].areaCm2;
      t[s].unknownArea += x[s].unknownArea;
    }
  }
  return t;
}

export interface TallyTotals {
  buildings: number;
  areaCm2: number;
  unknownArea: number;
}

export function totalsOf(t: Tally): TallyTotals {
  let buildings = 0;
  let areaCm2 = 0;
  let unknownArea = 0;
  for (const s of STAGES) {
    buildings += t[s].buildings;
    areaCm2 += t[s].areaCm2;
    unknownArea += t[s].unknownArea;
  }
  return { buildings, areaCm2, unknownArea };
}

/** The latest day on or before `asOf` with a stage event in the scope; null when none. */
export function lastEventDay(changes: readonly TallyChange[], asOf: IsoDate): IsoDate | null {
  let last: IsoDate | null = null;
  for (const c of changes) if (c.events > 0 && c.date !== BEGINNING && c.date <= asOf && (last === null || c.date > last)) last = c.date;
  return last;
}

/**
 * The day from which every building of the scope has stood at `delivered` without a break, as of
 * `asOf`; null when they are not all delivered then (or there are none).
 */
export function allDeliveredSince(changes: readonly TallyChange[], asOf: IsoDate): IsoDate | null {
  let buildings = 0;
  let delivered = 0;
  let since: IsoDate | null = null;
  let i = 0;
  while (i < changes.length && changes[i]!.date <= asOf) {
    const date = changes[i]!.date;
    for (; i < changes.length && changes[i]!.date === date; i++) {
      buildings += changes[i]!.buildings;
      if (changes[i]!.stage === 'delivered') delivered += changes[i]!.buildings;
    }
    const complete = buildings > 0 && delivered === buildings;
    if (!complete) since = null;
    else if (since === null) since = date;
  }
  return since === BEGINNING ? null : since;
}

/**
 * Whether recording `added` would put a building's stage below where its events put it now. Such a
 * step back is a correction and needs a reason; a stage recorded for an earlier day is history and
 * does not move the building back.
 */
export function wouldSetBack(events: readonly DayEvent[], added: DayEvent, fallback: { stage: Stage; stageDate: IsoDate | null }): { from: Stage; to: Stage } | null {
  const from = currentStage(stageDays(events, fallback)).stage;
  const to = currentStage(stageDays([...events, { ...added, id: Number.MAX_SAFE_INTEGER }], fallback)).stage;
  return stageIndex(to) < stageIndex(from) ? { from, to } : null;
}

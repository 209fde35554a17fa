// The figures of one scope from what that scope itself holds: its dated stage changes (its rollup),
// its own records and the summaries of the scopes just inside it. Both ways of reading use these:
// the from-scratch computation over a whole snapshot (scopes.ts) and a page reading one scope's
// rollups from the database, so the two cannot drift apart.
import type { Batch, District, Project, Report, Village } from './entities';
import type { AreaFacts, DatePrecision, DeadlineStatus, IsoDate, ProgressPoint, ScopeFacts, ScopeFigures, StageWeights } from './types';
import { computeScopeFigures, itemisedArea, progressBasis, projectArea, sumAreas, sumKnown } from './progress';
import { historyFromChanges } from './history';
import { forecastCompletion, type Forecast } from './forecast';
import { costOfDelay, deadlineStatus, staleness, type CostOfDelay, type DeadlineResult, type Staleness } from './deadlines';
import { latestDate, sortReports, summariseReports, type ReportSummary } from './report-summary';
import { allDeliveredSince, lastEventDay, tallyAsOf, type Tally, type TallyChange } from './tally';
import { deriveStatus, projectStatus, type ProjectStatusOf, type StatusOf } from './status';

export interface FigureSettings {
  weights: StageWeights;
  asOf: IsoDate;
  staleAfterDays: number;
  monthlyAllowanceYuanPerHousehold: number | null;
}

export interface ScopeSummary {
  figures: ScopeFigures;
  /** Date of the latest milestone or report in the scope. */
  lastUpdate: IsoDate | null;
  staleness: Staleness;
  history: ProgressPoint[];
  forecast: Forecast;
}

export interface Deadline extends DeadlineResult {
  targetDate: IsoDate | null;
  /** "End of 2024" is stored as 2024-12-31 with precision `year`. */
  targetPrecision: DatePrecision;
  /** A confirmed date (from a record), never an estimate: only it makes the scope delivered. */
  deliveredOn: IsoDate | null;
  /**
   * The first target ever entered and how the scope stands against it; null when there is none.
   * Where the target was never changed it equals the current one.
   */
  original: (DeadlineResult & { targetDate: IsoDate; targetPrecision: DatePrecision }) | null;
}

export interface BatchSummary extends ScopeSummary {
  deadline: Deadline;
  costOfDelay: CostOfDelay | null;
  status: StatusOf;
}

export interface DeadlineCounts extends Record<DeadlineStatus, number> {}

export interface AggregateSummary extends ScopeSummary {
  /** The latest report for this scope and what the consistency checks found; null when none. */
  reported: ReportSummary | null;
  /**
   * How old the reported figures are: as old as this scope's latest report, whatever was recorded
   * inside it since (a milestone of one building does not make a district's reported totals new).
   * Null when the scope has no report.
   */
  reportStaleness: Staleness | null;
  /** Statuses of the batches (or, where a project has no batches, the project itself) inside. */
  deadlineCounts: DeadlineCounts;
}

export interface ProjectSummary extends AggregateSummary {
  deadline: Deadline;
  status: ProjectStatusOf;
  /** The earliest target not yet delivered: a batch's, else the project's planned completion. */
  nextDeadline: (Deadline & { batchId: number | null }) | null;
}

/** What a scope holds for the figures: its dated stage changes, sorted (see tally.ts). */
export type Changes = readonly TallyChange[];

export const emptyCounts = (): DeadlineCounts => ({ delivered: 0, on_track: 0, at_risk: 0, overdue: 0 });

function addCounts(into: DeadlineCounts, from: DeadlineCounts): DeadlineCounts {
  for (const k of Object.keys(into) as DeadlineStatus[]) into[k] += from[k];
  return into;
}

const NO_PEOPLE = { peopleEntitled: null, peopleReturned: null, householdsEntitled: null, householdsReturned: null };

/** The age of a scope's own latest report (reports sorted by date), null without one. */
const reportAge = (known: readonly Report[], s: FigureSettings): Staleness | null =>
  (known.length ? staleness(known[known.length - 1]!.asOf, s.asOf, s.staleAfterDays) : null);

/**
 * A delivered batch or project is not flagged as not updated for long: its construction is over and
 * cannot have moved on since (its latest date is still shown; households after delivery have their own dates).
 */
const settled = (st: Staleness, deliveredOn: IsoDate | null, asOf: IsoDate): Staleness => (deliveredOn !== null && deliveredOn <= asOf && st.stale ? { ...st, stale: false } : st);

/** What is dated after asOf is not known yet as of that day. */
const lastKnown = (dates: readonly (IsoDate | null)[], asOf: IsoDate) => latestDate(dates.filter((d) => d !== null && d <= asOf));

function summarise(facts: ScopeFacts, changes: Changes, lastUpdate: IsoDate | null, s: FigureSettings): ScopeSummary {
  const history = historyFromChanges(changes, s.weights, s.asOf, progressBasis(facts.tally));
  return {
    figures: computeScopeFigures(facts, s.weights),
    lastUpdate,
    staleness: staleness(lastUpdate, s.asOf, s.staleAfterDays),
    history,
    forecast: forecastCompletion(history, s.asOf),
  };
}

interface Targets {
  current: IsoDate | null;
  precision: DatePrecision;
  /** The baseline; a row from before baselines were kept (none, with a target) counts its current target as one. */
  baseline: IsoDate | null;
  baselinePrecision: DatePrecision | null;
}

function deadline(t: Targets, deliveredOn: IsoDate | null, forecast: Forecast, asOf: IsoDate): Deadline {
  const forecastDate = forecast.kind === 'forecast' ? forecast.date : null;
  const originalDate = t.baseline ?? t.current;
  const original = originalDate === null ? null : {
    targetDate: originalDate, targetPrecision: t.baseline !== null ? t.baselinePrecision ?? 'day' : t.precision,
    ...deadlineStatus({ targetDate: originalDate, deliveredOn, forecastDate, asOf }),
  };
  return { targetDate: t.current, targetPrecision: t.precision, deliveredOn, ...deadlineStatus({ targetDate: t.current, deliveredOn, forecastDate, asOf }), original };
}

const batchTargets = (b: Batch): Targets => ({ current: b.targetDeliveryDate, precision: b.targetPrecision, baseline: b.baselineTargetDate, baselinePrecision: b.baselineTargetPrecision });
const projectTargets = (p: Project): Targets => ({
  current: p.plannedCompletion, precision: p.plannedCompletionPrecision, baseline: p.baselineCompletion, baselinePrecision: p.baselineCompletionPrecision,
});

/** The area figures a summary shows, as the facts a parent sums. */
export const areaOf = (f: ScopeFigures): AreaFacts => ({
  plannedAreaM2: f.plannedAreaM2, startedAreaM2: f.startedAreaM2, deliveredAreaM2: f.deliveredAreaM2, plannedAreaBasis: f.plannedAreaBasis, areaPartial: f.areaPartial,
});

/** A batch counts as delivered on its recorded date, or once every building has reached `delivered`. */
export function summariseBatch(batch: Batch, changes: Changes, s: FigureSettings): BatchSummary {
  const tally = tallyAsOf(changes, s.asOf);
  const base = summarise({ tally, area: itemisedArea(tally), ...NO_PEOPLE }, changes, lastKnown([lastEventDay(changes, s.asOf), batch.actualDeliveryDate], s.asOf), s);
  const dl = deadline(batchTargets(batch), batch.actualDeliveryDate ?? allDeliveredSince(changes, s.asOf), base.forecast, s.asOf);
  return {
    ...base,
    staleness: settled(base.staleness, dl.deliveredOn, s.asOf),
    deadline: dl,
    status: deriveStatus({ deliveredOn: dl.deliveredOn, buildingsStarted: base.figures.buildingsStarted, startedOn: null, asOf: s.asOf }),
    costOfDelay: costOfDelay({
      householdsNotReturned: dl.status === 'delivered' ? null : batch.households,
      monthlyAllowanceYuanPerHousehold: s.monthlyAllowanceYuanPerHousehold,
      // DESIGN.md: month by month past the original target, which a later revision does not excuse.
      targetDate: dl.original?.targetDate ?? null, deliveredOn: dl.deliveredOn, asOf: s.asOf,
    }),
  };
}

/**
 * A project from its changes, its batches (in sequence order, with their summaries) and its own
 * reports. A project known only by its planned area counts as one block: started once it has
 * started as a whole, delivered once it has been delivered or every batch has.
 */
export function summariseProject(
  project: Project, changes: Changes, batches: readonly { batch: Batch; summary: BatchSummary }[], reports: readonly Report[], s: FigureSettings,
): ProjectSummary {
  const counts = emptyCounts();
  let next: ProjectSummary['nextDeadline'] = null;
  for (const { batch, summary } of batches) {
    const dl = summary.deadline;
    if (dl.status) counts[dl.status] += 1;
    if (dl.status && dl.status !== 'delivered' && dl.targetDate && (!next || dl.targetDate < (next.targetDate ?? ''))) next = { ...dl, batchId: batch.id };
  }
  const known = sortReports(reports.filter((r) => r.asOf <= s.asOf));
  const tally = tallyAsOf(changes, s.asOf);
  // Delivered as a whole only with a date: a status typed by hand without one is shown as a disagreement, not believed.
  const delivered = project.actualCompletion !== null && project.actualCompletion <= s.asOf;
  const started = delivered || (project.actualStart !== null && project.actualStart <= s.asOf);
  const facts: ScopeFacts = { tally, area: projectArea(project.plannedFloorAreaM2, tally, { started, delivered }), ...NO_PEOPLE };
  const last = lastKnown([...batches.map((b) => b.summary.lastUpdate), ...known.map((r) => r.asOf), project.actualStart, project.actualCompletion], s.asOf);
  const base = summarise(facts, changes, last, s);
  // Every batch delivered means the project is, on the last batch's date, even before anyone records it.
  const batchDeliveries = batches.map((b) => b.summary.deadline.deliveredOn);
  const allBatchesDelivered = batches.length > 0 && batchDeliveries.every((d) => d !== null);
  const deliveredOn = project.actualCompletion ?? (allBatchesDelivered ? latestDate(batchDeliveries) : null);
  const dl = deadline(projectTargets(project), deliveredOn, base.forecast, s.asOf);
  if (batches.length === 0 && dl.status) counts[dl.status] += 1;
  if (!next && dl.status && dl.status !== 'delivered') next = { ...dl, batchId: null };
  const status = projectStatus(
    deriveStatus({ deliveredOn: dl.deliveredOn, buildingsStarted: base.figures.buildingsStarted, startedOn: project.actualStart, asOf: s.asOf }),
    project.status, project.halted,
  );
  return {
    ...base, staleness: settled(base.staleness, dl.deliveredOn, s.asOf), reported: summariseReports(known, { area: facts.area, changes }), reportStaleness: reportAge(known, s),
    deadlineCounts: counts, deadline: dl, status, nextDeadline: next,
  };
}

/**
 * A village from its changes, its projects' summaries (in id order: areas are summed in that order)
 * and its reports; its people are its own where known, else its latest report's.
 */
export function summariseVillage(
  village: Village, changes: Changes, projects: readonly ProjectSummary[], reports: readonly Report[], s: FigureSettings,
): AggregateSummary {
  const known = sortReports(reports.filter((r) => r.asOf <= s.asOf));
  const latest = known[known.length - 1];
  const facts: ScopeFacts = {
    tally: tallyAsOf(changes, s.asOf),
    area: sumAreas(projects.map((p) => areaOf(p.figures))),
    peopleEntitled: village.peopleEntitled ?? latest?.peopleEntitled ?? null,
    householdsEntitled: village.householdsEntitled ?? latest?.householdsEntitled ?? null,
    peopleReturned: latest?.peopleReturned ?? null,
    householdsReturned: latest?.householdsReturned ?? null,
  };
  const last = lastKnown([...projects.map((p) => p.lastUpdate), ...known.map((r) => r.asOf)], s.asOf);
  const counts = projects.reduce((c, p) => addCounts(c, p.deadlineCounts), emptyCounts());
  return { ...summarise(facts, changes, last, s), reported: summariseReports(known, { area: facts.area, changes }), reportStaleness: reportAge(known, s), deadlineCounts: counts };
}

/** What a district sums from each of its villages: their summaries and the people behind their rates. */
export interface VillagePart {
  summary: AggregateSummary;
  people: Pick<ScopeFacts, 'peopleEntitled' | 'peopleReturned' | 'householdsEntitled' | 'householdsReturned'>;
}

/** The people a village's figures stand on (its own entitled numbers, else its latest report's), for the district to sum. */
export function villagePeople(village: Village, reports: readonly Report[], asOf: IsoDate): VillagePart['people'] {
  const known = sortReports(reports.filter((r) => r.asOf <= asOf));
  const latest = known[known.length - 1];
  return {
    peopleEntitled: village.peopleEntitled ?? latest?.peopleEntitled ?? null,
    householdsEntitled: village.householdsEntitled ?? latest?.householdsEntitled ?? null,
    peopleReturned: latest?.peopleReturned ?? null,
    householdsReturned: latest?.householdsReturned ?? null,
  };
}

/** A district from its changes, its villages (in id order) and its own reports. */
export function summariseDistrict(_district: District, changes: Changes, villages: readonly VillagePart[], reports: readonly Report[], s: FigureSettings): AggregateSummary {
  const known = sortReports(reports.filter((r) => r.asOf <= s.asOf));
  const facts: ScopeFacts = {
    tally: tallyAsOf(changes, s.asOf),
    area: sumAreas(villages.map((v) => areaOf(v.summary.figures))),
    peopleEntitled: sumKnown(villages.map((v) => v.people.peopleEntitled)),
    peopleReturned: sumKnown(villages.map((v) => v.people.peopleReturned)),
    householdsEntitled: sumKnown(villages.map((v) => v.people.householdsEntitled)),
    householdsReturned: sumKnown(villages.map((v) => v.people.householdsReturned)),
  };
  const last = lastKnown([...villages.map((v) => v.summary.lastUpdate), ...known.map((r) => r.asOf)], s.asOf);
  const counts = villages.reduce((c, v) => addCounts(c, v.summary.deadlineCounts), emptyCounts());
  return { ...summarise(facts, changes, last, s), reported: summariseReports(known, { area: facts.area, changes }), reportStaleness: reportAge(known, s), deadlineCounts: counts };
}

export type { Tally };

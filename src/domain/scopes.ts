// Figures for every scope of a snapshot, batch → project → village → district, computed from raw
// rows in one pass. Pure: the caller passes the weights, the settings and `asOf`.
import type { Batch, Building, ModelSnapshot, Project, Report } from './entities';
import type { DatePrecision, DeadlineStatus, IsoDate, ProgressPoint, ScopeFacts, ScopeFigures, StageEvent, StageWeights } from './types';
import { combineScopes, computeScopeFigures, itemisedArea, projectArea } from './progress';
import { progressHistory } from './history';
import { forecastCompletion, type Forecast } from './forecast';
import { costOfDelay, deadlineStatus, staleness, type CostOfDelay, type DeadlineResult, type Staleness } from './deadlines';
import { latestDate, sortReports, summariseReports, type ReportSummary } from './report-summary';
import { areaOnDate, type ItemisedOnDate } from './itemised-vs-reported';
import { groupBy } from './group';
import { isDelivered } from './stages';

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
  deliveredOn: IsoDate | null;
}

export interface BatchSummary extends ScopeSummary {
  deadline: Deadline;
  costOfDelay: CostOfDelay | null;
}

export interface DeadlineCounts extends Record<DeadlineStatus, number> {}

export interface AggregateSummary extends ScopeSummary {
  /** The latest report for this scope and what the consistency checks found; null when none. */
  reported: ReportSummary | null;
  /** Statuses of the batches (or, where a project has no batches, the project itself) inside. */
  deadlineCounts: DeadlineCounts;
}

export interface ProjectSummary extends AggregateSummary {
  deadline: Deadline;
  /** The earliest target not yet delivered: a batch's, else the project's planned completion. */
  nextDeadline: (Deadline & { batchId: number | null }) | null;
}

export interface SnapshotFigures {
  asOf: IsoDate;
  batches: Map<number, BatchSummary>;
  projects: Map<number, ProjectSummary>;
  villages: Map<number, AggregateSummary>;
  districts: Map<number, AggregateSummary>;
}

const emptyCounts = (): DeadlineCounts => ({ delivered: 0, on_track: 0, at_risk: 0, overdue: 0 });

function addCounts(into: DeadlineCounts, from: DeadlineCounts): DeadlineCounts {
  for (const k of Object.keys(into) as DeadlineStatus[]) into[k] += from[k];
  return into;
}

function buildingFacts(buildings: readonly Building[]) {
  return buildings.map((b) => ({ id: b.id, floorAreaM2: b.floorAreaM2, stage: b.stage }));
}

function summarise(facts: ScopeFacts, buildings: readonly Building[], events: readonly StageEvent[],
  lastUpdate: IsoDate | null, s: FigureSettings): ScopeSummary {
  const history = progressHistory(buildingFacts(buildings), events, s.weights);
  return {
    figures: computeScopeFigures(facts, s.weights),
    lastUpdate,
    staleness: staleness(lastUpdate, s.asOf, s.staleAfterDays),
    history,
    forecast: forecastCompletion(history, s.asOf),
  };
}

function deadline(targetDate: IsoDate | null, targetPrecision: DatePrecision, deliveredOn: IsoDate | null,
  forecast: Forecast, asOf: IsoDate): Deadline {
  const forecastDate = forecast.kind === 'forecast' ? forecast.date : null;
  return { targetDate, targetPrecision, deliveredOn, ...deadlineStatus({ targetDate, deliveredOn, forecastDate, asOf }) };
}

/** A batch counts as delivered on its recorded date, or when every building has reached `delivered`. */
function batchDeliveredOn(batch: Batch, buildings: readonly Building[]): IsoDate | null {
  if (batch.actualDeliveryDate) return batch.actualDeliveryDate;
  if (buildings.length === 0 || !buildings.every((b) => isDelivered(b.stage))) return null;
  return latestDate(buildings.map((b) => b.stageDate));
}

const NO_PEOPLE = { peopleEntitled: null, peopleReturned: null, householdsEntitled: null, householdsReturned: null };

function batchFacts(buildings: readonly Building[]): ScopeFacts {
  const facts = buildingFacts(buildings);
  return { buildings: facts, area: itemisedArea(facts), ...NO_PEOPLE };
}

function projectFacts(project: Project, buildings: readonly Building[], asOf: IsoDate): ScopeFacts {
  // A project not (fully) itemised counts by its planned area: started once it has started as a whole.
  const delivered = project.status === 'delivered' || (project.actualCompletion !== null && project.actualCompletion <= asOf);
  const started = delivered || (project.actualStart !== null && project.actualStart <= asOf);
  const facts = buildingFacts(buildings);
  return { buildings: facts, area: projectArea(project.plannedFloorAreaM2, facts, { started, delivered }), ...NO_PEOPLE };
}

export function computeSnapshotFigures(snap: ModelSnapshot, s: FigureSettings): SnapshotFigures {
  const buildingsByBatch = groupBy(snap.buildings, (b) => b.batchId);
  const batchesByProject = groupBy(snap.batches, (b) => b.projectId);
  const projectsByVillage = groupBy(snap.projects, (p) => p.villageId);
  const villagesByDistrict = groupBy(snap.villages, (v) => v.districtId);
  const eventsByBuilding = groupBy(snap.milestones, (m) => m.buildingId);
  const reportsByScope = groupBy(snap.reports, (r: Report) => `${r.scopeType}:${r.scopeId}`);
  // A report dated after asOf is not known as of that day: not the latest, not in any figure.
  const reportsOf = (type: string, id: number) => sortReports((reportsByScope.get(`${type}:${id}`) ?? []).filter((r) => r.asOf <= s.asOf));
  // A building's stage history: its events, or else the stage it was given on its stage date.
  const historyOf = (b: Building): StageEvent[] => {
    const events = eventsByBuilding.get(b.id);
    if (events?.length) return events;
    return b.stageDate ? [{ buildingId: b.id, stage: b.stage, date: b.stageDate }] : [];
  };
  const itemisedOf = (facts: ScopeFacts, bs: readonly Building[]): ItemisedOnDate => {
    const byId = new Map(bs.map((b) => [b.id, b]));
    return { area: facts.area, ...areaOnDate(bs, (id) => historyOf(byId.get(id)!)) };
  };
  const eventsOf = (bs: readonly Building[]) => bs.flatMap((b) => eventsByBuilding.get(b.id) ?? []);

  // What is dated after asOf is not known yet as of that day.
  const lastKnown = (dates: readonly (IsoDate | null)[]) => latestDate(dates.filter((d) => d !== null && d <= s.asOf));

  const out: SnapshotFigures = { asOf: s.asOf, batches: new Map(), projects: new Map(), villages: new Map(), districts: new Map() };

  const projectScope = new Map<number, { facts: ScopeFacts; buildings: Building[] }>();
  for (const project of snap.projects) {
    const batches = batchesByProject.get(project.id) ?? [];
    const counts = emptyCounts();
    let next: ProjectSummary['nextDeadline'] = null;
    const projectBuildings: Building[] = [];
    const dates: (IsoDate | null)[] = [];
    for (const batch of batches) {
      const buildings = buildingsByBatch.get(batch.id) ?? [];
      projectBuildings.push(...buildings);
      const events = eventsOf(buildings);
      const last = lastKnown([...events.map((e) => e.date), ...buildings.map((b) => b.stageDate), batch.actualDeliveryDate]);
      dates.push(last);
      const base = summarise(batchFacts(buildings), buildings, events, last, s);
      const dl = deadline(batch.targetDeliveryDate, batch.targetPrecision, batchDeliveredOn(batch, buildings), base.forecast, s.asOf);
      if (dl.status) counts[dl.status] += 1;
      if (dl.status && dl.status !== 'delivered' && dl.targetDate && (!next || dl.targetDate < (next.targetDate ?? ''))) {
        next = { ...dl, batchId: batch.id };
      }
      out.batches.set(batch.id, {
        ...base,
        deadline: dl,
        costOfDelay: costOfDelay({
          householdsNotReturned: dl.status === 'delivered' ? null : batch.households,
          monthlyAllowanceYuanPerHousehold: s.monthlyAllowanceYuanPerHousehold,
          targetDate: batch.targetDeliveryDate, deliveredOn: dl.deliveredOn, asOf: s.asOf,
        }),
      });
    }
    const reports = reportsOf('project', project.id);
    const facts = projectFacts(project, projectBuildings, s.asOf);
    const last = lastKnown([...dates, ...reports.map((r) => r.asOf), project.actualStart, project.actualCompletion]);
    const base = summarise(facts, projectBuildings, eventsOf(projectBuildings), last, s);
    // Every batch delivered means the project is, on the last batch's date, even before anyone records it.
    const batchDeliveries = batches.map((b) => out.batches.get(b.id)!.deadline.deliveredOn);
    const allBatchesDelivered = batches.length > 0 && batchDeliveries.every((d) => d !== null);
    const deliveredOn = project.actualCompletion ?? (allBatchesDelivered ? latestDate(batchDeliveries) : null);
    const dl = deadline(project.plannedCompletion, project.plannedCompletionPrecision, deliveredOn, base.forecast, s.asOf);
    if (batches.length === 0 && dl.status) counts[dl.status] += 1;
    if (!next && dl.status && dl.status !== 'delivered') next = { ...dl, batchId: null };
    out.projects.set(project.id, { ...base, reported: summariseReports(reports, itemisedOf(facts, projectBuildings)), deadlineCounts: counts, deadline: dl, nextDeadline: next });
    projectScope.set(project.id, { facts, buildings: projectBuildings });
  }

  const villageScope = new Map<number, { facts: ScopeFacts; buildings: Building[] }>();
  for (const village of snap.villages) {
    const projects = projectsByVillage.get(village.id) ?? [];
    const parts = projects.map((p) => projectScope.get(p.id)!);
    const reports = reportsOf('village', village.id);
    const latest = reports[reports.length - 1];
    const facts: ScopeFacts = {
      ...combineScopes(parts.map((p) => p.facts)),
      peopleEntitled: village.peopleEntitled ?? latest?.peopleEntitled ?? null,
      householdsEntitled: village.householdsEntitled ?? latest?.householdsEntitled ?? null,
      peopleReturned: latest?.peopleReturned ?? null,
      householdsReturned: latest?.householdsReturned ?? null,
    };
    const buildings = parts.flatMap((p) => p.buildings);
    const last = lastKnown([...projects.map((p) => out.projects.get(p.id)!.lastUpdate), ...reports.map((r) => r.asOf)]);
    const counts = projects.reduce((c, p) => addCounts(c, out.projects.get(p.id)!.deadlineCounts), emptyCounts());
    out.villages.set(village.id, { ...summarise(facts, buildings, eventsOf(buildings), last, s), reported: summariseReports(reports, itemisedOf(facts, buildings)), deadlineCounts: counts });
    villageScope.set(village.id, { facts, buildings });
  }

  for (const district of snap.districts) {
    const villages = villagesByDistrict.get(district.id) ?? [];
    const parts = villages.map((v) => villageScope.get(v.id)!);
    const reports = reportsOf('district', district.id);
    const facts = combineScopes(parts.map((p) => p.facts));
    const buildings = parts.flatMap((p) => p.buildings);
    const last = lastKnown([...villages.map((v) => out.villages.get(v.id)!.lastUpdate), ...reports.map((r) => r.asOf)]);
    const counts = villages.reduce((c, v) => addCounts(c, out.villages.get(v.id)!.deadlineCounts), emptyCounts());
    out.districts.set(district.id, { ...summarise(facts, buildings, eventsOf(buildings), last, s), reported: summariseReports(reports, itemisedOf(facts, buildings)), deadlineCounts: counts });
  }
  return out;
}

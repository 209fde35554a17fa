// What the public JSON API may show: fields copied one by one (an allow-list), base units only.
import type { Batch, Building, District, Project, Report, Source, Village } from '../../domain/entities';
import type { AggregateSummary, BatchSummary, Deadline, ProjectSummary, ScopeSummary } from '../../domain/scopes';
import type { ReportSummary } from '../../domain/report-summary';
import type { ScopeFigures } from '../../domain/types';
import type { Forecast } from '../../domain/forecast';
import type { TargetHistory } from '../../domain/target-history';
import type { HouseholdLadder, HouseholdStep } from '../../domain/households';

export function figuresJson(f: ScopeFigures) {
  return {
    plannedAreaM2: f.plannedAreaM2,
    startedAreaM2: f.startedAreaM2,
    deliveredAreaM2: f.deliveredAreaM2,
    plannedAreaBasis: f.plannedAreaBasis,
    areaPartial: f.areaPartial,
    startRate: f.startRate,
    deliveryRate: f.deliveryRate,
    constructionProgress: f.constructionProgress,
    progressBasis: f.progressBasis,
    buildingCount: f.buildingCount,
    buildingsStarted: f.buildingsStarted,
    buildingsDelivered: f.buildingsDelivered,
    stageDistribution: f.stageDistribution,
    peopleReturnRate: f.peopleReturnRate,
    householdReturnRate: f.householdReturnRate,
  };
}

const forecastJson = (f: Forecast) =>
  f.kind === 'forecast' ? { date: f.date, certainty: 'estimated' as const, ratePerDay: f.ratePerDay, pointsUsed: f.pointsUsed } : { date: null, reason: f.reason };

// A target is planned; a delivery is confirmed (from a record); a forecast (above) is an estimate and never counts as done.
const deadlineJson = (d: Deadline) => ({
  targetDate: d.targetDate, targetPrecision: d.targetPrecision, targetCertainty: d.targetDate === null ? null : 'planned' as const,
  deliveredOn: d.deliveredOn, deliveredOnCertainty: d.deliveredOn === null ? null : 'confirmed' as const, status: d.status, daysLate: d.daysLate,
  original: d.original ? { targetDate: d.original.targetDate, targetPrecision: d.original.targetPrecision, status: d.original.status, daysLate: d.original.daysLate } : null,
});

/** The baseline and every revision, oldest first, with where each moved the target from; who made it is not public. */
export function targetHistoryJson(h: TargetHistory) {
  return {
    baseline: h.baseline ? { date: h.baseline.date, precision: h.baseline.precision } : null,
    postponements: h.postponements,
    daysMoved: h.daysMoved,
    revisions: h.steps.map((st) => ({
      revisedOn: st.revisedOn, targetDate: st.to.date, targetPrecision: st.to.precision,
      previousTargetDate: st.from.date, previousTargetPrecision: st.from.precision,
      direction: st.direction, daysMoved: st.daysMoved, reason: st.reason,
    })),
  };
}

function scopeJson(s: ScopeSummary) {
  return {
    figures: figuresJson(s.figures),
    lastUpdate: s.lastUpdate,
    stale: s.staleness.stale,
    daysSinceUpdate: s.staleness.daysSince,
    forecast: forecastJson(s.forecast),
  };
}

export function sourceJson(s: Source | undefined) {
  return s ? { title: s.title, kind: s.kind, publisher: s.publisher, publishedOn: s.publishedOn, url: s.url } : null;
}

export function reportJson(r: ReportSummary | null, sources: Map<number, Source>) {
  if (!r) return null;
  const l: Report = r.latest;
  return {
    asOf: l.asOf,
    reportCount: r.reportCount,
    plannedAreaM2: l.plannedAreaM2,
    startedAreaM2: l.startedAreaM2,
    deliveredAreaM2: l.deliveredAreaM2,
    peopleEntitled: l.peopleEntitled,
    peopleReturned: l.peopleReturned,
    householdsEntitled: l.householdsEntitled,
    householdsReturned: l.householdsReturned,
    publishedStartRate: l.publishedStartRate,
    publishedDeliveryRate: l.publishedDeliveryRate,
    publishedReturnRate: l.publishedReturnRate,
    computedRates: { ...r.computed },
    source: sourceJson(l.sourceId === null ? undefined : sources.get(l.sourceId)),
    consistency: r.findings.map((f) => ({ ...f })),
  };
}

export function aggregateJson(s: AggregateSummary, sources: Map<number, Source>) {
  return { ...scopeJson(s), reported: reportJson(s.reported, sources), deadlineCounts: { ...s.deadlineCounts } };
}

export function districtJson(d: District, s: AggregateSummary, sources: Map<number, Source>) {
  return { id: d.id, name: d.nameZh, nameEn: d.nameEn, isDemo: d.isDemo, ...aggregateJson(s, sources) };
}

export function villageJson(v: Village, s: AggregateSummary, sources: Map<number, Source>, projectCount: number) {
  return {
    id: v.id, districtId: v.districtId, name: v.nameZh, nameEn: v.nameEn, isDemo: v.isDemo,
    peopleEntitled: v.peopleEntitled, householdsEntitled: v.householdsEntitled, projectCount,
    ...aggregateJson(s, sources),
  };
}

export function projectJson(p: Project, s: ProjectSummary, sources: Map<number, Source>) {
  return {
    id: p.id, villageId: p.villageId, name: p.nameZh, nameEn: p.nameEn, kind: p.kind, isDemo: p.isDemo,
    // Derived from the buildings and records; `halted` is the one thing stored; `recordedStatus` only where an older record says otherwise.
    status: s.status.status, deliveredOn: s.status.deliveredOn, halted: s.status.halted, recordedStatus: s.status.recordedDiffers,
    landAreaM2: p.landAreaM2, plannedFloorAreaM2: p.plannedFloorAreaM2, investmentYuan: p.investmentYuan,
    developer: p.developer, constructionEntity: p.constructionEntity,
    plannedStart: p.plannedStart, plannedCompletion: p.plannedCompletion,
    plannedCompletionPrecision: p.plannedCompletionPrecision, baselineCompletion: p.baselineCompletion,
    baselineCompletionPrecision: p.baselineCompletionPrecision, actualStart: p.actualStart, actualCompletion: p.actualCompletion,
    source: sourceJson(p.sourceId === null ? undefined : sources.get(p.sourceId)),
    ...aggregateJson(s, sources),
    deadline: deadlineJson(s.deadline),
    nextDeadline: s.nextDeadline ? { ...deadlineJson(s.nextDeadline), batchId: s.nextDeadline.batchId } : null,
  };
}

export function buildingJson(b: Building) {
  return {
    id: b.id, seq: b.seq, code: b.code, floors: b.floors, floorAreaM2: b.floorAreaM2,
    dwellingUnits: b.dwellingUnits, stage: b.stage, stageDate: b.stageDate,
  };
}

export function batchJson(b: Batch, s: BatchSummary, buildings: readonly Building[]) {
  return {
    id: b.id, sequence: b.sequence, name: b.nameZh, nameEn: b.nameEn,
    targetDeliveryDate: b.targetDeliveryDate, targetPrecision: b.targetPrecision, actualDeliveryDate: b.actualDeliveryDate,
    baselineTargetDate: b.baselineTargetDate, baselineTargetPrecision: b.baselineTargetPrecision,
    note: b.note,
    noteEn: b.noteEn,
    status: s.status.status, deliveredOn: s.status.deliveredOn,
    ...scopeJson(s),
    deadline: deadlineJson(s.deadline),
    costOfDelay: s.costOfDelay ? { monthsLate: s.costOfDelay.monthsLate, costYuan: s.costOfDelay.costYuan } : null,
    buildings: buildings.map(buildingJson),
  };
}

/** A scope's household ladder: the households to resettle, each step's count and its fraction of them, the latest record's day. */
export function householdsJson(h: HouseholdLadder | undefined | null) {
  if (!h) return null;
  const step = (s: HouseholdStep) => ({ count: h.counts[s], rate: h.rates[s].rate });
  return {
    asOf: h.asOf, households: h.households,
    allocated: step('allocated'), notices: step('notices'), handedOver: step('handedOver'), movedIn: step('movedIn'), certificates: step('certificates'),
  };
}

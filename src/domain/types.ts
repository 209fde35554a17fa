// Plain data the progress engine works on. No database or HTTP types here.
import type { Tally } from './tally';

/** ISO 8601 calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

export const STAGES = [
  'planned',
  'foundation',
  'structure',
  'topped_out',
  'finishing',
  'landscaping',
  'accepted',
  'delivered',
] as const;
export type Stage = (typeof STAGES)[number];

/** Progress weight of each stage, 0–100. */
export type StageWeights = Readonly<Record<Stage, number>>;

export const DEFAULT_STAGE_WEIGHTS: StageWeights = Object.freeze({
  planned: 0,
  foundation: 10,
  structure: 35,
  topped_out: 60,
  finishing: 75,
  landscaping: 90,
  accepted: 95,
  delivered: 100,
});

export const PROJECT_KINDS = ['resettlement', 'collective_affordable'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const DEADLINE_STATUSES = ['delivered', 'on_track', 'at_risk', 'overdue'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** How precisely a target date is known: "end of 2023" is `year`, "December 2025" is `month`. */
export const DATE_PRECISIONS = ['day', 'month', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export interface BuildingFacts {
  id: number;
  /** m²; null where the source does not give it. */
  floorAreaM2: number | null;
  stage: Stage;
}

/** A stage a building reached on a date: the history that progress over time is rebuilt from. */
export interface StageEvent {
  buildingId: number;
  stage: Stage;
  date: IsoDate;
}

/**
 * Where a scope's planned area comes from: the sum of its buildings (all itemised with an area), or
 * a project's planned floor area (its buildings are not all itemised, or some areas are unknown).
 * `mixed`: an aggregate of both kinds.
 */
export type PlannedAreaBasis = 'buildings' | 'project' | 'mixed';

/** Planned, started and delivered floor area of a scope, m², with where they come from. */
export interface AreaFacts {
  plannedAreaM2: number | null;
  startedAreaM2: number | null;
  deliveredAreaM2: number | null;
  plannedAreaBasis: PlannedAreaBasis | null;
  /**
   * Started and delivered areas leave out what is not itemised (buildings of unknown area, planned
   * area not yet registered as buildings): they are at least these, and the rates are lower bounds.
   */
  areaPartial: boolean;
}

/** A scope whose figures roll up: a batch, project, village, sub-district or district. */
export interface ScopeFacts {
  /** Its buildings per stage, as of the day the figures are for (see tally.ts). */
  tally: Tally;
  area: AreaFacts;
  peopleEntitled: number | null;
  peopleReturned: number | null;
  householdsEntitled: number | null;
  householdsReturned: number | null;
}

/** `area` when every building's floor area is known; otherwise progress is counted by buildings. */
export type ProgressBasis = 'area' | 'buildings' | 'none';

export interface ScopeFigures {
  plannedAreaM2: number | null;
  startedAreaM2: number | null;
  deliveredAreaM2: number | null;
  plannedAreaBasis: PlannedAreaBasis | null;
  /** See AreaFacts.areaPartial: started/delivered area and the rates are lower bounds. */
  areaPartial: boolean;
  startRate: number | null;
  deliveryRate: number | null;
  /** 0–1, area-weighted (or building-weighted when basis is `buildings`). */
  constructionProgress: number | null;
  progressBasis: ProgressBasis;
  buildingCount: number;
  buildingsStarted: number;
  buildingsDelivered: number;
  /** Buildings per stage, and their known area per stage (m²). */
  stageDistribution: Record<Stage, { buildings: number; areaM2: number }>;
  peopleReturnRate: number | null;
  householdReturnRate: number | null;
}

/** A cumulative progress report as published or submitted. */
export interface ReportFacts {
  id: number;
  asOf: IsoDate;
  plannedAreaM2: number | null;
  startedAreaM2: number | null;
  deliveredAreaM2: number | null;
  peopleEntitled: number | null;
  peopleReturned: number | null;
  householdsEntitled: number | null;
  householdsReturned: number | null;
  /** As published, fractions 0–1 (96 % is 0.96). */
  publishedStartRate: number | null;
  publishedDeliveryRate: number | null;
  publishedReturnRate: number | null;
  isCorrection: boolean;
}

export interface ProgressPoint {
  date: IsoDate;
  /** 0–1 */
  progress: number;
}

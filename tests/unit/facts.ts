// Builders for the plain facts the domain works on: every field present, overridable per test.
import type { BuildingFacts, ReportFacts, ScopeFacts, Stage } from '../../src/domain/types';

let nextBuildingId = 1;
export function building(stage: Stage, floorAreaM2: number | null): BuildingFacts {
  return { id: nextBuildingId++, stage, floorAreaM2 };
}

export function scope(overrides: Partial<ScopeFacts> = {}): ScopeFacts {
  return {
    buildings: [],
    unitemisedPlannedAreaM2: 0,
    unitemisedStartedAreaM2: 0,
    unitemisedDeliveredAreaM2: 0,
    peopleEntitled: null,
    peopleReturned: null,
    householdsEntitled: null,
    householdsReturned: null,
    ...overrides,
  };
}

export function report(overrides: Partial<ReportFacts> = {}): ReportFacts {
  return {
    id: 1,
    asOf: '2023-11-20',
    plannedAreaM2: null,
    startedAreaM2: null,
    deliveredAreaM2: null,
    peopleEntitled: null,
    peopleReturned: null,
    householdsEntitled: null,
    householdsReturned: null,
    publishedStartRate: null,
    publishedDeliveryRate: null,
    publishedReturnRate: null,
    isCorrection: false,
    ...overrides,
  };
}

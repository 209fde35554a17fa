// Builders for the plain facts the domain works on: every field present, overridable per test.
import type { BuildingFacts, ReportFacts, ScopeFacts, Stage } from '../../src/domain/types';
import { itemisedArea } from '../../src/domain/progress';

let nextBuildingId = 1;
export function building(stage: Stage, floorAreaM2: number | null): BuildingFacts {
  return { id: nextBuildingId++, stage, floorAreaM2 };
}

/** A scope of buildings; its area is that of the buildings unless `area` is given (a project's rule). */
export function scope(overrides: Partial<ScopeFacts> = {}): ScopeFacts {
  return {
    buildings: [],
    area: itemisedArea(overrides.buildings ?? []),
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

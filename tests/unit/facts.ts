// Builders for the plain facts the domain works on: every field present, overridable per test.
import type { BuildingFacts, ReportFacts, ScopeFacts, Stage, StageEvent } from '../../src/domain/types';
import { itemisedArea } from '../../src/domain/progress';
import { emptyTally, mergeChanges, toCm2, type Tally, type TallyChange } from '../../src/domain/tally';
import { changesOfBuilding } from '../../src/domain/scopes';

let nextBuildingId = 1;
export function building(stage: Stage, floorAreaM2: number | null): BuildingFacts {
  return { id: nextBuildingId++, stage, floorAreaM2 };
}

/** The tally of buildings standing at their stages now. */
export function tallyOf(buildings: readonly Pick<BuildingFacts, 'stage' | 'floorAreaM2'>[]): Tally {
  const t = emptyTally();
  for (const b of buildings) {
    t[b.stage].buildings += 1;
    if (b.floorAreaM2 === null) t[b.stage].unknownArea += 1;
    else t[b.stage].areaCm2 += toCm2(b.floorAreaM2);
  }
  return t;
}

/** The dated changes of buildings from their events (as the engine derives them). */
export function changesOf(buildings: readonly BuildingFacts[], events: readonly StageEvent[]): TallyChange[] {
  return mergeChanges(buildings.flatMap((b) => changesOfBuilding({ ...b, stageDate: null }, events.filter((e) => e.buildingId === b.id))));
}

/** A scope of buildings; its area is that of the buildings unless `area` is given (a project's rule). */
export function scope(overrides: Partial<Omit<ScopeFacts, 'tally'>> & { buildings?: readonly BuildingFacts[] } = {}): ScopeFacts {
  const { buildings = [], ...rest } = overrides;
  const tally = tallyOf(buildings);
  return {
    tally,
    area: itemisedArea(tally),
    peopleEntitled: null,
    peopleReturned: null,
    householdsEntitled: null,
    householdsReturned: null,
    ...rest,
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

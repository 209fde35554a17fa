// A building's page: its own ladder of stages with the day it reached each, its stage events
// (corrections marked), and its batch's target, households and records (the batch page's parts).
import { buildingLadder, type LadderRung } from '../../domain/building-ladder';
import type { Building, Milestone } from '../../domain/entities';
import type { BuildingPageView } from '../../services/building-read.service';
import type { Formatter } from '../format';
import { batchVm, type BatchVm } from './detail.vm';
import { makeLookup } from './lookup';

type T = (key: string, opts?: Record<string, unknown>) => string;

/** How many of its stage events the page lists, newest first. */
export const BUILDING_EVENTS = 10;

export interface BuildingVm extends BatchVm {
  building: Building;
  ladder: LadderRung[];
  events: Pick<Milestone, 'id' | 'date' | 'stage' | 'isCorrection' | 'correctionReason'>[];
  eventsTotal: number;
}

export function buildingVm(view: BuildingPageView, t: T, fmt: Formatter): BuildingVm {
  const lookup = makeLookup(view);
  const batch = batchVm(lookup, view.records, view.batchId, t, fmt, view.batchHouseholds);
  const building = batch.row.buildings.find((b) => b.id === view.buildingId)!;
  const events = [...view.events].reverse();
  return {
    ...batch,
    building,
    ladder: buildingLadder(view.events.map((e) => ({ stage: e.stage, date: e.date, id: e.id, isCorrection: e.isCorrection })), building),
    events: events.slice(0, BUILDING_EVENTS).map((e) => ({ id: e.id, date: e.date, stage: e.stage, isCorrection: e.isCorrection, correctionReason: e.correctionReason })),
    eventsTotal: events.length,
  };
}

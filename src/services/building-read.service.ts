// A building's page (GET /buildings/:id): the page of its batch (figures, target, households,
// records) and the building's own stage events, read at one commit.
import type { Db } from '../db/create-db';
import type { Milestone } from '../domain/entities';
import { NotFoundError } from '../domain/errors';
import type { IsoDate } from '../domain/types';
import { buildingBatch, eventsOfBuilding } from '../repositories/entity.repository';
import { batchPageIn, type BatchPageView } from './scope-read.service';

export interface BuildingPageView extends BatchPageView {
  buildingId: number;
  batchId: number;
  /** Its stage events, oldest first (corrections among them). */
  events: Milestone[];
}

export const readBuildingPage = (db: Db, id: number, asOf: IsoDate): Promise<BuildingPageView> =>
  db.transaction().execute(async (trx) => {
    const batchId = await buildingBatch(trx, id);
    if (batchId === null) throw new NotFoundError('building', id);
    const view = await batchPageIn(trx, batchId, asOf);
    // what is dated after asOf is not known on that day
    const events = (await eventsOfBuilding(trx, id)).filter((e) => e.date <= asOf);
    return { ...view, buildingId: id, batchId, events };
  });

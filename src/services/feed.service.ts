// What a scope's Atom feed is made of (GET /feeds/<scope>/<id>.atom): its latest records (stages
// reached, deliveries, reports), its batches' and projects' target revisions with their reasons, and
// its batches' household records, all read at one commit and none dated after asOf.
import type { Db } from '../db/create-db';
import { NotFoundError } from '../domain/errors';
import type { TargetRevision } from '../domain/target-history';
import type { IsoDate } from '../domain/types';
import { feedPlaces, type FeedPlaces, type FeedScope } from '../repositories/feed.repository';
import { householdRecordsOfBatches, type HouseholdRecord } from '../repositories/household.repository';
import { listRecords, type RecordScope, type RecordsPage } from '../repositories/record.repository';
import { revisionsOf } from '../repositories/target-revision.repository';

/** How many entries of each kind a feed carries, newest first. */
export const FEED_ENTRIES = 50;

export interface FeedData {
  scope: FeedScope;
  id: number;
  places: FeedPlaces;
  records: RecordsPage;
  revisions: TargetRevision[];
  households: HouseholdRecord[];
}

export type { FeedScope };

const recordScope = (scope: FeedScope, id: number): RecordScope =>
  scope === 'district' ? { districtId: id } : scope === 'village' ? { villageId: id } : scope === 'project' ? { projectId: id } : { batchId: id };

export const readFeed = (db: Db, scope: FeedScope, id: number, asOf: IsoDate): Promise<FeedData> =>
  db.transaction().execute(async (trx) => {
    const places = await feedPlaces(trx, scope, id);
    if (!places) throw new NotFoundError(scope, id);
    const records = await listRecords(trx, recordScope(scope, id), { limit: FEED_ENTRIES, offset: 0 });
    const batchIds = places.batches.map((b) => b.id);
    const revisions = [
      ...await revisionsOf(trx, 'batch', batchIds),
      ...(scope === 'batch' ? [] : await revisionsOf(trx, 'project', places.projects.map((p) => p.id))),
    ].filter((r) => r.revisedOn <= asOf);
    const households = [...(await householdRecordsOfBatches(trx, batchIds)).values()].flat().filter((h) => h.asOf <= asOf);
    const newest = <T>(rows: T[], date: (r: T) => string) => rows.sort((a, b) => (date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : 0)).slice(0, FEED_ENTRIES);
    return {
      scope, id, places,
      records: { ...records, records: records.records.filter((r) => r.date <= asOf) },
      revisions: newest(revisions, (r) => r.revisedOn),
      households: newest(households, (h) => h.asOf),
    };
  });

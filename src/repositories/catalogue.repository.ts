import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { ModelSnapshot } from '../domain/entities';
import {
  toBatch, toBuilding, toDistrict, toMilestone, toProject, toReport, toSource, toVillage,
} from './mappers';

// Reads of the whole model. A district holds a few hundred buildings, so the public side loads it
// whole and computes figures in memory; the city-scale read path is a later issue.

export type Conn = Kysely<Database> | Transaction<Database>;

export type Catalogue = ModelSnapshot;

export async function loadCatalogue(db: Conn): Promise<Catalogue> {
  const [districts, villages, projects, batches, buildings, milestones, reports, sources] = await Promise.all([
    db.selectFrom('districts').selectAll().orderBy('id').execute(),
    db.selectFrom('villages').selectAll().orderBy('id').execute(),
    db.selectFrom('projects').selectAll().orderBy('id').execute(),
    db.selectFrom('batches').selectAll().orderBy('project_id').orderBy('sequence').execute(),
    db.selectFrom('buildings').selectAll().orderBy('batch_id').orderBy('seq').execute(),
    db.selectFrom('milestones').selectAll().where('kind', '=', 'actual').orderBy('date').orderBy('id').execute(),
    db.selectFrom('progress_reports').selectAll().orderBy('as_of').orderBy('id').execute(),
    db.selectFrom('sources').selectAll().orderBy('id').execute(),
  ]);
  return {
    districts: districts.map(toDistrict),
    villages: villages.map(toVillage),
    projects: projects.map(toProject),
    batches: batches.map(toBatch),
    buildings: buildings.map(toBuilding),
    milestones: milestones.map(toMilestone),
    reports: reports.map(toReport),
    sources: sources.map(toSource),
  };
}

export async function countDistricts(db: Conn): Promise<number> {
  const row = await db.selectFrom('districts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

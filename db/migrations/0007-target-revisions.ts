import { Kysely, PostgresAdapter, sql } from 'kysely';
import { idColumn } from './dialect';

// Deadlines keep their history. A batch's target delivery date and a project's planned completion
// keep their first value (the baseline, as OC4IDS keeps `period`), never changed after it was first
// entered; every later change is a dated revision with its reason and who made it. The columns of
// the current target stay where they were (a copy of the latest revision, written with it).
// Existing databases: the baseline is the target they hold now, since nothing older was kept.
// Frozen in time.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('batches').addColumn('baseline_target_date', 'text').execute();
  await db.schema.alterTable('batches').addColumn('baseline_target_precision', 'text').execute();
  await db.schema.alterTable('projects').addColumn('baseline_completion', 'text').execute();
  await db.schema.alterTable('projects').addColumn('baseline_completion_precision', 'text').execute();

  await db.schema
    .createTable('target_revisions')
    .addColumn('id', ...idColumn(db))
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'integer', (c) => c.notNull())
    // the day the change was recorded (China time), and the new target (null: the target was withdrawn)
    .addColumn('revised_on', 'text', (c) => c.notNull())
    .addColumn('target_date', 'text')
    .addColumn('target_precision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('username', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('target_revisions_scope', sql`scope_type in ('batch','project')`)
    .addCheckConstraint('target_revisions_precision', sql`target_precision in ('day','month','year')`)
    .addCheckConstraint('target_revisions_reason', sql`length(reason) > 0`)
    .execute();
  await db.schema.createIndex('target_revisions_scope_idx').on('target_revisions').columns(['scope_type', 'scope_id', 'id']).execute();
  await db.schema.createIndex('target_revisions_revised_on').on('target_revisions').column('revised_on').execute();

  await db.updateTable('batches')
    .set({ baseline_target_date: sql`target_delivery_date`, baseline_target_precision: sql`target_precision` })
    .where('target_delivery_date', 'is not', null)
    .execute();
  await db.updateTable('projects')
    .set({ baseline_completion: sql`planned_completion`, baseline_completion_precision: sql`planned_completion_precision` })
    .where('planned_completion', 'is not', null)
    .execute();

  // A revision is part of the model: cached pages must not outlive one (see 0003-data-version).
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create trigger target_revisions_bump_version after insert or update or delete on target_revisions
      for each statement execute function bump_data_version()`.execute(db);
    return;
  }
  for (const op of ['insert', 'update', 'delete']) {
    await sql`create trigger ${sql.raw(`target_revisions_bump_version_${op}`)} after ${sql.raw(op)} on target_revisions
      begin update data_version set version = version + 1 where id = 1; end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger if exists target_revisions_bump_version on target_revisions`.execute(db);
  } else {
    for (const op of ['insert', 'update', 'delete']) await sql`drop trigger if exists ${sql.raw(`target_revisions_bump_version_${op}`)}`.execute(db);
  }
  await db.schema.dropTable('target_revisions').execute();
  await db.schema.alterTable('projects').dropColumn('baseline_completion_precision').execute();
  await db.schema.alterTable('projects').dropColumn('baseline_completion').execute();
  await db.schema.alterTable('batches').dropColumn('baseline_target_precision').execute();
  await db.schema.alterTable('batches').dropColumn('baseline_target_date').execute();
}

import { Kysely, PostgresAdapter, sql } from 'kysely';
import { idColumn } from './dialect';

// Deadlines keep their history. A batch's target delivery date and a project's planned completion
// keep their first value (the baseline, as OC4IDS keeps `period`), never changed after it was first
// entered; every later change is a dated revision with its reason and who made it. The columns of
// the current target stay where they were (a copy of the latest revision, written with it).
// Existing databases: the baseline is the target they hold now, since nothing older was kept.
// From here on the database itself keeps the rule for every writer (triggers below). Frozen in time.

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
  } else {
    for (const op of ['insert', 'update', 'delete']) {
      await sql`create trigger ${sql.raw(`target_revisions_bump_version_${op}`)} after ${sql.raw(op)} on target_revisions
        begin update data_version set version = version + 1 where id = 1; end`.execute(db);
    }
  }
  for (const t of BASELINES) await baselineTriggers(db, t);
}

/** Where each table keeps its target and its baseline. */
const BASELINES = [
  { table: 'batches', target: 'target_delivery_date', precision: 'target_precision', baseline: 'baseline_target_date', baselinePrecision: 'baseline_target_precision' },
  { table: 'projects', target: 'planned_completion', precision: 'planned_completion_precision', baseline: 'baseline_completion', baselinePrecision: 'baseline_completion_precision' },
] as const;

/**
 * Whatever writes a row (a form, an import, a seed, a restore brought up to date), the first target
 * it is given becomes its baseline, and a baseline once set is never changed.
 */
async function baselineTriggers(db: Kysely<any>, c: (typeof BASELINES)[number]): Promise<void> {
  const [table, target, precision, baseline, baselinePrecision] = [c.table, c.target, c.precision, c.baseline, c.baselinePrecision].map((x) => sql.raw(x));
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function ${sql.raw(`${c.table}_baseline`)}() returns trigger language plpgsql as $$ begin
      if tg_op = 'UPDATE' and old.${baseline} is not null and (new.${baseline} is distinct from old.${baseline} or new.${baselinePrecision} is distinct from old.${baselinePrecision}) then
        raise exception 'the baseline of a target is never changed';
      end if;
      if new.${baseline} is null and new.${target} is not null then
        new.${baseline} := new.${target};
        new.${baselinePrecision} := new.${precision};
      end if;
      return new;
    end $$`.execute(db);
    await sql`create trigger ${sql.raw(`${c.table}_baseline`)} before insert or update on ${table}
      for each row execute function ${sql.raw(`${c.table}_baseline`)}()`.execute(db);
    return;
  }
  await sql`create trigger ${sql.raw(`${c.table}_baseline_fixed`)} before update of ${baseline}, ${baselinePrecision} on ${table}
    when old.${baseline} is not null and (new.${baseline} is not old.${baseline} or new.${baselinePrecision} is not old.${baselinePrecision})
    begin select raise(abort, 'the baseline of a target is never changed'); end`.execute(db);
  for (const op of ['insert', 'update']) {
    await sql`create trigger ${sql.raw(`${c.table}_baseline_${op}`)} after ${sql.raw(op === 'insert' ? 'insert' : `update of ${c.target}`)} on ${table}
      when new.${baseline} is null and new.${target} is not null
      begin update ${table} set ${baseline} = new.${target}, ${baselinePrecision} = new.${precision} where id = new.id; end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger if exists target_revisions_bump_version on target_revisions`.execute(db);
    for (const c of BASELINES) {
      await sql`drop trigger if exists ${sql.raw(`${c.table}_baseline`)} on ${sql.raw(c.table)}`.execute(db);
      await sql`drop function if exists ${sql.raw(`${c.table}_baseline`)}()`.execute(db);
    }
  } else {
    for (const op of ['insert', 'update', 'delete']) await sql`drop trigger if exists ${sql.raw(`target_revisions_bump_version_${op}`)}`.execute(db);
    for (const c of BASELINES) {
      for (const name of ['fixed', 'insert', 'update']) await sql`drop trigger if exists ${sql.raw(`${c.table}_baseline_${name}`)}`.execute(db);
    }
  }
  await db.schema.dropTable('target_revisions').execute();
  await db.schema.alterTable('projects').dropColumn('baseline_completion_precision').execute();
  await db.schema.alterTable('projects').dropColumn('baseline_completion').execute();
  await db.schema.alterTable('batches').dropColumn('baseline_target_precision').execute();
  await db.schema.alterTable('batches').dropColumn('baseline_target_date').execute();
}

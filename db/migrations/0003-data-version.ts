import { Kysely, PostgresAdapter, sql } from 'kysely';

// One counter that every write to the model bumps, inside the writing transaction, by trigger: the
// read path caches computed figures under it, so a cache can never outlive a committed write, in
// this process or another. Frozen in time.

const TABLES = ['districts', 'subdistricts', 'villages', 'projects', 'batches', 'buildings', 'milestones', 'progress_reports', 'stage_weights', 'settings', 'sources'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addCheckConstraint('data_version_single', sql`id = 1`)
    .execute();
  await db.insertInto('data_version').values({ id: 1, version: 1 }).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function bump_data_version() returns trigger language plpgsql as $$
      begin update data_version set version = version + 1 where id = 1; return null; end $$`.execute(db);
    for (const t of TABLES) {
      await sql`create trigger ${sql.raw(`${t}_bump_version`)} after insert or update or delete on ${sql.table(t)}
        for each statement execute function bump_data_version()`.execute(db);
    }
    return;
  }
  for (const t of TABLES) {
    for (const op of ['insert', 'update', 'delete']) {
      await sql`create trigger ${sql.raw(`${t}_bump_version_${op}`)} after ${sql.raw(op)} on ${sql.table(t)}
        begin update data_version set version = version + 1 where id = 1; end`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const t of TABLES) await sql`drop trigger if exists ${sql.raw(`${t}_bump_version`)} on ${sql.table(t)}`.execute(db);
    await sql`drop function if exists bump_data_version()`.execute(db);
  } else {
    for (const t of TABLES) for (const op of ['insert', 'update', 'delete']) await sql`drop trigger if exists ${sql.raw(`${t}_bump_version_${op}`)}`.execute(db);
  }
  await db.schema.dropTable('data_version').execute();
}

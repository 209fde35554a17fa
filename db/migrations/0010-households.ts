import { Kysely, PostgresAdapter, sql } from 'kysely';
import { idColumn } from './dialect';

// Households after delivery, counted, never named: per batch, dated cumulative counts of flats
// allocated, delivery notices, keys handed over, households moved in and certificates issued; their
// rollup per scope (the differences from one record to the next, so that a scope's counts on a day
// are a prefix sum, as with the stage changes of 0005); and each district's dated allowance rules,
// one row per escalation step. Both kinds of row bump the data version and their district's
// counter (0003, 0009). Frozen in time.

const COUNTS = ['households', 'allocated', 'notices', 'handed_over', 'moved_in', 'certificates'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  let counts = db.schema
    .createTable('household_counts')
    .addColumn('id', ...idColumn(db))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id').onDelete('cascade'))
    .addColumn('as_of', 'text', (c) => c.notNull());
  for (const c of COUNTS) counts = counts.addColumn(c, 'integer', (col) => col.notNull());
  await counts
    .addColumn('is_correction', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('correction_reason', 'text')
    .addColumn('source_id', 'integer', (c) => c.references('sources.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('household_counts_batch_day', ['batch_id', 'as_of'])
    .addCheckConstraint('household_counts_whole', sql`households >= 0 and allocated >= 0 and notices >= 0 and handed_over >= 0 and moved_in >= 0 and certificates >= 0`)
    .addCheckConstraint('household_counts_ladder', sql`allocated <= households and notices <= allocated and handed_over <= notices and moved_in <= handed_over and certificates <= handed_over`)
    .execute();

  let changes = db.schema
    .createTable('household_changes')
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull());
  for (const c of COUNTS) changes = changes.addColumn(c, 'integer', (col) => col.notNull());
  await changes.addPrimaryKeyConstraint('household_changes_pk', ['scope_type', 'scope_id', 'date']).execute();

  await db.schema
    .createTable('allowance_rules')
    .addColumn('id', ...idColumn(db))
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('cascade'))
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('amount_yuan', 'double precision', (c) => c.notNull())
    .addColumn('min_area_m2', 'double precision')
    .addColumn('after_months', 'integer', (c) => c.notNull())
    .addColumn('multiplier', 'double precision', (c) => c.notNull())
    .addColumn('paid_until', 'text', (c) => c.notNull())
    .addUniqueConstraint('allowance_rules_step', ['district_id', 'effective_from', 'after_months'])
    .addCheckConstraint('allowance_rules_basis', sql`basis in ('household','m2')`)
    .addCheckConstraint('allowance_rules_paid_until', sql`paid_until in ('handover_month','notice_next_month')`)
    .addCheckConstraint('allowance_rules_values', sql`amount_yuan >= 0 and after_months >= 0 and multiplier > 0 and (min_area_m2 is null or min_area_m2 >= 0)`)
    .execute();

  const BATCH = (id: string) => `(select v.district_id from batches b join projects p on p.id = b.project_id join villages v on v.id = p.village_id where b.id = ${id})`;
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, expr] of [['household_counts', BATCH('R.batch_id')], ['allowance_rules', 'R.district_id']] as const) {
    if (pg) {
      await sql.raw(`create trigger ${table}_bump_version after insert or update or delete on ${table} for each statement execute function bump_data_version()`).execute(db);
    }
    for (const op of ['insert', 'update', 'delete'] as const) {
      const rows = op === 'insert' ? ['NEW'] : op === 'delete' ? ['OLD'] : ['OLD', 'NEW'];
      const name = `${table}_district_version_${op}`;
      if (pg) {
        const ids = rows.map((r) => `select coalesce(${expr}, 0) from ${r.toLowerCase()}_rows R`).join(' union ');
        await sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin
          update district_versions set version = version + 1 where district_id in (${ids}); return null; end $$`).execute(db);
        await sql.raw(`create trigger ${name} after ${op} on ${table} referencing ${rows.map((r) => `${r.toLowerCase()} table as ${r.toLowerCase()}_rows`).join(' ')}
          for each statement execute function ${name}()`).execute(db);
      } else {
        const ids = rows.map((r) => `coalesce(${expr.replaceAll('R.', `${r}.`)}, 0)`).join(', ');
        await sql.raw(`create trigger ${name} after ${op} on ${table} begin
          update data_version set version = version + 1 where id = 1;
          update district_versions set version = version + 1 where district_id in (${ids}); end`).execute(db);
      }
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of ['household_counts', 'allowance_rules']) {
    if (pg) await sql.raw(`drop trigger if exists ${table}_bump_version on ${table}`).execute(db);
    for (const op of ['insert', 'update', 'delete']) {
      const name = `${table}_district_version_${op}`;
      if (pg) {
        await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
        await sql.raw(`drop function if exists ${name}()`).execute(db);
      } else await sql.raw(`drop trigger if exists ${name}`).execute(db);
    }
  }
  await db.schema.dropTable('allowance_rules').execute();
  await db.schema.dropTable('household_changes').execute();
  await db.schema.dropTable('household_counts').execute();
}

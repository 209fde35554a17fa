import { Kysely, PostgresAdapter, sql } from 'kysely';
import { idColumn } from './dialect';

// Residents' feedback, anonymous: a message about a project, batch or building with its category,
// the steps staff take it through and the answer; the tracking code is kept only as a hash (like the
// sessions of 0004), so a copy of the database opens no one's message. No name, address or network
// address is stored. And satisfaction scores (1–5) per batch, once its keys were handed over. Both
// bump a counter of their own per district, `feedback_versions`, which the cached public pages'
// keys include (their statistics show there); not the data version or the district counters of
// 0003 and 0009, which would rebuild the search index and the site's figures for every message.
// Frozen in time.

const PROJECT = (id: string) => `(select v.district_id from projects p join villages v on v.id = p.village_id where p.id = ${id})`;
const BATCH = (id: string) => `(select v.district_id from batches b join projects p on p.id = b.project_id join villages v on v.id = p.village_id where b.id = ${id})`;
const BUILDING = (id: string) => `(select v.district_id from buildings bu join batches b on b.id = bu.batch_id join projects p on p.id = b.project_id join villages v on v.id = p.village_id where bu.id = ${id})`;
const DISTRICT_OF = {
  feedback: `case R.scope_type when 'project' then ${PROJECT('R.scope_id')} when 'batch' then ${BATCH('R.scope_id')} else ${BUILDING('R.scope_id')} end`,
  satisfaction_ratings: BATCH('R.batch_id'),
} as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feedback')
    .addColumn('id', ...idColumn(db))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    // no foreign key: a message outlives the building it was about (deleted by mistake, say)
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('answer', 'text')
    .addColumn('close_reason', 'text')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addCheckConstraint('feedback_scope', sql`scope_type in ('project','batch','building')`)
    .addCheckConstraint('feedback_kind', sql`kind in ('question','suggestion','complaint')`)
    .addCheckConstraint('feedback_category', sql`category in ('delay','quality','allowance','allocation','certificate','other')`)
    .addCheckConstraint('feedback_status', sql`status in ('received','acknowledged','answered','closed')`)
    .addCheckConstraint('feedback_published', sql`published in (0, 1) and (published = 0 or answer is not null)`)
    .execute();
  await db.schema.createIndex('feedback_scope_idx').on('feedback').columns(['scope_type', 'scope_id']).execute();
  await db.schema.createIndex('feedback_status_idx').on('feedback').columns(['status', 'received_at']).execute();
  await db.schema.createIndex('feedback_body_hash_idx').on('feedback').column('body_hash').execute();

  await db.schema
    .createTable('satisfaction_ratings')
    .addColumn('id', ...idColumn(db))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id').onDelete('cascade'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('rated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('satisfaction_score', sql`score between 1 and 5`)
    .execute();
  await db.schema.createIndex('satisfaction_batch_idx').on('satisfaction_ratings').column('batch_id').execute();

  // a district's row appears with its first message (0: a message whose place is gone)
  await db.schema.createTable('feedback_versions')
    .addColumn('district_id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const bump = `on conflict (district_id) do update set version = feedback_versions.version + 1`;
  for (const [table, expr] of Object.entries(DISTRICT_OF)) {
    for (const op of ['insert', 'update', 'delete'] as const) {
      const rows = op === 'insert' ? ['NEW'] : op === 'delete' ? ['OLD'] : ['OLD', 'NEW'];
      const name = `${table}_feedback_version_${op}`;
      if (pg) {
        // once per statement and district, from its transition tables
        const ids = rows.map((r) => `select coalesce(${expr}, 0) as d from ${r.toLowerCase()}_rows R`).join(' union ');
        await sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin
          insert into feedback_versions (district_id, version) select d, 1 from (${ids}) x ${bump}; return null; end $$`).execute(db);
        await sql.raw(`create trigger ${name} after ${op} on ${table} referencing ${rows.map((r) => `${r.toLowerCase()} table as ${r.toLowerCase()}_rows`).join(' ')}
          for each statement execute function ${name}()`).execute(db);
      } else {
        const inserts = rows.map((r) => `insert into feedback_versions (district_id, version) values (coalesce(${expr.replaceAll('R.', `${r}.`)}, 0), 1) ${bump};`).join('\n');
        await sql.raw(`create trigger ${name} after ${op} on ${table} begin ${inserts} end`).execute(db);
      }
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of Object.keys(DISTRICT_OF)) {
    for (const op of ['insert', 'update', 'delete']) {
      const name = `${table}_feedback_version_${op}`;
      if (pg) {
        await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
        await sql.raw(`drop function if exists ${name}()`).execute(db);
      } else await sql.raw(`drop trigger if exists ${name}`).execute(db);
    }
  }
  await db.schema.dropTable('feedback_versions').execute();
  await db.schema.dropTable('satisfaction_ratings').execute();
  await db.schema.dropTable('feedback').execute();
}

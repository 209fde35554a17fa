import { Kysely, PostgresAdapter, sql } from 'kysely';

// A version per district beside the one of the whole model (0003): a write inside a district bumps
// that district's counter (both districts' for a move), in the writing transaction, by trigger, so a
// cached page of another district, and another district's part of the site's figures, stay valid.
// Row 0 is what every page depends on: settings, stage weights, sources, the list of districts, and
// any row whose district can no longer be found (a cascade whose parent is already gone). Frozen in time.

/** How each table's row finds its district; `R` is the row (NEW/OLD in SQLite, a transition row in PostgreSQL). */
const PROJECT = (id: string) => `(select v.district_id from projects p join villages v on v.id = p.village_id where p.id = ${id})`;
const BATCH = (id: string) => `(select v.district_id from batches b join projects p on p.id = b.project_id join villages v on v.id = p.village_id where b.id = ${id})`;
const DISTRICT_OF: Record<string, string> = {
  subdistricts: 'R.district_id',
  villages: 'R.district_id',
  projects: '(select v.district_id from villages v where v.id = R.village_id)',
  batches: PROJECT('R.project_id'),
  buildings: BATCH('R.batch_id'),
  milestones: `(select v.district_id from buildings bu join batches b on b.id = bu.batch_id join projects p on p.id = b.project_id join villages v on v.id = p.village_id where bu.id = R.building_id)`,
  progress_reports: `coalesce(R.district_id, (select v.district_id from villages v where v.id = R.village_id), ${PROJECT('R.project_id')})`,
  target_revisions: `case R.scope_type when 'batch' then ${BATCH('R.scope_id')} else ${PROJECT('R.scope_id')} end`,
};
/** What every page shows: a change to one of these bumps row 0. */
const SITE_WIDE = ['districts', 'settings', 'stage_weights', 'sources'];
const OPS = ['insert', 'update', 'delete'] as const;
const rowsOf = (op: (typeof OPS)[number]) => (op === 'insert' ? ['NEW'] : op === 'delete' ? ['OLD'] : ['OLD', 'NEW']);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('district_versions')
    .addColumn('district_id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into district_versions (district_id, version) values (0, 1)`.execute(db);
  await sql`insert into district_versions (district_id, version) select id, 1 from districts`.execute(db);
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, expr] of Object.entries(DISTRICT_OF)) {
    for (const op of OPS) await (pg ? pgTrigger : sqliteTrigger)(db, table, op, expr);
  }
  for (const table of SITE_WIDE) for (const op of OPS) await (pg ? pgTrigger : sqliteTrigger)(db, table, op, null);
}

async function sqliteTrigger(db: Kysely<any>, table: string, op: (typeof OPS)[number], expr: string | null): Promise<void> {
  const ids = expr === null ? '0' : rowsOf(op).map((r) => `coalesce(${expr.replaceAll('R.', `${r}.`)}, 0)`).join(', ');
  const add = table === 'districts' && op === 'insert' ? 'insert or ignore into district_versions (district_id, version) values (NEW.id, 1);' : '';
  await sql.raw(`create trigger ${table}_district_version_${op} after ${op} on ${table} begin
    ${add} update district_versions set version = version + 1 where district_id in (${ids}); end`).execute(db);
}

async function pgTrigger(db: Kysely<any>, table: string, op: (typeof OPS)[number], expr: string | null): Promise<void> {
  // Once per statement with its transition tables: an import of 50,000 rows bumps each district once,
  // not 50,000 times (row versions of one row in one transaction pile up on PostgreSQL).
  const rows = rowsOf(op);
  const ids = expr === null ? 'select 0' : rows.map((r) => `select coalesce(${expr}, 0) from ${r.toLowerCase()}_rows R`).join(' union ');
  const add = table === 'districts' && op === 'insert' ? 'insert into district_versions (district_id, version) select id, 1 from new_rows on conflict do nothing;' : '';
  const name = `${table}_district_version_${op}`;
  await sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin
    ${add} update district_versions set version = version + 1 where district_id in (${ids}); return null; end $$`).execute(db);
  const referencing = expr === null && !add ? '' : `referencing ${rows.map((r) => `${r.toLowerCase()} table as ${r.toLowerCase()}_rows`).join(' ')}`;
  await sql.raw(`create trigger ${name} after ${op} on ${table} ${referencing} for each statement execute function ${name}()`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const table of [...Object.keys(DISTRICT_OF), ...SITE_WIDE]) {
    for (const op of OPS) {
      const name = `${table}_district_version_${op}`;
      if (pg) {
        await sql.raw(`drop trigger if exists ${name} on ${table}`).execute(db);
        await sql.raw(`drop function if exists ${name}()`).execute(db);
      } else await sql.raw(`drop trigger if exists ${name}`).execute(db);
    }
  }
  await db.schema.dropTable('district_versions').execute();
}

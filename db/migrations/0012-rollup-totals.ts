import { Kysely, sql } from 'kysely';

// Each scope's rollup rows summed over every date, per stage: what a list of many scopes needs
// before its window (src/domain/change-window.ts) is this total less the window's rows, so it no
// longer sums a scope's whole history on every read (at city scale the sums of a district's
// villages took most of a district read). Kept by the same writes as the rows (rollup.repository.ts).
// Backfilled here from the rows. Frozen in time.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('rollup_totals')
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('buildings', 'integer', (c) => c.notNull())
    .addColumn('area_cm2', 'bigint', (c) => c.notNull())
    .addColumn('unknown_area', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_totals_pk', ['scope_type', 'scope_id', 'stage'])
    .execute();
  await sql`insert into rollup_totals (scope_type, scope_id, stage, buildings, area_cm2, unknown_area)
    select scope_type, scope_id, stage, sum(buildings), sum(area_cm2), sum(unknown_area) from rollup_changes
    group by scope_type, scope_id, stage
    having sum(buildings) <> 0 or sum(area_cm2) <> 0 or sum(unknown_area) <> 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rollup_totals').execute();
}

import { Kysely, sql } from 'kysely';
import { idColumn } from './dialect';

// Frozen in time: this file never imports from src/. Dates are ISO text (YYYY-MM-DD), timestamps
// ISO 8601 text with zone, areas m², money yuan: the same on SQLite and PostgreSQL.

const STAGES = "('planned','foundation','structure','topped_out','finishing','landscaping','accepted','delivered')";
const PRECISIONS = "('day','month','year')";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sources')
    .addColumn('id', ...idColumn(db))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('publisher', 'text')
    .addColumn('published_on', 'text')
    .addColumn('url', 'text')
    .addColumn('excerpt', 'text')
    .addColumn('note', 'text')
    .addCheckConstraint('sources_kind', sql`kind in ('newspaper','document','notice','staff_entry','demo')`)
    .execute();

  await db.schema
    .createTable('districts')
    .addColumn('id', ...idColumn(db))
    .addColumn('name_zh', 'text', (c) => c.notNull().unique())
    .addColumn('name_en', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('subdistricts')
    .addColumn('id', ...idColumn(db))
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('restrict'))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('subdistricts_name', ['district_id', 'name_zh'])
    .execute();

  await db.schema
    .createTable('villages')
    .addColumn('id', ...idColumn(db))
    .addColumn('district_id', 'integer', (c) => c.notNull().references('districts.id').onDelete('restrict'))
    .addColumn('subdistrict_id', 'integer', (c) => c.references('subdistricts.id').onDelete('restrict'))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('households_entitled', 'integer')
    .addColumn('people_entitled', 'integer')
    .addColumn('demolition_date', 'text')
    .addColumn('note', 'text')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('villages_name', ['district_id', 'name_zh'])
    .addCheckConstraint('villages_counts', sql`coalesce(households_entitled, 0) >= 0 and coalesce(people_entitled, 0) >= 0`)
    .execute();

  await db.schema
    .createTable('projects')
    .addColumn('id', ...idColumn(db))
    .addColumn('village_id', 'integer', (c) => c.notNull().references('villages.id').onDelete('restrict'))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('land_area_m2', 'double precision')
    .addColumn('planned_floor_area_m2', 'double precision')
    .addColumn('investment_yuan', 'double precision')
    .addColumn('developer', 'text')
    .addColumn('construction_entity', 'text')
    .addColumn('planned_start', 'text')
    .addColumn('planned_completion', 'text')
    .addColumn('planned_completion_precision', 'text', (c) => c.notNull().defaultTo('day'))
    .addColumn('actual_start', 'text')
    .addColumn('actual_completion', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
    .addColumn('note', 'text')
    .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('restrict'))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('projects_name', ['village_id', 'name_zh'])
    .addCheckConstraint('projects_kind', sql`kind in ('resettlement','collective_affordable')`)
    .addCheckConstraint('projects_status', sql`status in ('planned','under_construction','completed','delivered')`)
    .addCheckConstraint('projects_precision', sql`planned_completion_precision in ${sql.raw(PRECISIONS)}`)
    .addCheckConstraint(
      'projects_amounts',
      sql`coalesce(land_area_m2, 0) >= 0 and coalesce(planned_floor_area_m2, 0) >= 0 and coalesce(investment_yuan, 0) >= 0`,
    )
    .addCheckConstraint(
      'projects_dates',
      sql`(planned_start is null or planned_completion is null or planned_start <= planned_completion)
        and (actual_start is null or actual_completion is null or actual_start <= actual_completion)`,
    )
    .execute();

  await db.schema
    .createTable('batches')
    .addColumn('id', ...idColumn(db))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('restrict'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('target_delivery_date', 'text')
    .addColumn('target_precision', 'text', (c) => c.notNull().defaultTo('day'))
    .addColumn('actual_delivery_date', 'text')
    .addColumn('households', 'integer')
    .addColumn('note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('batches_sequence', ['project_id', 'sequence'])
    .addCheckConstraint('batches_sequence_positive', sql`sequence >= 1`)
    .addCheckConstraint('batches_precision', sql`target_precision in ${sql.raw(PRECISIONS)}`)
    .addCheckConstraint('batches_households', sql`coalesce(households, 0) >= 0`)
    .execute();

  await db.schema
    .createTable('buildings')
    .addColumn('id', ...idColumn(db))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('batches.id').onDelete('restrict'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('floors', 'integer')
    .addColumn('floor_area_m2', 'double precision')
    .addColumn('dwelling_units', 'integer')
    .addColumn('stage', 'text', (c) => c.notNull().defaultTo('planned'))
    .addColumn('stage_date', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('buildings_seq', ['batch_id', 'seq'])
    .addCheckConstraint('buildings_stage', sql`stage in ${sql.raw(STAGES)}`)
    .addCheckConstraint(
      'buildings_amounts',
      sql`coalesce(floor_area_m2, 0) >= 0 and coalesce(floors, 1) >= 1 and coalesce(dwelling_units, 0) >= 0`,
    )
    .execute();

  await db.schema
    .createTable('milestones')
    .addColumn('id', ...idColumn(db))
    .addColumn('building_id', 'integer', (c) => c.notNull().references('buildings.id').onDelete('restrict'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('actual'))
    .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('restrict'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('milestones_stage', sql`stage in ${sql.raw(STAGES)}`)
    .addCheckConstraint('milestones_kind', sql`kind in ('actual','planned')`)
    .execute();
  await db.schema.createIndex('milestones_building').on('milestones').columns(['building_id', 'date']).execute();

  await db.schema
    .createTable('progress_reports')
    .addColumn('id', ...idColumn(db))
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('district_id', 'integer', (c) => c.references('districts.id').onDelete('restrict'))
    .addColumn('village_id', 'integer', (c) => c.references('villages.id').onDelete('restrict'))
    .addColumn('project_id', 'integer', (c) => c.references('projects.id').onDelete('restrict'))
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('planned_area_m2', 'double precision')
    .addColumn('started_area_m2', 'double precision')
    .addColumn('delivered_area_m2', 'double precision')
    .addColumn('households_entitled', 'integer')
    .addColumn('households_returned', 'integer')
    .addColumn('people_entitled', 'integer')
    .addColumn('people_returned', 'integer')
    .addColumn('published_start_rate', 'double precision')
    .addColumn('published_delivery_rate', 'double precision')
    .addColumn('published_return_rate', 'double precision')
    .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('restrict'))
    .addColumn('note', 'text')
    .addColumn('is_correction', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('correction_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('reports_scope_type', sql`scope_type in ('district','village','project')`)
    .addCheckConstraint(
      'reports_scope_ref',
      sql`(scope_type = 'district' and district_id is not null and village_id is null and project_id is null)
        or (scope_type = 'village' and village_id is not null and district_id is null and project_id is null)
        or (scope_type = 'project' and project_id is not null and district_id is null and village_id is null)`,
    )
    .addCheckConstraint(
      'reports_quantities',
      sql`coalesce(planned_area_m2, 0) >= 0 and coalesce(started_area_m2, 0) >= 0 and coalesce(delivered_area_m2, 0) >= 0
        and coalesce(households_entitled, 0) >= 0 and coalesce(households_returned, 0) >= 0
        and coalesce(people_entitled, 0) >= 0 and coalesce(people_returned, 0) >= 0`,
    )
    .addCheckConstraint(
      'reports_rates',
      sql`coalesce(published_start_rate, 0) between 0 and 1 and coalesce(published_delivery_rate, 0) between 0 and 1
        and coalesce(published_return_rate, 0) between 0 and 1`,
    )
    .addCheckConstraint('reports_correction', sql`is_correction = 0 or correction_reason is not null`)
    .execute();
  await db.schema.createIndex('reports_as_of').on('progress_reports').columns(['scope_type', 'as_of']).execute();

  await db.schema
    .createTable('stage_weights')
    .addColumn('stage', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull().unique())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addCheckConstraint('stage_weights_stage', sql`stage in ${sql.raw(STAGES)}`)
    .addCheckConstraint('stage_weights_range', sql`weight >= 0 and weight <= 100`)
    .execute();
  const weights: [string, number][] = [
    ['planned', 0], ['foundation', 10], ['structure', 35], ['topped_out', 60],
    ['finishing', 75], ['landscaping', 90], ['accepted', 95], ['delivered', 100],
  ];
  await db
    .insertInto('stage_weights')
    .values(weights.map(([stage, weight], position) => ({ stage, position, weight })))
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('settings')
    .values([{ key: 'stale_after_days', value: '90' }])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'settings', 'stage_weights', 'progress_reports', 'milestones', 'buildings', 'batches',
    'projects', 'villages', 'subdistricts', 'districts', 'sources',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

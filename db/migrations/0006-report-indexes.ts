import { Kysely } from 'kysely';

// A page reads the reports of its own scopes (a project page its project's, a district's pages
// their villages' and projects'), by scope column. Without these indexes each such read scanned
// every report: at city scale (62,000 reports) about 70 ms per district read, and on every
// project page. Frozen in time.

const INDEXES = [
  ['reports_project', 'project_id'],
  ['reports_village', 'village_id'],
  ['reports_district', 'district_id'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, column] of INDEXES) await db.schema.createIndex(name).on('progress_reports').columns([column, 'as_of']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}

import { Kysely, sql } from 'kysely';

// The figures engine of record: every scope's dated stage changes (its rollup), kept up to date by
// each write in the same transaction; corrections of a stage, marked as such; a project's halt (the
// one status that cannot be derived from its buildings). Existing databases are backfilled here from
// their buildings and milestones. Frozen in time: this file derives the changes itself, as the
// application did when it was written, and imports nothing of the application.

const STAGES = ['planned', 'foundation', 'structure', 'topped_out', 'finishing', 'landscaping', 'accepted', 'delivered'];
const BEGINNING = '0000-01-01';

interface Change { date: string; stage: string; buildings: number; area_cm2: number; unknown_area: number; events: number }

function add(into: Map<string, Change>, c: Change): void {
  const k = `${c.date}|${c.stage}`;
  const m = into.get(k) ?? { date: c.date, stage: c.stage, buildings: 0, area_cm2: 0, unknown_area: 0, events: 0 };
  m.buildings += c.buildings;
  m.area_cm2 += c.area_cm2;
  m.unknown_area += c.unknown_area;
  m.events += c.events;
  into.set(k, m);
}

/** A building's stage on each day it changed: the furthest stage recorded for a day. */
function stageDays(b: { stage: string; stage_date: string | null }, events: { stage: string; date: string }[]): { date: string; stage: string }[] {
  if (events.length === 0) return b.stage === 'planned' ? [] : [{ date: b.stage_date ?? BEGINNING, stage: b.stage }];
  const byDay = new Map<string, string>();
  for (const e of events) {
    const seen = byDay.get(e.date);
    if (seen === undefined || STAGES.indexOf(e.stage) > STAGES.indexOf(seen)) byDay.set(e.date, e.stage);
  }
  return [...byDay].sort(([a], [b2]) => (a < b2 ? -1 : a > b2 ? 1 : 0)).map(([date, stage]) => ({ date, stage }));
}

/** One building: in at planned at the beginning, then −1/+1 on each day its stage changed. */
function buildingChanges(b: { floor_area_m2: number | null }, days: { date: string; stage: string }[]): Change[] {
  const unit = b.floor_area_m2 === null ? { buildings: 1, area_cm2: 0, unknown_area: 1 } : { buildings: 1, area_cm2: Math.round(Number(b.floor_area_m2) * 100), unknown_area: 0 };
  const out: Change[] = [{ date: BEGINNING, stage: 'planned', events: 0, ...unit }];
  let stage = 'planned';
  for (const d of days) {
    if (d.stage === stage) {
      out.push({ date: d.date, stage, events: 1, buildings: 0, area_cm2: 0, unknown_area: 0 });
      continue;
    }
    out.push({ date: d.date, stage, events: 0, buildings: -unit.buildings, area_cm2: -unit.area_cm2, unknown_area: -unit.unknown_area });
    out.push({ date: d.date, stage: d.stage, events: 1, ...unit });
    stage = d.stage;
  }
  return out;
}

async function backfill(db: Kysely<any>): Promise<void> {
  const buildings = await db.selectFrom('buildings').select(['id', 'batch_id', 'floor_area_m2', 'stage', 'stage_date']).execute();
  const milestones = await db.selectFrom('milestones').select(['building_id', 'stage', 'date']).where('kind', '=', 'actual').execute();
  const batches = await db.selectFrom('batches').select(['id', 'project_id']).execute();
  const projects = await db.selectFrom('projects').select(['id', 'village_id']).execute();
  const villages = await db.selectFrom('villages').select(['id', 'district_id', 'subdistrict_id']).execute();
  const eventsOf = new Map<number, { stage: string; date: string }[]>();
  for (const m of milestones) {
    const list = eventsOf.get(Number(m.building_id)) ?? [];
    list.push({ stage: m.stage, date: m.date });
    eventsOf.set(Number(m.building_id), list);
  }
  const projectOf = new Map(batches.map((b) => [Number(b.id), Number(b.project_id)]));
  const villageOf = new Map(projects.map((p) => [Number(p.id), Number(p.village_id)]));
  const villageRow = new Map(villages.map((v) => [Number(v.id), v]));
  const scopes = new Map<string, Map<string, Change>>();
  const into = (type: string, id: number) => {
    const k = `${type}|${id}`;
    let m = scopes.get(k);
    if (!m) scopes.set(k, (m = new Map()));
    return m;
  };
  for (const b of buildings) {
    const batch = Number(b.batch_id);
    const project = projectOf.get(batch)!;
    const village = villageOf.get(project)!;
    const v = villageRow.get(village)!;
    const targets = [into('batch', batch), into('project', project), into('village', village), into('district', Number(v.district_id)), into('site', 0)];
    if (v.subdistrict_id !== null) targets.push(into('subdistrict', Number(v.subdistrict_id)));
    const events = eventsOf.get(Number(b.id)) ?? [];
    const days = stageDays(b, events);
    for (const c of buildingChanges(b, days)) for (const t of targets) add(t, c);
    // One fact in one place: a stage known only from the building's row becomes its first stage
    // event, and a row that disagrees with its events takes the stage they give.
    if (events.length === 0 && b.stage !== 'planned' && b.stage_date !== null) {
      await db.insertInto('milestones').values({
        building_id: b.id, stage: b.stage, date: b.stage_date, kind: 'actual', source_id: null, note: null, created_at: new Date().toISOString(),
      }).execute();
    }
    const last = days[days.length - 1];
    const derived = last ? { stage: last.stage, stage_date: last.date === BEGINNING ? null : last.date } : { stage: 'planned', stage_date: null };
    if (events.length > 0 && (derived.stage !== b.stage || derived.stage_date !== b.stage_date)) {
      await db.updateTable('buildings').set(derived).where('id', '=', b.id).execute();
    }
  }
  const rows = [];
  for (const [k, changes] of scopes) {
    const [type, id] = k.split('|');
    for (const c of changes.values()) {
      if (c.buildings === 0 && c.area_cm2 === 0 && c.unknown_area === 0 && c.events === 0) continue;
      rows.push({ scope_type: type, scope_id: Number(id), ...c });
    }
  }
  for (let i = 0; i < rows.length; i += 800) await db.insertInto('rollup_changes').values(rows.slice(i, i + 800)).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rollup_changes')
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('buildings', 'integer', (c) => c.notNull())
    .addColumn('area_cm2', 'bigint', (c) => c.notNull())
    .addColumn('unknown_area', 'integer', (c) => c.notNull())
    .addColumn('events', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_changes_pk', ['scope_type', 'scope_id', 'date', 'stage'])
    .addCheckConstraint('rollup_changes_scope', sql`scope_type in ('batch','project','village','subdistrict','district','site')`)
    .execute();
  await db.schema.alterTable('milestones').addColumn('is_correction', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('milestones').addColumn('correction_reason', 'text').execute();
  await db.schema.alterTable('projects').addColumn('halted', 'text').execute();
  await backfill(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rollup_changes').execute();
  await db.schema.alterTable('milestones').dropColumn('correction_reason').execute();
  await db.schema.alterTable('milestones').dropColumn('is_correction').execute();
  await db.schema.alterTable('projects').dropColumn('halted').execute();
}

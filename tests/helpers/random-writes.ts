// Random writes of every kind a user can make, each through the service the web and the command line
// call: milestones (some putting a stage back, as corrections or refused), reports, batch targets,
// buildings created, corrected, moved to another batch and deleted, spreadsheet imports, projects
// moved to another village and villages to another district, batches' household counts. For the
// property tests of the engine.
import fc from 'fast-check';
import type { Db } from '../../src/db/create-db';
import { ValidationError } from '../../src/domain/errors';
import { STAGES } from '../../src/domain/types';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { createBuilding, deleteBuilding, updateBatch, updateBuilding } from '../../src/services/batch-building.service';
import { commitImport, previewImport } from '../../src/services/import/import.service';
import { recordMilestone, submitReport } from '../../src/services/milestone-report.service';
import { recordHouseholds } from '../../src/services/household.service';
import { csv } from './import-files';
import { updateProject, updateVillage } from '../../src/services/village-project.service';
import { getBuilding, getProject, getVillage } from '../../src/repositories/entity.repository';

const day = fc.integer({ min: 0, max: 1400 });
const area = fc.option(fc.integer({ min: 1, max: 2_000_000 }).map((n) => n / 100), { nil: null });

export const writeArb = fc.oneof(
  fc.record({ kind: fc.constant('milestone' as const), batch: fc.boolean(), n: fc.nat(), stage: fc.constantFrom(...STAGES), day, correct: fc.boolean() }),
  fc.record({ kind: fc.constant('report' as const), n: fc.nat(), returned: fc.integer({ min: 0, max: 500 }), day }),
  fc.record({ kind: fc.constant('target' as const), n: fc.nat(), day: fc.integer({ min: -500, max: 1500 }) }),
  fc.record({ kind: fc.constant('newBuilding' as const), n: fc.nat(), stage: fc.constantFrom(...STAGES), day, area }),
  fc.record({ kind: fc.constant('editBuilding' as const), n: fc.nat(), area, move: fc.option(fc.nat(), { nil: null }) }),
  fc.record({ kind: fc.constant('deleteBuilding' as const), n: fc.nat() }),
  fc.record({
    kind: fc.constant('import' as const), n: fc.nat(),
    rows: fc.array(fc.record({ code: fc.integer({ min: 1, max: 4 }), stage: fc.constantFrom(...STAGES.filter((s) => s !== 'planned')), day, area }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('moveProject' as const), n: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('moveVillage' as const), n: fc.nat(), to: fc.nat() }),
  // household counts of a batch, each step within the one before; some fall below an earlier record (corrections, or refused)
  fc.record({ kind: fc.constant('households' as const), n: fc.nat(), day, counts: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 6, maxLength: 6 }).map((c) => [...c].sort((a, b) => b - a)), correct: fc.boolean() }),
  // the same through a households sheet (回迁户数) of the importer
  fc.record({ kind: fc.constant('householdsImport' as const), n: fc.nat(), day, counts: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 6, maxLength: 6 }).map((c) => [...c].sort((a, b) => b - a)), correct: fc.boolean() }),
);

export type Write = typeof writeArb extends fc.Arbitrary<infer W> ? W : never;

export const dateFrom = (n: number): string => new Date(Date.UTC(2023, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
const ids = async (db: Db, table: 'buildings' | 'villages' | 'batches' | 'projects' | 'districts') =>
  (await db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => Number(r.id));
const count = async (db: Db, table: 'milestones' | 'progress_reports' | 'buildings') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const householdCount = async (db: Db) => Number((await db.selectFrom('household_counts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** `day`, or the day after the batch's latest household record when that is later (never after asOf). */
async function notBeforeLatest(db: Db, batchId: number, day: string, asOf: string): Promise<string> {
  const r = await db.selectFrom('household_counts').select((eb) => eb.fn.max('as_of').as('m')).where('batch_id', '=', batchId).executeTakeFirst();
  const latest = r?.m ? String(r.m) : null;
  if (latest === null || day > latest) return day;
  const next = new Date(Date.parse(`${latest}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return next > asOf ? latest : next;
}

/** Refused for putting a stage back without a reason: the one refusal these writes may meet. */
const isStageBack = (err: unknown) => err instanceof ValidationError && Object.values(err.fieldErrors).some((k) => k.startsWith('validation.stage_back'));

/** Applies one write; returns what it did, and throws if it did not land as it should. */
export async function applyWrite(db: Db, asOf: string, w: Write): Promise<string> {
  switch (w.kind) {
    case 'milestone': {
      const target = w.batch ? { kind: 'batch' as const, id: pick(await ids(db, 'batches'), w.n) } : { kind: 'building' as const, id: pick(await ids(db, 'buildings'), w.n) };
      const before = await count(db, 'milestones');
      try {
        await recordMilestone(db, SYSTEM_ACTOR, asOf, { target, stage: w.stage, date: dateFrom(w.day), note: null, correctionReason: w.correct ? 'property test' : null });
      } catch (err) {
        if (!(isStageBack(err) && !w.correct) && !(err instanceof ValidationError && err.fieldErrors.target === 'validation.batch_empty')) throw err;
        if ((await count(db, 'milestones')) !== before) throw new Error('a refused milestone wrote something');
        return 'milestone refused';
      }
      if ((await count(db, 'milestones')) <= before) throw new Error('the milestone was not written');
      return 'milestone';
    }
    case 'households': {
      const [households, ...steps] = w.counts as [number, number, number, number, number, number];
      const before = await householdCount(db);
      try {
        await recordHouseholds(db, SYSTEM_ACTOR, asOf, {
          batchId: pick(await ids(db, 'batches'), w.n), asOf: dateFrom(w.day), households: households + 60,
          allocated: steps[0], notices: steps[1], handedOver: steps[2], movedIn: steps[3], certificates: steps[4], correctionReason: w.correct ? 'property test' : null,
        });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        if ((await householdCount(db)) !== before) throw new Error('refused household counts wrote something');
        return 'households refused';
      }
      return 'households';
    }
    case 'householdsImport': {
      const batchId = pick(await ids(db, 'batches'), w.n);
      const b = await db.selectFrom('batches').innerJoin('projects', 'projects.id', 'batches.project_id').innerJoin('villages', 'villages.id', 'projects.village_id')
        .innerJoin('districts', 'districts.id', 'villages.district_id')
        .select(['batches.name_zh as batch', 'projects.name_zh as project', 'villages.name_zh as village', 'districts.name_zh as district'])
        .where('batches.id', '=', batchId).executeTakeFirstOrThrow();
      const [households, ...steps] = w.counts as [number, number, number, number, number, number];
      const sheet = csv([['区', '村', '项目', '批次', '截至日期', '安置户数', '已选房', '已发交房通知', '已交房', '已入住', '已办证', '更正原因'],
        // always with a reason, and never before the batch's latest record: a fall lands as a correction
        [b.district, b.village, b.project, b.batch, await notBeforeLatest(db, batchId, dateFrom(w.day), asOf), households + 60, ...steps, 'property test']]);
      const before = await householdCount(db);
      const preview = await previewImport(db, [{ name: 'h.csv', bytes: Buffer.from(sheet, 'utf8') }], asOf);
      if (!preview.upload) {
        // refused only for a count that would fall (without a reason) or rise above a later record
        if (!preview.errors.every((e) => /households_(falls|above_later)/.test(e.key))) throw new Error(`the households import was refused: ${JSON.stringify(preview.errors)}`);
        if ((await householdCount(db)) !== before) throw new Error('a refused households import wrote something');
        return 'households import refused';
      }
      const result = await commitImport(db, SYSTEM_ACTOR, asOf, preview.upload);
      if (!result.ok) throw new Error(`the households import failed: ${JSON.stringify(result.errors)}`);
      return 'households import';
    }
    case 'report': {
      const before = await count(db, 'progress_reports');
      await submitReport(db, SYSTEM_ACTOR, asOf, {
        scopeType: 'village', scopeId: pick(await ids(db, 'villages'), w.n), asOf: dateFrom(w.day), plannedAreaM2: null, startedAreaM2: null, deliveredAreaM2: null,
        householdsEntitled: null, householdsReturned: null, peopleEntitled: null, peopleReturned: w.returned, publishedStartRate: null,
        publishedDeliveryRate: null, publishedReturnRate: null, sourceTitle: null, note: null, isCorrection: true, correctionReason: 'property test',
      });
      if ((await count(db, 'progress_reports')) !== before + 1) throw new Error('the report was not written');
      return 'report';
    }
    case 'target': {
      const b = await db.selectFrom('batches').selectAll().where('id', '=', pick(await ids(db, 'batches'), w.n)).executeTakeFirstOrThrow();
      await updateBatch(db, SYSTEM_ACTOR, asOf, b.id, b.version, { nameZh: b.name_zh, nameEn: b.name_en, targetDeliveryDate: dateFrom(w.day), targetPrecision: 'day', actualDeliveryDate: b.actual_delivery_date, households: b.households, note: b.note, targetReason: '随机改期' });
      return 'target';
    }
    case 'newBuilding': {
      const batchId = pick(await ids(db, 'batches'), w.n);
      await createBuilding(db, SYSTEM_ACTOR, asOf, batchId, { code: null, floors: null, floorAreaM2: w.area, dwellingUnits: null, stage: w.stage, stageDate: w.stage === 'planned' ? null : dateFrom(w.day) });
      return 'new building';
    }
    case 'editBuilding': {
      const b = (await getBuilding(db, pick(await ids(db, 'buildings'), w.n)))!;
      const projectOf = await db.selectFrom('batches').select('project_id').where('id', '=', b.batchId).executeTakeFirstOrThrow();
      const siblings = (await db.selectFrom('batches').select('id').where('project_id', '=', projectOf.project_id).orderBy('id').execute()).map((r) => Number(r.id));
      const batchId = w.move === null ? b.batchId : pick(siblings, w.move);
      await updateBuilding(db, SYSTEM_ACTOR, asOf, b.id, b.version, { code: b.code, floors: b.floors, floorAreaM2: w.area, dwellingUnits: b.dwellingUnits, stage: b.stage, stageDate: b.stageDate, batchId });
      const after = (await getBuilding(db, b.id))!;
      if (after.batchId !== batchId || after.floorAreaM2 !== w.area) throw new Error('the building was not changed');
      return batchId === b.batchId ? 'building corrected' : 'building moved';
    }
    case 'deleteBuilding': {
      const all = await ids(db, 'buildings');
      if (all.length <= 5) return 'delete skipped';
      const b = (await getBuilding(db, pick(all, w.n)))!;
      await deleteBuilding(db, SYSTEM_ACTOR, b.id, b.version);
      if (await getBuilding(db, b.id)) throw new Error('the building was not deleted');
      return 'building deleted';
    }
    case 'import':
      return importRows(db, asOf, w);
    case 'moveProject': {
      const p = (await getProject(db, pick(await ids(db, 'projects'), w.n)))!;
      const { id, sourceId: _s, isDemo: _d, version, status: _st, ...input } = p;
      const villageId = pick(await ids(db, 'villages'), w.to);
      try {
        await updateProject(db, SYSTEM_ACTOR, asOf, id, version, { ...input, villageId });
      } catch (err) {
        // the other village may have a project of that name already: refused, nothing moved
        if (!(err instanceof ValidationError && err.fieldErrors.nameZh === 'validation.name_taken')) throw err;
        return 'project move refused';
      }
      return 'project moved';
    }
    case 'moveVillage': {
      const v = (await getVillage(db, pick(await ids(db, 'villages'), w.n)))!;
      const districts = await db.selectFrom('districts').select(['id', 'name_zh']).orderBy('id').execute();
      const to = pick(districts, w.to);
      await updateVillage(db, SYSTEM_ACTOR, asOf, v.id, v.version, {
        districtName: to.name_zh, nameZh: v.nameZh, nameEn: v.nameEn, householdsEntitled: v.householdsEntitled, peopleEntitled: v.peopleEntitled, demolitionDate: v.demolitionDate, note: v.note, noteEn: v.noteEn,
      });
      if ((await getVillage(db, v.id))!.districtId !== Number(to.id)) throw new Error('the village was not moved');
      return 'village moved';
    }
  }
}

/** A buildings sheet for one batch: rows for buildings P1–P4, created by the first import that names them and updated after. */
async function importRows(db: Db, asOf: string, w: Extract<Write, { kind: 'import' }>): Promise<string> {
  const batch = await db.selectFrom('batches').innerJoin('projects', 'projects.id', 'batches.project_id').innerJoin('villages', 'villages.id', 'projects.village_id')
    .select(['batches.name_zh as batch', 'projects.name_zh as project', 'villages.name_zh as village'])
    .where('batches.id', '=', pick(await ids(db, 'batches'), w.n)).executeTakeFirstOrThrow();
  // one row per building code (the last one given), so that the sheet never repeats a building
  const rows = [...new Map(w.rows.map((r) => [r.code, r])).values()];
  const csv = ['村,项目,批次,楼号,建筑面积(平方米),施工阶段,阶段日期,更正原因',
    ...rows.map((r) => [batch.village, batch.project, batch.batch, `P${r.code}`, r.area ?? '', r.stage, dateFrom(r.day), 'property test'].join(','))].join('\n');
  const preview = await previewImport(db, [{ name: 'b.csv', bytes: Buffer.from(csv, 'utf8') }], asOf);
  if (!preview.upload) throw new Error(`the import was refused: ${JSON.stringify(preview.errors)}`);
  const result = await commitImport(db, SYSTEM_ACTOR, asOf, preview.upload);
  if (!result.ok) throw new Error(`the import failed: ${JSON.stringify(result.errors)}`);
  return 'import';
}

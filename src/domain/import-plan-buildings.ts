// Buildings rows → batches created or given a target, buildings created or updated. A building is
// matched by (batch, code); rows without a code match the batch's uncoded buildings in order, so an
// export (where the source gave no building numbers) imports back onto the same buildings.
import type { Building } from './entities';
import { sameNumber, type Period } from './import-cells';
import { refKey, shown, type PlanContext } from './import-context';
import type { BuildingImportRow, BuildingValues, Change, ParsedTable, Ref } from './import-types';
import { BEGINNING, wouldSetBack } from './tally';
import { targetOpChange } from './import-target';
import type { Stage } from './types';

const NO_CODE = '\u0000';

/**
 * The stored stage as the day it was reached: the building's last stage day, the only one that
 * decides whether a new stage event sets it back (an event of an earlier day is history).
 */
const storedDay = (b: Building) => (b.stage === 'planned' ? [] : [{ stage: b.stage, date: b.stageDate ?? BEGINNING }]);

/** A row that only says something about its batch (its target date), with no building in it. */
const batchOnly = (r: BuildingImportRow) =>
  r.building === null && r.stage === null && r.stageDate === null && r.floorAreaM2 === null && r.floors === null && r.units === null;

export function planBuildings(ctx: PlanContext, t: ParsedTable<'buildings'>): void {
  const col = (id: string) => t.headers[id] ?? id;
  const rows: { r: BuildingImportRow; project: NonNullable<ReturnType<PlanContext['project']>> }[] = [];
  const targets = new Map<string, { period: Period; row: number }>();
  const reasons = new Map<string, string>();
  const batchOrder = new Map<string, { project: Ref; name: string }>();

  for (const r of t.rows) {
    const v = ctx.village(r.district, r.village, false);
    if (!v.ok) {
      ctx.error(t.source, r.row, col(v.column), v.key);
      continue;
    }
    const project = ctx.project(v.value, r.project);
    if (!project) {
      ctx.error(t.source, r.row, col('project'), 'validation.import_unknown_project');
      continue;
    }
    const bk = `${refKey(project.ref)}|${r.batch}`;
    // A Map keeps a key where it was first set: batches are planned in the order the file first names them.
    batchOrder.set(bk, { project: project.ref, name: r.batch });
    if (r.targetReason && !reasons.has(bk)) reasons.set(bk, r.targetReason);
    if (r.targetDeliveryDate) {
      const prev = targets.get(bk);
      if (prev && prev.period.date !== r.targetDeliveryDate.date) {
        ctx.error(t.source, r.row, col('target_delivery_date'), `validation.import_conflict|${prev.row}`);
        continue;
      }
      if (!prev) targets.set(bk, { period: r.targetDeliveryDate, row: r.row });
    }
    rows.push({ r, project });
  }

  for (const [bk, { project, name }] of batchOrder) {
    const target = targets.get(bk)?.period ?? null;
    const existing = ctx.batch(project, name)?.existing;
    if (existing) {
      const changed = target && (target.date !== existing.targetDeliveryDate || (target.precision !== 'day' && target.precision !== existing.targetPrecision));
      if (changed) {
        const { change, error } = targetOpChange(
          { date: existing.targetDeliveryDate, precision: existing.targetPrecision },
          { date: existing.baselineTargetDate, precision: existing.baselineTargetPrecision },
          { date: target.date, precision: target.precision }, reasons.get(bk) ?? null,
        );
        if (error) {
          ctx.error(t.source, targets.get(bk)!.row, t.headers.target_reason ?? '改期原因', error);
          continue;
        }
        ctx.ops.push({ op: 'batchUpdate', id: existing.id, version: existing.version, target: target.date, precision: target.precision, change });
      }
      ctx.summary.batches[changed ? 'update' : 'unchanged']++;
    } else {
      const entry = ctx.addBatch(project, name);
      ctx.ops.push({ op: 'batch', key: refKey(entry.ref), project, nameZh: name, target: target?.date ?? null, precision: target?.precision ?? 'day' });
      ctx.summary.batches.create++;
    }
  }

  const existingByCode = new Map<string, Building[]>();
  for (const b of [...ctx.state.buildings].sort((a, b) => a.seq - b.seq)) {
    const key = `#${b.batchId}|${b.code ?? NO_CODE}`;
    if (!existingByCode.has(key)) existingByCode.set(key, []);
    existingByCode.get(key)!.push(b);
  }
  const seen = new Map<string, { count: number; first: number }>();

  for (const { r, project } of rows) {
    if (batchOnly(r)) continue;
    const batch = ctx.batch(project.ref, r.batch)!;
    const codeKey = `${refKey(batch.ref)}|${r.building ?? NO_CODE}`;
    const s = seen.get(codeKey) ?? { count: 0, first: r.row };
    seen.set(codeKey, { count: s.count + 1, first: s.first });
    const existing = existingByCode.get(codeKey)?.[s.count] ?? null;
    const err = (id: string, key: string) => ctx.error(t.source, r.row, col(id), key);
    if (!existing && r.building !== null && s.count > 0) {
      err('building', `validation.import_duplicate|${s.first}`);
      continue;
    }
    const stageDate = r.stageDate?.date ?? null;
    if (stageDate && stageDate > ctx.asOf) {
      err('stage_date', 'validation.future');
      continue;
    }
    const label = `${project.village.name} · ${project.name} · ${r.batch} · ${r.building ?? `(${s.count + 1})`}`;
    const merged: BuildingValues = {
      code: r.building,
      floors: r.floors ?? existing?.floors ?? null,
      floorAreaM2: r.floorAreaM2 ?? existing?.floorAreaM2 ?? null,
      dwellingUnits: r.units ?? existing?.dwellingUnits ?? null,
      stage: r.stage ?? existing?.stage ?? 'planned',
      // a new stage needs its own date: the stored date is when the old stage was reached
      stageDate: stageDate ?? (r.stage !== null && r.stage !== existing?.stage ? null : existing?.stageDate ?? null),
    };
    if (merged.stage !== 'planned' && !merged.stageDate) {
      err('stage_date', 'validation.stage_needs_date');
      continue;
    }
    if (!existing) {
      ctx.ops.push({ op: 'building', batch: batch.ref, values: merged });
      ctx.record('buildings', { source: t.source, row: r.row, action: 'create', label });
      continue;
    }
    const { set, changes } = buildingChanges(existing, merged, col, r.stage);
    const stageMoved = set.stage !== undefined || set.stageDate !== undefined;
    // A stage below the stored one, from the stored date on, sets the building back: a correction, with its reason.
    if (stageMoved && merged.stageDate && !r.correctionReason && wouldSetBack(storedDay(existing), { stage: merged.stage, date: merged.stageDate, isCorrection: false }, existing)) {
      err('stage', `validation.import_stage_back|${existing.stage}`);
      continue;
    }
    if (changes.length) {
      ctx.ops.push({
        op: 'buildingUpdate', id: existing.id, version: existing.version, set,
        milestone: stageMoved && merged.stageDate ? { stage: merged.stage, date: merged.stageDate, correctionReason: r.correctionReason } : null,
      });
    }
    ctx.record('buildings', { source: t.source, row: r.row, action: changes.length ? 'update' : 'unchanged', label, changes });
  }
}

function buildingChanges(b: Building, m: BuildingValues, col: (id: string) => string, stageCell: Stage | null) {
  const set: Partial<BuildingValues> = {};
  const changes: Change[] = [];
  const diff = <K extends 'floors' | 'floorAreaM2' | 'dwellingUnits' | 'stageDate'>(k: K, column: string) => {
    const same = typeof m[k] === 'number' ? sameNumber(m[k] as number, b[k] as number | null) : m[k] === b[k];
    if (same) return;
    (set as Record<string, unknown>)[k] = m[k];
    changes.push({ column: col(column), before: shown(b[k]), after: shown(m[k]) });
  };
  diff('floorAreaM2', 'floor_area_m2');
  diff('floors', 'floors');
  diff('dwellingUnits', 'units');
  if (stageCell && m.stage !== b.stage) {
    set.stage = m.stage;
    changes.push({ column: col('stage'), before: b.stage, after: m.stage, stage: true });
  }
  diff('stageDate', 'stage_date');
  return { set, changes };
}

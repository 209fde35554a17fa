// The plan of an import: which records it creates and updates, or every problem that stops it.
// Pure: built against a snapshot of the database, so the preview and the commit (which plans again
// inside its transaction) agree, and tests need no database.
import type { ModelSnapshot, Project } from './entities';
import { PlanContext, refKey, shown } from './import-context';
import { formatMu, formatPeriod, sameNumber } from './import-cells';
import { planBuildings } from './import-plan-buildings';
import { planReports } from './import-plan-reports';
import { planHouseholds, type StoredHouseholds } from './import-plan-households';
import { planAllowanceRules } from './import-plan-allowance';
import type { AllowanceRule } from './allowance';
import type { Change, ImportPlan, ParsedTable, ParsedUpload, ProjectImportRow, ProjectValues, TargetOpChange } from './import-types';
import { targetOpChange } from './import-target';
import { inOrder, type FieldErrors } from './rules';
import type { IsoDate } from './types';

/** What the model snapshot does not hold and some tables are checked against: the batches' household records, the allowance rules. */
export interface StoredExtras {
  households?: readonly StoredHouseholds[];
  rules?: readonly AllowanceRule[];
}

export function planImport(state: ModelSnapshot, upload: ParsedUpload, asOf: IsoDate, stored: StoredExtras = {}): ImportPlan {
  const ctx = new PlanContext(state, asOf);
  if (upload.tables.projects) planProjects(ctx, upload.tables.projects);
  if (upload.tables.buildings) planBuildings(ctx, upload.tables.buildings);
  if (upload.tables.reports) planReports(ctx, upload.tables.reports);
  if (upload.tables.households) planHouseholds(ctx, upload.tables.households, stored.households ?? []);
  if (upload.tables.allowance_rules) planAllowanceRules(ctx, upload.tables.allowance_rules, stored.rules ?? []);
  return { ops: ctx.errors.length ? [] : ctx.ops, errors: ctx.errors, summary: ctx.summary };
}

type Diffable = 'landAreaM2' | 'plannedFloorAreaM2' | 'investmentYuan' | 'developer' | 'constructionEntity' | 'kind' | 'plannedStart';
const COLUMN: Record<Diffable, string> = {
  kind: 'kind', landAreaM2: 'land_area_mu', plannedFloorAreaM2: 'planned_floor_area_m2', investmentYuan: 'investment_yuan',
  developer: 'developer', constructionEntity: 'construction_entity', plannedStart: 'planned_start',
};

/** Only the cells that are filled in and differ: an empty cell keeps what is stored. */
function projectChanges(p: Project, r: ProjectImportRow, col: (id: string) => string): { set: Partial<ProjectValues>; changes: Change[]; target: TargetOpChange | null; targetError: string | null } {
  const set: Partial<ProjectValues> = {};
  const changes: Change[] = [];
  const now: Record<Diffable, string | number | null> = {
    kind: r.kind, landAreaM2: r.landAreaM2, plannedFloorAreaM2: r.plannedFloorAreaM2, investmentYuan: r.investmentYuan,
    developer: r.developer, constructionEntity: r.constructionEntity, plannedStart: r.plannedStart?.date ?? null,
  };
  for (const f of Object.keys(COLUMN) as Diffable[]) {
    const after = now[f];
    const before = p[f];
    if (after === null) continue;
    const same = typeof after === 'number' ? sameNumber(after, before as number | null) : after === before;
    if (same) continue;
    (set as Record<string, unknown>)[f] = after;
    const show = (v: string | number | null) => (f === 'landAreaM2' && typeof v === 'number' ? formatMu(v) : shown(v));
    changes.push({ column: col(COLUMN[f]), before: show(before), after: show(after) });
  }
  const c = r.plannedCompletion;
  // A full date equal to the stored one keeps the stored precision; "2025-12" or "2025" set it.
  if (c && (c.date !== p.plannedCompletion || (c.precision !== 'day' && c.precision !== p.plannedCompletionPrecision))) {
    set.plannedCompletion = c.date;
    set.plannedCompletionPrecision = c.precision;
    changes.push({ column: col('planned_completion'), before: shown(formatPeriod(p.plannedCompletion, p.plannedCompletionPrecision)), after: shown(formatPeriod(c.date, c.precision)) });
    const target = targetOpChange(
      { date: p.plannedCompletion, precision: p.plannedCompletionPrecision }, { date: p.baselineCompletion, precision: p.baselineCompletionPrecision },
      { date: c.date, precision: c.precision }, r.targetReason,
    );
    return { set, changes, target: target.change, targetError: target.error };
  }
  return { set, changes, target: null, targetError: null };
}

function planProjects(ctx: PlanContext, t: ParsedTable<'projects'>): void {
  const col = (id: string) => t.headers[id] ?? id;
  const seen = new Map<string, number>();
  for (const r of t.rows) {
    const err = (id: string, key: string) => ctx.error(t.source, r.row, col(id), key);
    const v = ctx.village(r.district, r.village, true);
    if (!v.ok) {
      err(v.column, v.key);
      continue;
    }
    const village = v.value;
    const dupKey = `${refKey(village.ref)}|${r.project}`;
    const first = seen.get(dupKey);
    if (first !== undefined) {
      err('project', `validation.import_duplicate|${first}`);
      continue;
    }
    seen.set(dupKey, r.row);
    const label = `${village.name} · ${r.project}`;
    const existing = ctx.project(village, r.project)?.existing ?? null;
    const start = existing ? r.plannedStart?.date ?? existing.plannedStart : r.plannedStart?.date ?? null;
    const completion = existing ? r.plannedCompletion?.date ?? existing.plannedCompletion : r.plannedCompletion?.date ?? null;
    // The staff form's rule, so that an import and the form agree.
    const dates: FieldErrors = {};
    inOrder(dates, 'plannedStart', start, 'plannedCompletion', completion);
    if (dates.plannedCompletion) {
      err('planned_completion', dates.plannedCompletion);
      continue;
    }
    if (existing) {
      const { set, changes, target, targetError } = projectChanges(existing, r, col);
      if (targetError) {
        // named as the file names it, or by its Chinese header when the file has no such column
        ctx.error(t.source, r.row, t.headers.target_reason ?? '改期原因', targetError);
        continue;
      }
      if (changes.length) ctx.ops.push({ op: 'projectUpdate', id: existing.id, version: existing.version, set, target });
      ctx.record('projects', { source: t.source, row: r.row, action: changes.length ? 'update' : 'unchanged', label, changes });
      continue;
    }
    if (!r.kind) {
      err('kind', 'validation.required');
      continue;
    }
    const entry = ctx.addProject(village, r.project);
    ctx.ops.push({
      op: 'project', key: refKey(entry.ref), village: village.ref, nameZh: r.project,
      values: {
        kind: r.kind, landAreaM2: r.landAreaM2, plannedFloorAreaM2: r.plannedFloorAreaM2, investmentYuan: r.investmentYuan,
        developer: r.developer, constructionEntity: r.constructionEntity, plannedStart: r.plannedStart?.date ?? null,
        plannedCompletion: r.plannedCompletion?.date ?? null, plannedCompletionPrecision: r.plannedCompletion?.precision ?? 'day',
      },
    });
    ctx.record('projects', { source: t.source, row: r.row, action: 'create', label });
  }
}

// Household rows → a batch's household records, by the same rules as the staff form: an empty count
// keeps the stored one (the batch's latest record on or before the day, or the batch's households),
// each step within the one before it, and a count below an earlier record (or above a later one)
// only with a correction reason. A row equal to the stored record of its day is left alone.
import { refKey, type PlanContext } from './import-context';
import { countProblems, historyProblems, HOUSEHOLD_STEPS, latestOnOrBefore, type HouseholdCounts, type HouseholdField } from './households';
import type { HouseholdImportRow, ParsedTable } from './import-types';

/** A stored record of a batch, as the plan compares with it. */
export interface StoredHouseholds extends HouseholdCounts {
  batchId: number;
}

const COLUMN_OF: Record<HouseholdField, string> = {
  households: 'households', allocated: 'allocated', notices: 'notices', handedOver: 'handed_over', movedIn: 'moved_in', certificates: 'certificates',
};

/** The staff form's message says "the reason for the correction"; a file's says which column to fill. */
const IMPORT_MESSAGE: Record<string, string> = {
  'households.falls': 'validation.import_households_falls',
  'households.above_later': 'validation.import_households_above_later',
};

const same = (a: HouseholdCounts, b: HouseholdCounts) => a.households === b.households && HOUSEHOLD_STEPS.every((s) => a[s] === b[s]);

export function planHouseholds(ctx: PlanContext, t: ParsedTable<'households'>, stored: readonly StoredHouseholds[]): void {
  const col = (id: string) => t.headers[id] ?? id;
  const history = new Map<string, HouseholdCounts[]>();
  for (const r of stored) {
    const key = `#${r.batchId}`;
    history.set(key, [...(history.get(key) ?? []), r]);
  }
  const seen = new Map<string, number>();
  // In date order, so that each row is checked against the records before it, the file's included.
  const rows = [...t.rows].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : a.row - b.row));
  for (const r of rows) {
    const err = (id: string, key: string) => ctx.error(t.source, r.row, col(id), key);
    const v = ctx.village(r.district, r.village, false);
    if (!v.ok) {
      err(v.column, v.key);
      continue;
    }
    const project = ctx.project(v.value, r.project);
    if (!project) {
      err('project', 'validation.import_unknown_project');
      continue;
    }
    const batch = ctx.batch(project.ref, r.batch);
    if (!batch) {
      err('batch', 'validation.import_unknown_batch');
      continue;
    }
    const key = refKey(batch.ref);
    const dup = seen.get(`${key}|${r.asOf}`);
    if (dup !== undefined) {
      err('as_of', `validation.import_duplicate|${dup}`);
      continue;
    }
    seen.set(`${key}|${r.asOf}`, r.row);
    if (r.asOf > ctx.asOf) {
      err('as_of', 'validation.future');
      continue;
    }
    const records = history.get(key) ?? [];
    const before = latestOnOrBefore(records, r.asOf);
    const households = r.households ?? before?.households ?? batch.existing?.households ?? null;
    if (households === null) {
      err('households', 'validation.required');
      continue;
    }
    const record: HouseholdCounts = { asOf: r.asOf, households, allocated: 0, notices: 0, handedOver: 0, movedIn: 0, certificates: 0 };
    for (const s of HOUSEHOLD_STEPS) record[s] = r[s] ?? before?.[s] ?? 0;
    const label = `${v.value.name} · ${r.project} · ${r.batch} · ${r.asOf}`;
    const sameDay = records.find((h) => h.asOf === r.asOf);
    if (sameDay && same(sameDay, record)) {
      ctx.record('households', { source: t.source, row: r.row, action: 'unchanged', label });
      continue;
    }
    const problems = countProblems(record);
    const against = historyProblems(records, record);
    const falls = against.filter((p) => p.key === 'households.falls');
    // above a later record: refused even with a reason (that record would fall unmarked)
    const refused = [...problems, ...against.filter((p) => p.key !== 'households.falls' || !r.correctionReason)];
    if (refused.length) {
      const fields = new Set<HouseholdField>();
      for (const p of refused) {
        if (fields.has(p.field)) continue;
        fields.add(p.field);
        err(COLUMN_OF[p.field], `${IMPORT_MESSAGE[p.key] ?? `validation.${p.key}`}|${p.other}`);
      }
      continue;
    }
    ctx.ops.push({ op: 'households', batch: batch.ref, values: record, correctionReason: falls.length ? r.correctionReason : null });
    history.set(key, [...records.filter((h) => h.asOf !== r.asOf), record]);
    ctx.record('households', {
      source: t.source, row: r.row, action: sameDay ? 'update' : 'create', label,
      changes: sameDay ? HOUSEHOLD_STEPS.filter((s) => sameDay[s] !== record[s]).map((s) => ({ column: col(COLUMN_OF[s]), before: String(sameDay[s]), after: String(record[s]) })) : [],
    });
  }
}

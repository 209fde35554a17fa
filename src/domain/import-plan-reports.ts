// Report rows → new reports. Reports are history: a row identical to a stored report (or to an
// earlier row) is left alone, anything else is added. A cumulative figure below the previous report
// for its scope, or above a later one, is refused unless the row gives a correction reason.
import { refKey, type PlanContext, type Resolved } from './import-context';
import { SCOPE_NAMES_ZH } from './import-tables';
import type { ParsedTable, Ref, ReportImportRow, ReportValues } from './import-types';
import { checkReportInput } from './rules';

const FIGURES = [
  'plannedAreaM2', 'startedAreaM2', 'deliveredAreaM2', 'householdsEntitled', 'householdsReturned', 'peopleEntitled', 'peopleReturned',
  'publishedStartRate', 'publishedDeliveryRate', 'publishedReturnRate',
] as const;

const COLUMN_OF: Record<string, string> = {
  asOf: 'as_of', plannedAreaM2: 'planned_area_m2', startedAreaM2: 'started_area_m2', deliveredAreaM2: 'delivered_area_m2',
  householdsEntitled: 'households_entitled', householdsReturned: 'households_returned', peopleEntitled: 'people_entitled',
  peopleReturned: 'people_returned', correctionReason: 'correction_reason',
};

type Stored = ReportValues & { sourceTitle: string | null };

/** Equal reports give equal keys; numbers are compared to 12 significant digits (float noise). */
const identity = (scope: string, a: Stored) =>
  JSON.stringify([scope, a.asOf, ...FIGURES.map((f) => (a[f] === null ? null : Number(a[f]!.toPrecision(12)))), a.sourceTitle, a.isCorrection, a.correctionReason]);

function resolveScope(ctx: PlanContext, r: ReportImportRow): Resolved<Ref> {
  const unknown = { ok: false as const, column: 'scope', key: 'validation.import_unknown_scope' };
  if (r.scopeType === 'district') {
    const d = ctx.district(r.scope, false);
    return d ? { ok: true, value: d } : unknown;
  }
  if (r.scopeType === 'village') {
    const v = ctx.village(r.district, r.scope, false);
    if (v.ok) return { ok: true, value: v.value.ref };
    return v.column === 'village' ? unknown : v;
  }
  const slash = r.scope.replace('／', '/').indexOf('/');
  if (slash > 0) {
    const v = ctx.village(r.district, r.scope.slice(0, slash).trim(), false);
    if (!v.ok) return v.column === 'village' ? unknown : v;
    const p = ctx.project(v.value, r.scope.slice(slash + 1).trim());
    return p ? { ok: true, value: p.ref } : unknown;
  }
  let district: Ref | null = null;
  if (r.district !== null) {
    district = ctx.district(r.district, false);
    if (!district) return { ok: false, column: 'district', key: 'validation.import_unknown_district' };
  }
  const found = ctx.projectsNamed(r.scope, district);
  if (found.length > 1) return { ok: false, column: 'scope', key: 'validation.import_ambiguous_scope' };
  return found.length === 1 ? { ok: true, value: found[0]!.ref } : unknown;
}

/** The staff form's messages say "tick correction"; a file's say which column to fill. */
const IMPORT_MESSAGE: Record<string, string> = {
  'validation.cumulative_fell': 'validation.import_cumulative_fell',
  'validation.cumulative_above_next': 'validation.import_cumulative_above_next',
};

export function planReports(ctx: PlanContext, t: ParsedTable<'reports'>): void {
  const col = (id: string) => t.headers[id] ?? id;
  const titles = new Map<number | null, string>(ctx.state.sources.map((s) => [s.id, s.title]));
  const sources = new Map<string, Ref>();
  for (const s of ctx.state.sources) if (!sources.has(s.title)) sources.set(s.title, { id: s.id });
  const stored = new Map<string, Stored[]>();
  const known = new Set<string>();
  const byDateThenId = [...ctx.state.reports].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : a.id - b.id));
  for (const rep of byDateThenId) {
    const key = `${rep.scopeType}:#${rep.scopeId}`;
    const entry: Stored = { ...rep, sourceTitle: titles.get(rep.sourceId) ?? null };
    if (!stored.has(key)) stored.set(key, []);
    stored.get(key)!.push(entry);
    known.add(identity(key, entry));
  }
  /** The rows planned so far for each scope, in date order. */
  const planned = new Map<string, Stored[]>();
  // In date order, so that each row is checked against the reports before it, file rows included.
  const rows = [...t.rows].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : a.row - b.row));

  for (const r of rows) {
    const scope = resolveScope(ctx, r);
    if (!scope.ok) {
      ctx.error(t.source, r.row, col(scope.column), scope.key);
      continue;
    }
    const key = `${r.scopeType}:${refKey(scope.value)}`;
    const values: Stored = {
      asOf: r.asOf, plannedAreaM2: r.plannedAreaM2, startedAreaM2: r.startedAreaM2, deliveredAreaM2: r.deliveredAreaM2,
      householdsEntitled: r.householdsEntitled, householdsReturned: r.householdsReturned, peopleEntitled: r.peopleEntitled,
      peopleReturned: r.peopleReturned, publishedStartRate: r.publishedStartRate, publishedDeliveryRate: r.publishedDeliveryRate,
      publishedReturnRate: r.publishedReturnRate, isCorrection: r.correctionReason !== null, correctionReason: r.correctionReason,
      sourceTitle: r.source,
    };
    const label = `${SCOPE_NAMES_ZH[r.scopeType]} · ${r.scope} · ${r.asOf}`;
    const id = identity(key, values);
    if (known.has(id)) {
      ctx.record('reports', { source: t.source, row: r.row, action: 'unchanged', label });
      continue;
    }
    // stored reports first: a row of the file is made after every stored report of its date
    const errors = checkReportInput(values, [...(stored.get(key) ?? []), ...(planned.get(key) ?? [])], ctx.asOf);
    if (Object.keys(errors).length) {
      for (const [field, message] of Object.entries(errors)) {
        const k = IMPORT_MESSAGE[message] ?? message;
        // Stryker disable next-line StringLiteral: equivalent, checkReportInput names only fields that COLUMN_OF maps, so the fallback is never used
        ctx.error(t.source, r.row, col(COLUMN_OF[field] ?? 'started_area_m2'), k);
      }
      continue;
    }
    let source: Ref | null = null;
    if (r.source !== null) {
      source = sources.get(r.source) ?? null;
      if (!source) {
        source = { key: `s:${r.source}` };
        ctx.ops.push({ op: 'source', key: source.key, title: r.source, publishedOn: r.asOf });
        sources.set(r.source, source);
      }
    }
    const { sourceTitle: _title, ...report } = values;
    ctx.ops.push({ op: 'report', scopeType: r.scopeType, scope: scope.value, source, values: report });
    planned.set(key, [...(planned.get(key) ?? []), values]);
    known.add(id);
    ctx.record('reports', { source: t.source, row: r.row, action: 'create', label });
  }
}

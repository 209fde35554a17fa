// The three spreadsheet tables: their columns (English identifier and Chinese header), how each
// cell is read, and how a header row or a sheet name is recognised. Pure.
import { parseArea, parseNumber, parsePeriod, parseRate, parseText, type Cell, type CellResult } from './import-cells';
import { parseStage } from './stages';
import { PROJECT_KINDS, type ProjectKind } from './types';
import { ALLOWANCE_BASES, PAID_UNTIL, type AllowanceBasis, type PaidUntil } from './allowance';

/** 1.5 million mu: no project's land is larger. */
export const MAX_LAND_AREA_M2 = 1e9;

export const TABLE_NAMES = ['projects', 'buildings', 'reports', 'households', 'allowance_rules'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export interface ColumnSpec {
  id: string;
  zh: string;
  /** Further accepted spellings of the header (Chinese variants). */
  aliases?: readonly string[];
  parse: (cell: Cell) => CellResult<unknown>;
  /** The header row must have this column (its cells may still be empty where the table allows). */
  required?: boolean;
  /** Read by an import but not written by an export (it says something about the change, not the record). */
  importOnly?: boolean;
}

export const KIND_NAMES_ZH: Readonly<Record<ProjectKind, string>> = { resettlement: '安置房', collective_affordable: '配套集体经济适用房' };
export const SCOPE_TYPES = ['district', 'village', 'project'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];
export const SCOPE_NAMES_ZH: Readonly<Record<ScopeType, string>> = { district: '区', village: '村', project: '项目' };

/** An identifier (any case) or the Chinese name, as with stages. */
function named<T extends string>(ids: readonly T[], zh: Readonly<Record<T, string>>, key: string, extra: Record<string, T> = {}) {
  return (cell: Cell): CellResult<T | null> => {
    const r = parseText(cell, 100);
    if (!r.ok || r.value === null) return r as CellResult<null>;
    const v = r.value.toLowerCase();
    const found = ids.find((id) => id === v || zh[id] === r.value) ?? extra[r.value];
    return found ? { ok: true, value: found } : { ok: false, key };
  };
}

const text = (max: number) => (c: Cell) => parseText(c, max);
const decimal = (max: number) => (c: Cell) => parseNumber(c, { max });
const integer = (max: number, min = 0) => (c: Cell) => parseNumber(c, { integer: true, min, max });
const day = (c: Cell) => parsePeriod(c, false);
const period = (c: Cell) => parsePeriod(c, true);
const stage = (c: Cell): CellResult<unknown> => {
  const r = parseText(c, 40);
  if (!r.ok || r.value === null) return r;
  const s = parseStage(r.value);
  return s ? { ok: true, value: s } : { ok: false, key: 'validation.import_stage' };
};
/** In mu unless the cell names its unit (`25440㎡`), by the same rule as the project form. */
const landMu = (c: Cell): CellResult<unknown> => parseArea(c, 'mu', MAX_LAND_AREA_M2);

/** A number above 0 (a multiplier). */
const positive = (max: number) => (c: Cell): CellResult<unknown> => {
  const r = parseNumber(c, { max });
  return r.ok && r.value !== null && (r.value as number) <= 0 ? { ok: false, key: 'validation.import_positive' } : r;
};
export const BASIS_NAMES_ZH: Readonly<Record<AllowanceBasis, string>> = { household: '按户', m2: '按面积' };
export const PAID_UNTIL_NAMES_ZH: Readonly<Record<PaidUntil, string>> = { handover_month: '交房当月', notice_next_month: '交房通知次月' };

const district: ColumnSpec = { id: 'district', zh: '区', aliases: ['所属区', '区县'], parse: text(100) };
const village: ColumnSpec = { id: 'village', zh: '村', aliases: ['村名', '城中村'], parse: text(100), required: true };
const project: ColumnSpec = { id: 'project', zh: '项目', aliases: ['项目名称'], parse: text(200), required: true };

export const TABLES: Readonly<Record<TableName, { sheetNames: readonly string[]; columns: readonly ColumnSpec[] }>> = {
  projects: {
    sheetNames: ['projects', '项目', '项目表'],
    columns: [
      village, project,
      { id: 'kind', zh: '类型', aliases: ['项目类型'], parse: named(PROJECT_KINDS, KIND_NAMES_ZH, 'validation.import_kind', { 集体经济适用房: 'collective_affordable' }) },
      { id: 'land_area_mu', zh: '占地面积(亩)', aliases: ['占地(亩)'], parse: landMu },
      { id: 'planned_floor_area_m2', zh: '规划建筑面积(平方米)', parse: decimal(1e9) },
      { id: 'investment_yuan', zh: '总投资(元)', parse: decimal(1e13) },
      { id: 'developer', zh: '开发单位', parse: text(200) },
      { id: 'construction_entity', zh: '建设主体', parse: text(200) },
      { id: 'planned_start', zh: '计划开工', aliases: ['计划开工日期'], parse: day },
      { id: 'planned_completion', zh: '计划竣工', aliases: ['计划竣工日期'], parse: period },
      district,
      // a planned completion that changes one already entered is a revision and needs its reason
      { id: 'target_reason', zh: '改期原因', aliases: ['目标变更原因', '延期原因'], parse: text(500), importOnly: true },
    ],
  },
  buildings: {
    sheetNames: ['buildings', '楼栋', '楼栋表'],
    columns: [
      village, project,
      { id: 'batch', zh: '批次', parse: text(100), required: true },
      // not required: a sheet that only gives batches their targets names no building, and a row
      // without a number is about the batch's next building without one (as a blank cell is)
      { id: 'building', zh: '楼号', aliases: ['楼栋'], parse: text(20) },
      { id: 'floor_area_m2', zh: '建筑面积(平方米)', parse: decimal(1e7) },
      { id: 'floors', zh: '层数', parse: integer(200, 1) },
      { id: 'units', zh: '套数', parse: integer(100_000) },
      { id: 'stage', zh: '施工阶段', aliases: ['阶段'], parse: stage },
      { id: 'stage_date', zh: '阶段日期', aliases: ['达到阶段日期'], parse: day },
      { id: 'target_delivery_date', zh: '目标交付日期', aliases: ['目标交付'], parse: period },
      district,
      // a stage below the stored one is a correction and needs its reason
      { id: 'correction_reason', zh: '更正原因', parse: text(500), importOnly: true },
      // a target date that changes one already entered is a revision and needs its reason
      { id: 'target_reason', zh: '改期原因', aliases: ['目标变更原因', '延期原因'], parse: text(500), importOnly: true },
    ],
  },
  reports: {
    sheetNames: ['reports', '报送', '报送表', '进度报送'],
    columns: [
      { id: 'scope_type', zh: '范围类型', parse: named(SCOPE_TYPES, SCOPE_NAMES_ZH, 'validation.import_scope_type', { 全区: 'district', 行政村: 'village', 城中村: 'village' }), required: true },
      { id: 'scope', zh: '范围', parse: text(301), required: true },
      { id: 'as_of', zh: '截至日期', aliases: ['数据截至日期'], parse: day, required: true },
      { id: 'started_area_m2', zh: '累计开工面积(平方米)', parse: decimal(1e10) },
      { id: 'delivered_area_m2', zh: '累计交付面积(平方米)', parse: decimal(1e10) },
      { id: 'people_entitled', zh: '应回迁人数', parse: integer(1e9) },
      { id: 'people_returned', zh: '累计回迁人数', parse: integer(1e9) },
      { id: 'households_entitled', zh: '应回迁户数', parse: integer(1e8) },
      { id: 'households_returned', zh: '累计回迁户数', parse: integer(1e8) },
      { id: 'published_start_rate', zh: '公布开工率', parse: parseRate },
      { id: 'published_delivery_rate', zh: '公布交付率', parse: parseRate },
      { id: 'published_return_rate', zh: '公布回迁率', parse: parseRate },
      { id: 'source', zh: '来源', parse: text(300) },
      { id: 'planned_area_m2', zh: '规划面积(平方米)', parse: decimal(1e10) },
      { id: 'correction_reason', zh: '更正原因', parse: text(500) },
      district,
    ],
  },
  // a batch's cumulative household counts as of a day (counts only, never names); an empty count keeps the stored one
  households: {
    sheetNames: ['households', '回迁户数', '回迁户数表'],
    columns: [
      village, project,
      { id: 'batch', zh: '批次', parse: text(100), required: true },
      { id: 'as_of', zh: '截至日期', aliases: ['数据截至日期'], parse: day, required: true },
      { id: 'households', zh: '安置户数', aliases: ['应安置户数'], parse: integer(1e7) },
      { id: 'allocated', zh: '已选房', aliases: ['已选房户数'], parse: integer(1e7) },
      { id: 'notices', zh: '已发交房通知', aliases: ['已发交房通知户数'], parse: integer(1e7) },
      { id: 'handed_over', zh: '已交房', aliases: ['已交房户数'], parse: integer(1e7) },
      { id: 'moved_in', zh: '已入住', aliases: ['已入住户数'], parse: integer(1e7) },
      { id: 'certificates', zh: '已办证', aliases: ['已办证户数'], parse: integer(1e7) },
      // a count below the stored one is a correction and needs its reason
      { id: 'correction_reason', zh: '更正原因', parse: text(500), importOnly: true },
      district,
    ],
  },
  // a district's transitional allowance rule (过渡费标准), one row per escalation step; the rows of a
  // district and date replace the rule stored for them
  allowance_rules: {
    sheetNames: ['allowance_rules', '过渡费标准', '过渡安置费标准'],
    columns: [
      { ...district, required: true },
      { id: 'effective_from', zh: '施行日期', aliases: ['生效日期'], parse: day, required: true },
      { id: 'basis', zh: '计算方式', parse: named(ALLOWANCE_BASES, BASIS_NAMES_ZH, 'validation.import_basis', { 按面积: 'm2', 按平方米: 'm2' }), required: true },
      { id: 'amount_yuan', zh: '每月标准(元)', aliases: ['标准(元)', '每月标准'], parse: decimal(1e6), required: true },
      { id: 'min_area_m2', zh: '每户最低面积(平方米)', aliases: ['最低面积(平方米)'], parse: decimal(1e5) },
      { id: 'after_months', zh: '逾期月数', parse: integer(600) },
      { id: 'multiplier', zh: '倍数', aliases: ['加倍'], parse: positive(100) },
      { id: 'paid_until', zh: '支付到', parse: named(PAID_UNTIL, PAID_UNTIL_NAMES_ZH, 'validation.import_paid_until') },
    ],
  },
};

/** Headers compare without case, spaces, underscores, full-width forms or the spelling of m². */
export function normaliseHeader(h: string): string {
  return h.normalize('NFKC').toLowerCase().replace(/[\s_\-\ufeff]/g, '').replace(/平方米|m²|㎡/g, 'm2');
}

const index = new Map<string, Map<string, string>>(
  TABLE_NAMES.map((t) => [t, new Map(TABLES[t].columns.flatMap((c) => [c.id, c.zh, ...(c.aliases ?? [])].map((h) => [normaliseHeader(h), c.id] as const)))]),
);

export function tableOfSheet(name: string): TableName | null {
  const n = normaliseHeader(name);
  return TABLE_NAMES.find((t) => TABLES[t].sheetNames.some((s) => normaliseHeader(s) === n)) ?? null;
}

export type HeaderResult =
  | { ok: true; table: TableName; columns: (string | null)[] }
  | { ok: false; keys: string[] };

/**
 * Which table a header row belongs to (given by the sheet name, or found from the columns), and the
 * column id of each position; null for a position with an empty header.
 */
export function recogniseHeader(header: readonly string[], forced: TableName | null): HeaderResult {
  const norm = header.map((h) => normaliseHeader(h));
  const named = norm.filter((h) => h !== '');
  if (named.length === 0) return { ok: false, keys: ['importer.error.no_header'] };
  // The table that knows most of the columns, so that a buildings sheet without 批次 is told that
  // 批次 is missing (not that 楼号 and 施工阶段 are unknown); of two that know as many, the one whose
  // required columns are all there.
  const complete = (t: TableName) => TABLES[t].columns.every((c) => !c.required || named.some((h) => index.get(t)!.get(h) === c.id));
  const table = forced ?? [...TABLE_NAMES].sort((a, b) => known(b, named) - known(a, named) || Number(complete(b)) - Number(complete(a)))[0]!;
  const cols = index.get(table)!;
  const keys: string[] = [];
  const unknown = header.filter((h, i) => norm[i] !== '' && !cols.has(norm[i]!));
  if (unknown.length) keys.push(`importer.error.unknown_columns|${unknown.join('、')}`);
  // No spelling of a column normalises to '': an empty header has no id.
  const ids = norm.map((h) => cols.get(h) ?? null);
  const dup = ids.find((id, i) => id !== null && ids.indexOf(id) !== i);
  if (dup) keys.push(`importer.error.duplicate_column|${header[ids.indexOf(dup)]}`);
  const missing = TABLES[table].columns.filter((c) => c.required && !ids.includes(c.id)).map((c) => c.id);
  if (missing.length) keys.push(`importer.error.missing_columns|${missing.join(', ')}`);
  // Not one of ours. (A table whose required columns are all there knows at least those.)
  if (!forced && known(table, named) === 0) return { ok: false, keys: [`importer.error.unknown_header|${header.filter(Boolean).slice(0, 6).join('、')}`] };
  return keys.length ? { ok: false, keys } : { ok: true, table, columns: ids };
}

const known = (t: TableName, named: readonly string[]) => named.filter((h) => index.get(t)!.has(h)).length;

/** Every column's Chinese header by its identifier (the same in every table), for messages. */
export const COLUMN_HEADERS_ZH: Readonly<Record<string, string>> = Object.fromEntries(
  TABLE_NAMES.flatMap((t) => TABLES[t].columns.map((c) => [c.id, c.zh] as const)),
);

/** The header of a column in a language, as exports write it. */
export function headerOf(table: TableName, id: string, lang: 'zh' | 'en'): string {
  const c = TABLES[table].columns.find((x) => x.id === id);
  return lang === 'zh' && c ? c.zh : id;
}

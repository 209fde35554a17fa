// A table as read from a file (header and rows of cells) → typed rows, with every bad cell reported
// by row and column. Pure: readers for CSV and XLSX live in services/import.
import type { Cell, Period } from './import-cells';
import { recogniseHeader, TABLES, type TableName } from './import-tables';
import type { ImportError, ParsedTable, RowsOf } from './import-types';

export interface RawTable {
  /** File name, or `file › sheet` for a workbook. */
  source: string;
  /** The table named by a workbook sheet; null when the header row must say. */
  forced: TableName | null;
  header: Cell[];
  headerRow: number;
  rows: { row: number; cells: Cell[] }[];
}

/** Cells that may not be empty (the header row must have more columns; see import-tables). */
const REQUIRED_CELLS: Record<TableName, readonly string[]> = {
  projects: ['village', 'project'],
  buildings: ['village', 'project', 'batch'],
  reports: ['scope_type', 'scope', 'as_of'],
  households: ['village', 'project', 'batch', 'as_of'],
  allowance_rules: ['district', 'effective_from', 'basis', 'amount_yuan'],
};

const FIELD: Record<string, string> = { land_area_mu: 'landAreaM2' };
const camel = (id: string) => FIELD[id] ?? id.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

export const isBlankCell = (c: Cell | undefined): boolean => c === undefined || c === null || (typeof c === 'string' && c.trim() === '');

function headerText(c: Cell | undefined): string {
  if (typeof c === 'string') return c.trim();
  if (typeof c === 'number' || typeof c === 'boolean') return String(c);
  // What is left: a date, or no header (an empty cell or an error value).
  return c instanceof Date ? c.toISOString().slice(0, 10) : '';
}

export function parseRawTable(raw: RawTable): { table: ParsedTable | null; errors: ImportError[] } {
  const header = raw.header.map(headerText);
  const recognised = recogniseHeader(header, raw.forced);
  if (!recognised.ok) {
    return { table: null, errors: recognised.keys.map((key) => ({ source: raw.source, row: raw.headerRow, column: null, key })) };
  }
  const { table, columns } = recognised;
  const specs = new Map(TABLES[table].columns.map((c) => [c.id, { parse: c.parse, field: camel(c.id) }]));
  const fields = TABLES[table].columns.map((c) => camel(c.id));
  const required = REQUIRED_CELLS[table];
  const headers: Record<string, string> = {};
  columns.forEach((id, i) => { if (id) headers[id] = header[i]!; });
  const errors: ImportError[] = [];
  const rows: Record<string, unknown>[] = [];
  for (const { row, cells } of raw.rows) {
    if (cells.every((c) => isBlankCell(c))) continue;
    const out: Record<string, unknown> = { row };
    let fine = true;
    const fail = (column: string | null, key: string) => {
      errors.push({ source: raw.source, row, column, key });
      fine = false;
    };
    cells.forEach((cell, i) => {
      const id = columns[i];
      if (!id) {
        if (!isBlankCell(cell)) fail(columnLetter(i), 'importer.error.unnamed_column');
        return;
      }
      const spec = specs.get(id)!;
      const r = spec.parse(cell);
      if (!r.ok) fail(headers[id]!, r.key);
      else out[spec.field] = r.value;
    });
    // An empty required cell, or one a short row lacks. A cell that is there was read above: its value
    // is set, or its problem is reported already (it is not "empty" as well).
    for (const id of required) {
      if (isBlankCell(cells[columns.indexOf(id)])) fail(headers[id] ?? id, 'validation.required');
    }
    for (const f of fields) out[f] ??= null;
    // Stryker disable next-line ConditionalExpression: equivalent, only the reports and households tables have an as_of column
    if ((table === 'reports' || table === 'households') && out.asOf) out.asOf = (out.asOf as Period).date;
    if (table === 'allowance_rules' && out.effectiveFrom) out.effectiveFrom = (out.effectiveFrom as Period).date;
    if (fine) rows.push(out);
  }
  return { table: { table, source: raw.source, headers, rows: rows as unknown as RowsOf[typeof table][] }, errors };
}

/** A, B, … Z, AA: how spreadsheets name a column position. */
export function columnLetter(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

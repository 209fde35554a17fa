// An XLSX workbook → one raw table per sheet that is one of ours (by sheet name, or else by its
// header row). The archive is checked first (zip-guard); formula cells give their saved result.
import type { Cell } from '../../domain/import-cells';
import type { ImportError } from '../../domain/import-types';
import type { RawTable } from '../../domain/import-rows';
import { recogniseHeader, tableOfSheet } from '../../domain/import-tables';
import { MAX_COLUMNS, MAX_ROWS } from './limits';
import { checkXlsxArchive } from './zip-guard';
import { loadExcelJs, type ExcelJS } from './lazy-exceljs';

/** An exceljs cell value → what the row parser understands. */
export function cellOf(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v !== 'object') return { error: 'type' };
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) return o.result === undefined || o.result === null ? { error: 'formula' } : cellOf(o.result);
  if ('error' in o) return { error: String(o.error) };
  if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('');
  if ('text' in o) return cellOf(o.text);
  return { error: 'type' };
}

function cellsOf(row: ExcelJS.Row): Cell[] {
  const values = row.values as unknown[];
  return Array.from({ length: Math.max(0, values.length - 1) }, (_v, i) => cellOf(values[i + 1]));
}

const headerText = (c: Cell) => (typeof c === 'string' ? c : c === null || typeof c === 'object' ? '' : String(c));

export async function readXlsx(buf: Buffer, file: string): Promise<{ raws: RawTable[]; errors: ImportError[]; notes: string[] }> {
  const fail = (key: string, source = file, row: number | null = null) => ({ raws: [], errors: [{ source, row, column: null, key }], notes: [] });
  const check = checkXlsxArchive(buf);
  if (!check.ok) return fail(check.key);
  const wb = new (loadExcelJs().Workbook)();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return fail('importer.error.bad_xlsx');
  }
  const raws: RawTable[] = [];
  const notes: string[] = [];
  for (const ws of wb.worksheets) {
    const source = `${file} › ${ws.name}`;
    if (ws.actualRowCount === 0) continue;
    if (ws.actualRowCount > MAX_ROWS + 1) return fail(`importer.error.too_many_rows|${MAX_ROWS}`, source);
    if (ws.columnCount > MAX_COLUMNS) return fail(`importer.error.too_many_columns|${MAX_COLUMNS}`, source);
    const rows: { row: number; cells: Cell[] }[] = [];
    ws.eachRow({ includeEmpty: false }, (row, n) => { rows.push({ row: n, cells: cellsOf(row) }); });
    const [head, ...body] = rows;
    if (!head) continue;
    const forced = tableOfSheet(ws.name);
    if (!forced && !recogniseHeader(head.cells.map(headerText), null).ok) {
      notes.push(`importer.note.ignored_sheet|${ws.name}`);
      continue;
    }
    raws.push({ source, forced, header: head.cells, headerRow: head.row, rows: body });
  }
  if (raws.length === 0) return { raws, errors: [{ source: file, row: null, column: null, key: 'importer.error.no_tables' }], notes };
  return { raws, errors: [], notes };
}

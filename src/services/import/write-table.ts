// Tables → CSV (UTF-8 with a BOM, so that Excel shows Chinese) or an XLSX workbook. Text that a
// spreadsheet would run as a formula is neutralised with a leading quote; numbers stay numbers.
import { stringify } from 'csv-stringify/sync';
import { neutralise, numberText } from '../../domain/import-cells';
import type { OutCell, TableOut } from '../../domain/export-rows';
import { loadExcelJs } from './lazy-exceljs';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const csvCell = (c: OutCell): string => (c === null ? '' : typeof c === 'number' ? numberText(c) : neutralise(c));

export function toCsv(headers: readonly string[], rows: readonly OutCell[][]): Buffer {
  const text = stringify([headers.map((h) => neutralise(h)), ...rows.map((r) => r.map(csvCell))], { record_delimiter: 'windows' });
  return Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
}

export async function toXlsx(tables: readonly TableOut[]): Promise<Buffer> {
  const wb = new (loadExcelJs().Workbook)();
  wb.creator = 'resettlement-tracker';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(t.headers.map((h) => neutralise(h))).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((c) => (typeof c === 'string' ? neutralise(c) : c)));
    ws.columns.forEach((col, i) => { col.width = Math.min(40, Math.max(10, (t.headers[i]?.length ?? 8) * 2)); });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// CSV text → a raw table (header and rows of strings). Malformed CSV (an unclosed quote, a stray
// quote, a row with more or fewer cells than the header) is reported by row, never guessed at.
import { parse } from 'csv-parse/sync';
import type { ImportError } from '../../domain/import-types';
import { isBlankCell, type RawTable } from '../../domain/import-rows';
import { MAX_COLUMNS, MAX_ROWS } from './limits';

interface CsvFailure {
  code?: string;
  lines?: number;
  bytes_records?: number;
}

const lineAt = (text: string, byteOffset: number) => Buffer.from(text).subarray(0, byteOffset).toString().split(/\r\n|\r|\n/).length;

export function readCsv(text: string, source: string): { raw: RawTable | null; errors: ImportError[] } {
  const fail = (row: number | null, key: string) => ({ raw: null, errors: [{ source, row, column: null, key }] });
  if (text.trim() === '') return fail(null, 'importer.error.empty');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // Every line ending ends a record, whichever comes first in the file: CSV from old Macs ends lines
    // with CR alone, and hand-edited files mix them (otherwise the later kind stays inside the cells).
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, info: true, bom: true, record_delimiter: ['\r\n', '\n', '\r'] }) as unknown as typeof records;
  } catch (err) {
    const e = err as CsvFailure;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') return fail(lineAt(text, e.bytes_records ?? 0), 'importer.error.quote');
    if (e.code === 'INVALID_OPENING_QUOTE' || e.code === 'CSV_INVALID_CLOSING_QUOTE') return fail(e.lines ?? null, 'importer.error.stray_quote');
    return fail(e.lines ?? null, 'importer.error.csv');
  }
  if (records.length === 0) return fail(null, 'importer.error.empty');
  // A record's row is the line it starts on; cells with line breaks span several lines (csv-parse
  // counts a CR and an LF inside quotes as a line each).
  const startLine = (r: (typeof records)[number]) => r.info.lines - r.record.reduce((n, c) => n + (c.match(/[\r\n]/g)?.length ?? 0), 0);
  const [head, ...body] = records;
  const width = head!.record.length;
  if (width > MAX_COLUMNS) return fail(startLine(head!), `importer.error.too_many_columns|${MAX_COLUMNS}`);
  if (body.length > MAX_ROWS) return fail(null, `importer.error.too_many_rows|${MAX_ROWS}`);
  const errors: ImportError[] = [];
  const rows: RawTable['rows'] = [];
  for (const r of body) {
    const row = startLine(r);
    const cells = r.record.length > width && r.record.slice(width).every((c) => isBlankCell(c)) ? r.record.slice(0, width) : r.record;
    if (cells.length !== width && !cells.every((c) => isBlankCell(c))) {
      errors.push({ source, row, column: null, key: `importer.error.ragged|${cells.length}` });
      continue;
    }
    rows.push({ row, cells });
  }
  return { raw: { source, forced: null, header: head!.record, headerRow: startLine(head!), rows }, errors };
}

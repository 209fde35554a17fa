// CSV text → a raw table (header and rows of strings). Malformed CSV (an unclosed quote, a stray
// quote, a row with more or fewer cells than the header) is reported by row, never guessed at.
// Parsing stops at the first record beyond a limit: a file of millions of short lines would
// otherwise become millions of arrays before its size could be refused.
import { parse } from 'csv-parse/sync';
import type { ImportError } from '../../domain/import-types';
import { isBlankCell, type RawTable } from '../../domain/import-rows';
import { MAX_CELLS, MAX_COLUMNS, MAX_ROWS } from './limits';

interface CsvFailure {
  code?: string;
  lines?: number;
  bytes_records?: number;
}

/** Thrown from the parser's record callback, which makes csv-parse stop where it is. */
class LimitReached extends Error {
  constructor(readonly key: string, readonly line: number | null) {
    super(key);
  }
}

const lineAt = (text: string, byteOffset: number) => Buffer.from(text).subarray(0, byteOffset).toString().split(/\r\n|\r|\n/).length;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The line of the first record with more than `limit` cells, or null. csv-parse builds a whole record
 * before any callback sees it, and 10 MB of commas is one record of ten million cells; this scan
 * counts the delimiters outside quotes without building anything (exact for well-formed CSV).
 */
export function firstWideRecord(text: string, delimiter: string, limit: number): number | null {
  const sep = delimiter.charCodeAt(0);
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let cells = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (c === CR || c === LF) {
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      line++;
      if (!quoted) {
        recordLine = line;
        cells = 1;
      }
    } else if (c === sep && !quoted && ++cells > limit) return recordLine;
  }
  return null;
}

export interface CsvRead {
  raw: RawTable | null;
  errors: ImportError[];
  /** Records the parser produced before it finished or stopped at a limit (at most MAX_ROWS + 2). */
  recordsRead: number;
}

export function readCsv(text: string, source: string): CsvRead {
  let recordsRead = 0;
  let cellCount = 0;
  const fail = (row: number | null, key: string) => ({ raw: null, errors: [{ source, row, column: null, key }], recordsRead });
  if (text.trim() === '') return fail(null, 'importer.error.empty');
  // a header is short; a first line of ten million commas must not become ten million matches
  const firstLine = text.slice(0, Math.min(text.search(/\r?\n|$/), 65_536));
  const delimiter = (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? '\t' : ',';
  const wide = firstWideRecord(text, delimiter, MAX_COLUMNS);
  if (wide !== null) return fail(wide, `importer.error.too_many_columns|${MAX_COLUMNS}`);
  // A record's row is the line it starts on; cells with line breaks span several lines (csv-parse
  // counts a CR and an LF inside quotes as a line each, and gives the line a record ends on).
  const startLine = (record: string[], endLine: number) => endLine - record.reduce((n, c) => n + (c.match(/[\r\n]/g)?.length ?? 0), 0);
  const lines: number[] = [];
  let records: string[][];
  try {
    // Every line ending ends a record, whichever comes first in the file: CSV from old Macs ends lines
    // with CR alone, and hand-edited files mix them (otherwise the later kind stays inside the cells).
    records = parse(text, {
      delimiter, relax_column_count: true, skip_empty_lines: true, bom: true, record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (record, context) => {
        recordsRead++;
        cellCount += record.length;
        lines.push(startLine(record, context.lines));
        if (recordsRead > MAX_ROWS + 1) throw new LimitReached(`importer.error.too_many_rows|${MAX_ROWS}`, null);
        if (cellCount > MAX_CELLS) throw new LimitReached(`importer.error.too_many_cells|${MAX_CELLS}`, null);
        return record;
      },
    });
  } catch (err) {
    if (err instanceof LimitReached) return fail(err.line, err.key);
    const e = err as CsvFailure;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') return fail(lineAt(text, e.bytes_records ?? 0), 'importer.error.quote');
    if (e.code === 'INVALID_OPENING_QUOTE' || e.code === 'CSV_INVALID_CLOSING_QUOTE') return fail(e.lines ?? null, 'importer.error.stray_quote');
    return fail(e.lines ?? null, 'importer.error.csv');
  }
  if (records.length === 0) return fail(null, 'importer.error.empty');
  const [head, ...body] = records;
  const width = head!.length;
  const errors: ImportError[] = [];
  const rows: RawTable['rows'] = [];
  for (const [i, record] of body.entries()) {
    const row = lines[i + 1]!;
    const cells = record.length > width && record.slice(width).every((c) => isBlankCell(c)) ? record.slice(0, width) : record;
    if (cells.length !== width && !cells.every((c) => isBlankCell(c))) {
      errors.push({ source, row, column: null, key: `importer.error.ragged|${cells.length}` });
      continue;
    }
    rows.push({ row, cells });
  }
  return { raw: { source, forced: null, header: head!, headerRow: lines[0]!, rows }, errors, recordsRead };
}

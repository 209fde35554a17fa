// Uploaded or command-line files → the parsed tables of one import, or every problem found. The
// content decides the format (a zip is an XLSX whatever its name); the header row or sheet name
// decides the table.
import path from 'node:path';
import type { ImportError, ParsedTable, ParsedUpload } from '../../domain/import-types';
import { parseRawTable, type RawTable } from '../../domain/import-rows';
import { decodeText } from './decode-text';
import { MAX_FILE_BYTES, MAX_ROWS, MB } from './limits';
import { readCsv } from './read-csv';
import { readXlsx } from './read-xlsx';

export interface UploadFile {
  name: string;
  bytes: Buffer;
}

/** The rows that parsed (even when others did not, so that a plan can find the rest of the problems). */
export interface ReadResult {
  upload: ParsedUpload | null;
  errors: ImportError[];
  notes: string[];
}

const startsWith = (b: Buffer, bytes: number[]) => bytes.every((x, i) => b[i] === x);

async function rawTables(f: UploadFile, source: string): Promise<{ raws: RawTable[]; errors: ImportError[]; notes: string[] }> {
  const fail = (key: string) => ({ raws: [], errors: [{ source, row: null, column: null, key }], notes: [] });
  if (f.bytes.length === 0) return fail('importer.error.empty');
  if (f.bytes.length > MAX_FILE_BYTES) return fail(`importer.error.too_large|${MAX_FILE_BYTES / MB}`);
  if (startsWith(f.bytes, [0x50, 0x4b, 0x03, 0x04])) return readXlsx(f.bytes, source);
  if (startsWith(f.bytes, [0xd0, 0xcf, 0x11, 0xe0])) return fail('importer.error.xls');
  if (/\.(xlsx|xlsm|xls|ods|numbers)$/i.test(f.name)) return fail('importer.error.bad_xlsx');
  const text = decodeText(f.bytes);
  if (!text.ok) return fail(text.key);
  const { raw, errors } = readCsv(text.text, source);
  return { raws: raw ? [raw] : [], errors, notes: [] };
}

/** The files' names as problems name them: no folders, not too long. */
export const sourceNames = (files: readonly UploadFile[]) => files.map((f) => path.basename(f.name.replace(/\\/g, '/')).slice(0, 120) || 'upload');

export async function readUpload(files: readonly UploadFile[]): Promise<ReadResult> {
  if (files.length === 0) return { upload: null, errors: [{ source: '', row: null, column: null, key: 'importer.error.no_file' }], notes: [] };
  const errors: ImportError[] = [];
  const notes: string[] = [];
  const tables: ParsedUpload['tables'] = {};
  const names = sourceNames(files);
  const raws: RawTable[] = [];
  for (const [i, f] of files.entries()) {
    const read = await rawTables(f, names[i]!);
    errors.push(...read.errors);
    notes.push(...read.notes);
    raws.push(...read.raws);
  }
  // Counted before any row is parsed, so a huge file costs no more than reading it.
  const rowCount = raws.reduce((n, r) => n + r.rows.length, 0);
  if (rowCount > MAX_ROWS) return { upload: null, errors: [{ source: names.join(', '), row: null, column: null, key: `importer.error.too_many_rows|${MAX_ROWS}` }], notes };
  for (const raw of raws) {
    const parsed = parseRawTable(raw);
    errors.push(...parsed.errors);
    if (!parsed.table) continue;
    const t: ParsedTable = parsed.table;
    if (tables[t.table]) {
      errors.push({ source: t.source, row: null, column: null, key: `importer.error.duplicate_table|${t.table}` });
      continue;
    }
    (tables as Record<string, ParsedTable>)[t.table] = t;
  }
  if (errors.length === 0 && rowCount === 0) errors.push({ source: names.join(', '), row: null, column: null, key: 'importer.error.no_rows' });
  return { upload: { files: names, tables, rowCount }, errors, notes };
}

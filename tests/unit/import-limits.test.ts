// The readers stop at the row, column and cell limits instead of parsing a whole hostile file first:
// what they refuse, and (by their own counters) how little of a much bigger file they read.
import zlib from 'node:zlib';
import { readCsv } from '../../src/services/import/read-csv';
import { readUpload } from '../../src/services/import/read-upload';
import { checkXlsxArchive, countElements } from '../../src/services/import/zip-guard';
import { MAX_CELLS, MAX_COLUMNS, MAX_ROWS } from '../../src/services/import/limits';
import { bigSheetXlsx } from '../helpers/import-files';

const rows = (n: number, line = 'a,b') => `${line}\n`.repeat(n);
const tooManyRows = `importer.error.too_many_rows|${MAX_ROWS}`;
const tooManyCells = `importer.error.too_many_cells|${MAX_CELLS}`;

describe('CSV', () => {
  test('MAX_ROWS data rows are read; one more is refused', () => {
    expect(readCsv(`village,project\n${rows(MAX_ROWS)}`, 'f.csv').raw!.rows).toHaveLength(MAX_ROWS);
    expect(readCsv(`village,project\n${rows(MAX_ROWS + 1)}`, 'f.csv').errors).toEqual([{ source: 'f.csv', row: null, column: null, key: tooManyRows }]);
  });

  test('a million one-character lines: refused after the first record beyond the limit', () => {
    const r = readCsv(rows(1_000_000, 'a'), 'f.csv');
    expect(r.errors.map((e) => e.key)).toEqual([tooManyRows]);
    expect(r.recordsRead).toBe(MAX_ROWS + 2);
  });

  test('what lies beyond the limit is never parsed (an unclosed quote there goes unnoticed)', () => {
    const r = readCsv(`village,project\n${rows(MAX_ROWS + 1)}"never closed\n${rows(100_000)}`, 'f.csv');
    expect(r.errors.map((e) => e.key)).toEqual([tooManyRows]);
  });

  test('too many cells in all, in fewer rows than the limit, are refused as cells', () => {
    const wide = Array.from({ length: 60 }, (_c, i) => `c${i}`).join(',');
    const r = readCsv(rows(20_000, wide), 'f.csv');
    expect(r.errors.map((e) => e.key)).toEqual([tooManyCells]);
    expect(r.recordsRead).toBe(Math.ceil((MAX_CELLS + 1) / 60));
  });
});

describe('CSV columns', () => {
  const tooManyColumns = `importer.error.too_many_columns|${MAX_COLUMNS}`;

  test('one record of ten million cells (10 MB of commas) is refused by its width before the parser builds it', () => {
    const r = readCsv(`village,project\n${','.repeat(10_000_000)}\n`, 'f.csv');
    expect(r.errors).toEqual([{ source: 'f.csv', row: 2, column: null, key: tooManyColumns }]);
    expect(r.recordsRead).toBe(0);
    const header = readCsv(`${','.repeat(10_000_000)}\n`, 'f.csv');
    expect(header.errors).toEqual([{ source: 'f.csv', row: 1, column: null, key: tooManyColumns }]);
    expect(header.recordsRead).toBe(0);
  });

  test('delimiters inside quotes are not cells, and the row named is the line the wide record starts on', () => {
    const commas = `"${','.repeat(500)}\n${'\t'.repeat(200)}"`;
    expect(readCsv(`village,project\n赵村,${commas}\n`, 'f.csv').raw!.rows).toEqual([{ row: 2, cells: ['赵村', commas.slice(1, -1)] }]);
    const wide = Array.from({ length: MAX_COLUMNS + 1 }, (_c, i) => `c${i}`).join('\t');
    expect(readCsv(`village\tproject\r\n"a\r\nb"\tB\r\n${wide}\r\n`, 'f.txt').errors).toEqual([{ source: 'f.txt', row: 4, column: null, key: tooManyColumns }]);
  });
});

describe('XLSX', () => {
  const sheetOf = (book: Buffer) => {
    // the sheet is the fifth part bigSheetXlsx writes; its local header is followed by its deflated bytes
    let p = 0;
    for (let i = 0; i < 4; i++) p += 30 + book.readUInt16LE(p + 26) + book.readUInt32LE(p + 18);
    return zlib.inflateRawSync(book.subarray(p + 30 + book.readUInt16LE(p + 26), p + 30 + book.readUInt16LE(p + 26) + book.readUInt32LE(p + 18)));
  };

  test('a sheet of MAX_ROWS data rows passes the archive check; one more row is refused before exceljs loads it', async () => {
    expect(checkXlsxArchive(bigSheetXlsx(MAX_ROWS))).toEqual({ ok: true });
    expect(checkXlsxArchive(bigSheetXlsx(MAX_ROWS + 1))).toEqual({ ok: false, key: tooManyRows });
    const r = await readUpload([{ name: 'book.xlsx', bytes: bigSheetXlsx(MAX_ROWS + 1) }]);
    expect(r.errors).toEqual([{ source: 'book.xlsx', row: null, column: null, key: tooManyRows }]);
  });

  test('1.2 million one-cell rows: counting stops at the first row beyond the limit, early in the sheet', () => {
    const book = bigSheetXlsx(1_200_000);
    expect(checkXlsxArchive(book)).toEqual({ ok: false, key: tooManyRows });
    const xml = sheetOf(book);
    const { counts, end } = countElements(xml, { row: MAX_ROWS + 1, c: MAX_CELLS });
    expect(counts.row).toBe(MAX_ROWS + 2);
    expect(end).toBeLessThan(xml.length / 20);
  });

  test('too many cells in fewer rows, or too many shared strings, are refused as cells', () => {
    expect(checkXlsxArchive(bigSheetXlsx(10_000, 100))).toEqual({ ok: false, key: tooManyCells });
    expect(checkXlsxArchive(bigSheetXlsx(10, 1, MAX_CELLS + 1))).toEqual({ ok: false, key: tooManyCells });
    expect(checkXlsxArchive(bigSheetXlsx(10, 1, 1000))).toEqual({ ok: true });
  });

  test('elements are counted by local name, with or without a namespace prefix, and nothing else', () => {
    const xml = Buffer.from('<x:row r="1"><x:c r="A1"/><c/><col/><cols></cols><c\n></c></x:row><row/><rows><cfRule/>');
    expect(countElements(xml, { row: 10, c: 10 })).toEqual({ counts: { row: 2, c: 3 }, end: xml.length });
  });
});

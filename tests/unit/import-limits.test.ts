// The readers stop at the row, column and cell limits instead of parsing a whole hostile file first:
// what they refuse, and (by their own counters) how little of a much bigger file they read.
import { readCsv } from '../../src/services/import/read-csv';
import { MAX_CELLS, MAX_ROWS } from '../../src/services/import/limits';

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

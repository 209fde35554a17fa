// File decoding, CSV reading and the XLSX archive check, without a database.
import { decodeText } from '../../src/services/import/decode-text';
import { readCsv } from '../../src/services/import/read-csv';
import { checkXlsxArchive } from '../../src/services/import/zip-guard';
import { readUpload } from '../../src/services/import/read-upload';
import { csv, gbk, utf8Bom, xlsx, zip } from '../helpers/import-files';

describe('decoding', () => {
  const text = '村,项目\r\n赵村,赵村城中村改造安置住宅\r\n';

  test('UTF-8 with or without a BOM, GBK as Chinese Excel saves it, and UTF-16 with a BOM', () => {
    expect(decodeText(Buffer.from(text))).toEqual({ ok: true, text, encoding: 'utf-8' });
    expect(decodeText(utf8Bom(text))).toEqual({ ok: true, text, encoding: 'utf-8' });
    expect(decodeText(gbk(text))).toEqual({ ok: true, text, encoding: 'gb18030' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({ ok: true, text, encoding: 'utf-16le' });
  });

  test('bytes that are neither, and binary files, are refused', () => {
    expect(decodeText(Buffer.from([0x61, 0xff, 0xfe, 0x80]))).toEqual({ ok: false, key: 'importer.error.encoding' });
    expect(decodeText(Buffer.from([0x61, 0x00, 0x62]))).toEqual({ ok: false, key: 'importer.error.not_spreadsheet' });
  });
});

describe('CSV', () => {
  test('rows are numbered as a spreadsheet shows them, even with line breaks inside a cell and blank lines', () => {
    const r = readCsv('village,project\r\n"赵\n村",A\r\n\r\n赵村,B\r\n', 'f.csv');
    expect(r.errors).toEqual([]);
    expect(r.raw!.rows).toEqual([{ row: 2, cells: ['赵\n村', 'A'] }, { row: 5, cells: ['赵村', 'B'] }]);
  });

  test('tab-separated text (Excel "Unicode text") is read as well', () => {
    expect(readCsv('village\tproject\n赵村\tA\n', 'f.txt').raw!.rows).toEqual([{ row: 2, cells: ['赵村', 'A'] }]);
  });

  test('trailing empty cells are tolerated, other ragged rows are not', () => {
    const r = readCsv('a,b\n1,2,,\n3\n4,5,6\n', 'f.csv');
    expect(r.raw!.rows).toEqual([{ row: 2, cells: ['1', '2'] }]);
    expect(r.errors.map((e) => [e.row, e.key])).toEqual([[3, 'importer.error.ragged|1'], [4, 'importer.error.ragged|3']]);
  });

  test('an unclosed quote names the row where it opens', () => {
    expect(readCsv('a,b\n1,2\n3,"4\n5,6\n', 'f.csv').errors).toEqual([{ source: 'f.csv', row: 3, column: null, key: 'importer.error.quote' }]);
  });
});

describe('XLSX archive check', () => {
  test('a real workbook passes', async () => {
    expect(checkXlsxArchive(await xlsx([{ name: '项目', rows: [['村', '项目'], ['赵村', 'A']] }]))).toEqual({ ok: true });
  });

  test('too large in total, lying about a part, a zip without a workbook, and a truncated archive are refused', () => {
    const book = { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') };
    expect(checkXlsxArchive(zip([book, { name: 'a.xml', data: Buffer.alloc(2048) }]), 1024)).toEqual({ ok: false, key: 'importer.error.xlsx_too_large|0' });
    expect(checkXlsxArchive(zip([book, { name: 'a.xml', data: Buffer.alloc(4096), declaredSize: 10 }]))).toEqual({ ok: false, key: 'importer.error.xlsx_too_large|60' });
    expect(checkXlsxArchive(zip([{ name: 'a.txt', data: Buffer.from('x') }]))).toEqual({ ok: false, key: 'importer.error.bad_xlsx' });
    expect(checkXlsxArchive(zip([book]).subarray(0, 40))).toEqual({ ok: false, key: 'importer.error.bad_xlsx' });
  });
});

describe('an upload', () => {
  test('XLSX sheets by name (English or Chinese) or by header; other sheets are ignored with a note', async () => {
    const book = await xlsx([
      { name: '说明', rows: [['这是说明']] },
      { name: '楼栋', rows: [['村', '项目', '批次', '楼号'], ['赵村', 'P', '第一批', '1#']] },
      { name: 'Sheet3', rows: [['scope_type', 'scope', 'as_of'], ['区', '高新区', new Date(Date.UTC(2024, 0, 2))]] },
    ]);
    const r = await readUpload([{ name: 'book.xlsx', bytes: book }]);
    expect(r.errors).toEqual([]);
    expect(r.notes).toEqual(['importer.note.ignored_sheet|说明']);
    expect(Object.keys(r.upload!.tables).sort()).toEqual(['buildings', 'reports']);
    expect(r.upload!.tables.reports!.rows[0]).toMatchObject({ asOf: '2024-01-02', scopeType: 'district' });
  });

  test('two files for the same table are refused', async () => {
    const file = Buffer.from(csv([['village', 'project'], ['赵村', 'A']]));
    const r = await readUpload([{ name: 'a.csv', bytes: file }, { name: 'b.csv', bytes: file }]);
    expect(r.errors).toEqual([{ source: 'b.csv', row: null, column: null, key: 'importer.error.duplicate_table|projects' }]);
  });
});

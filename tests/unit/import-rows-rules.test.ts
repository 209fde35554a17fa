// How a table as read from a file becomes typed rows, and how each column of the three tables reads a
// cell: the rules at their edges. import-rows.test.ts holds the common cases.
import type { Cell } from '../../src/domain/import-cells';
import { columnLetter, isBlankCell, parseRawTable, type RawTable } from '../../src/domain/import-rows';
import { headerOf, recogniseHeader, TABLES, type TableName } from '../../src/domain/import-tables';

const raw = (header: Cell[], rows: Cell[][], headerRow = 1): RawTable => ({
  source: 'f.csv', forced: null, header, headerRow, rows: rows.map((cells, i) => ({ row: headerRow + 1 + i, cells })),
});
const error = (row: number, column: string | null, key: string) => ({ source: 'f.csv', row, column, key });

/** One column's reading of one cell, as the import does it. */
const read = (table: TableName, id: string, cell: Cell) => TABLES[table].columns.find((c) => c.id === id)!.parse(cell);
const ok = (value: unknown) => ({ ok: true, value });
const bad = (key: string) => ({ ok: false, key });

describe('blank cells and rows', () => {
  test('a cell is blank when it is missing, null, empty or only spaces; 0, false and error values are not blank', () => {
    for (const c of [undefined, null, '', '  \t ']) expect(isBlankCell(c)).toBe(true);
    for (const c of ['0', 0, false, '-', { error: '#N/A' }, new Date(0)] as Cell[]) expect(isBlankCell(c)).toBe(false);
  });

  test('a row of spaces is an empty row and is skipped without a message', () => {
    const p = parseRawTable(raw(['村', '项目'], [['  ', '\t'], ['赵村', 'P']]));
    expect(p.errors).toEqual([]);
    expect(p.table!.rows).toEqual([expect.objectContaining({ row: 3, village: '赵村', project: 'P' })]);
  });

  test('a column left out of the file, or an empty cell, reads as "no value" in every field', () => {
    const p = parseRawTable(raw(['村', '项目'], [['赵村', 'P']]));
    expect(p.table!.rows).toEqual([{
      row: 2, village: '赵村', project: 'P', kind: null, landAreaM2: null, plannedFloorAreaM2: null, investmentYuan: null,
      developer: null, constructionEntity: null, plannedStart: null, plannedCompletion: null, district: null, targetReason: null,
    }]);
  });
});

describe('required cells', () => {
  test('a short row lacks its last cells: a required one among them is reported as required', () => {
    const p = parseRawTable(raw(['village', 'project', 'batch', 'building'], [['赵村', 'P']]));
    expect(p.errors).toEqual([error(2, 'batch', 'validation.required')]);
  });

  test('a required cell that is there but wrong is reported once, for what is wrong, not also as missing', () => {
    const p = parseRawTable(raw(['村', '项目'], [['赵\u202e村', { error: '#REF!' }]]));
    expect(p.errors).toEqual([error(2, '村', 'validation.control_chars'), error(2, '项目', 'validation.import_cell_error')]);
  });

  test('a report with a missing or a wrong as-of date is reported, not read', () => {
    const p = parseRawTable(raw(['scope_type', 'scope', 'as_of'], [['区', '高新区', ''], ['区', '高新区', '2024-02-30'], ['区', '高新区', '2024/2/29']]));
    expect(p.errors).toEqual([error(2, 'as_of', 'validation.required'), error(3, 'as_of', 'validation.date')]);
    expect(p.table!.rows).toEqual([expect.objectContaining({ row: 4, asOf: '2024-02-29' })]);
  });
});

describe('the header row', () => {
  test('a header the importer does not know is reported at the header row, and no table is read', () => {
    expect(parseRawTable(raw(['name', 'age'], [['x', '1']], 3))).toEqual({ table: null, errors: [error(3, null, 'importer.error.unknown_header|name、age')] });
  });

  test('numbers, true/false and dates in the header are headers as they read; empty and error cells are no header', () => {
    const header: Cell[] = ['village', 'project', 2024, true, new Date(Date.UTC(2024, 0, 31)), null, { error: '#REF!' }];
    expect(parseRawTable(raw(header, [])).errors).toEqual([error(1, null, 'importer.error.unknown_columns|2024、true、2024-01-31')]);
  });

  test('messages name a column by its header as written, without the spaces around it', () => {
    const p = parseRawTable(raw([' 村 ', '项目'], [['', 'P']]));
    expect(p.errors).toEqual([error(2, '村', 'validation.required')]);
    expect(p.table!.headers).toEqual({ village: '村', project: '项目' });
  });

  test('the headers kept for messages are the named columns only', () => {
    const p = parseRawTable(raw(['村', '', '项目'], [['赵村', '', 'P']]));
    expect(p.table!.headers).toEqual({ village: '村', project: '项目' });
  });

  test('a header row is the table that knows most of its columns, so a missing required column is named as missing', () => {
    // buildings knows all six but lacks batch; projects would know only village, project and district
    expect(recogniseHeader(['village', 'project', 'floors', 'units', 'stage', 'district'], null))
      .toEqual({ ok: false, keys: ['importer.error.missing_columns|batch'] });
    // the case: a buildings sheet without 批次
    expect(recogniseHeader(['村', '项目', '楼号', '施工阶段', '阶段日期'], null)).toEqual({ ok: false, keys: ['importer.error.missing_columns|batch'] });
    // a projects sheet without 项目 is still a projects sheet (类型 and 占地面积 are projects' columns)
    expect(recogniseHeader(['村', '类型', '占地面积(亩)'], null)).toEqual({ ok: false, keys: ['importer.error.missing_columns|project'] });
  });

  test('a buildings sheet that only gives batches their targets needs no 楼号 column', () => {
    expect(recogniseHeader(['村', '项目', '批次', '目标交付日期', '改期原因'], null))
      .toEqual({ ok: true, table: 'buildings', columns: ['village', 'project', 'batch', 'target_delivery_date', 'target_reason'] });
  });

  test('of two tables that know as many columns, the one whose required columns are all there', () => {
    expect(recogniseHeader(['村', '项目', '区'], null)).toEqual({ ok: true, table: 'projects', columns: ['village', 'project', 'district'] });
  });

  test('several unknown columns are listed together; a duplicate is found after empty columns too', () => {
    expect(recogniseHeader(['村', '项目', '颜色', '尺寸'], null)).toEqual({ ok: false, keys: ['importer.error.unknown_columns|颜色、尺寸'] });
    expect(recogniseHeader(['', '', 'village', '村', 'project'], null)).toEqual({ ok: false, keys: ['importer.error.duplicate_column|village'] });
  });

  test('an unknown header is quoted by its first six non-empty names', () => {
    expect(recogniseHeader(['a', '', 'b', 'c', 'd', 'e', 'f', 'g'], null)).toEqual({ ok: false, keys: ['importer.error.unknown_header|a、b、c、d、e、f'] });
  });

  test('on a sheet named for a table, a header with none of its columns lists what is unknown and what is missing', () => {
    expect(recogniseHeader(['name', 'age'], 'projects')).toEqual({
      ok: false, keys: ['importer.error.unknown_columns|name、age', 'importer.error.missing_columns|village, project'],
    });
  });

  test('columns are lettered as spreadsheets letter them: Z, then AA, and after ZZ, AAA', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  test('an export writes the Chinese header, or the identifier in English (and for a column it does not know)', () => {
    expect(headerOf('projects', 'land_area_mu', 'zh')).toBe('占地面积(亩)');
    expect(headerOf('reports', 'as_of', 'zh')).toBe('截至日期');
    expect(headerOf('projects', 'land_area_mu', 'en')).toBe('land_area_mu');
    expect(headerOf('projects', 'colour', 'zh')).toBe('colour');
  });
});

describe('columns', () => {
  test('kind and scope type: an identifier in any case, the Chinese name or a known variant; empty is no value', () => {
    expect(read('projects', 'kind', 'RESETTLEMENT')).toEqual(ok('resettlement'));
    expect(read('projects', 'kind', '集体经济适用房')).toEqual(ok('collective_affordable'));
    expect(read('projects', 'kind', '')).toEqual(ok(null));
    expect(read('projects', 'kind', '商品房')).toEqual(bad('validation.import_kind'));
    expect(read('projects', 'kind', '安置\u202e房')).toEqual(bad('validation.control_chars'));
    expect(read('reports', 'scope_type', '全区')).toEqual(ok('district'));
    expect(read('reports', 'scope_type', '城中村')).toEqual(ok('village'));
    expect(read('reports', 'scope_type', 'Project')).toEqual(ok('project'));
    expect(read('reports', 'scope_type', '乡')).toEqual(bad('validation.import_scope_type'));
  });

  test('stage: an identifier in any case or the Chinese name', () => {
    expect(read('buildings', 'stage', 'Topped_Out')).toEqual(ok('topped_out'));
    expect(read('buildings', 'stage', '已交付')).toEqual(ok('delivered'));
    expect(read('buildings', 'stage', null)).toEqual(ok(null));
    expect(read('buildings', 'stage', '快完了')).toEqual(bad('validation.import_stage'));
  });

  test('land is read in mu and stored in m² (1 mu = 10000/15 m²), up to 1,500,000 mu', () => {
    const m2 = (cell: Cell) => (read('projects', 'land_area_mu', cell) as { value: number }).value;
    expect(m2('38.16')).toBeCloseTo(25440, 6); // 38.16 × 10000 / 15 = 25440
    expect(m2('1.5')).toBeCloseTo(1000, 9); // 1.5 × 10000 / 15 = 1000
    expect(m2(1_500_000)).toBeCloseTo(1e9, 3); // 1,500,000 × 10000 / 15 = 10⁹
    expect(read('projects', 'land_area_mu', '1500001')).toEqual(bad('validation.max|1500000'));
    expect(read('projects', 'land_area_mu', '')).toEqual(ok(null));
    expect(read('projects', 'land_area_mu', '1,000')).toEqual(bad('validation.import_thousands'));
  });

  test('areas and money have their maximum: 10⁹ m² planned, 10¹³ yuan, 10⁷ m² per building', () => {
    expect(read('projects', 'planned_floor_area_m2', '1000000000')).toEqual(ok(1e9));
    expect(read('projects', 'planned_floor_area_m2', '1000000001')).toEqual(bad('validation.max|1000000000'));
    expect(read('projects', 'investment_yuan', '10000000000001')).toEqual(bad('validation.max|10000000000000'));
    expect(read('buildings', 'floor_area_m2', '10000000.5')).toEqual(bad('validation.max|10000000'));
  });

  test('floors are a whole number from 1 to 200; units a whole number from 0', () => {
    expect(read('buildings', 'floors', '1')).toEqual(ok(1));
    expect(read('buildings', 'floors', '200')).toEqual(ok(200));
    expect(read('buildings', 'floors', '0')).toEqual(bad('validation.min|1'));
    expect(read('buildings', 'floors', '201')).toEqual(bad('validation.max|200'));
    expect(read('buildings', 'floors', '2.5')).toEqual(bad('validation.integer'));
    expect(read('buildings', 'units', '0')).toEqual(ok(0));
    expect(read('buildings', 'units', '100001')).toEqual(bad('validation.max|100000'));
    expect(read('reports', 'people_returned', '1.5')).toEqual(bad('validation.integer'));
  });
});

import { parseRawTable, columnLetter, type RawTable } from '../../src/domain/import-rows';
import { normaliseHeader, recogniseHeader, tableOfSheet, TABLES } from '../../src/domain/import-tables';
import type { BuildingImportRow, ProjectImportRow, ReportImportRow } from '../../src/domain/import-types';

const raw = (header: string[], rows: (string | number | null)[][], forced: RawTable['forced'] = null): RawTable => ({
  source: 'f.csv', forced, header, headerRow: 1, rows: rows.map((cells, i) => ({ row: i + 2, cells })),
});

describe('headers', () => {
  test('each table is recognised from English or Chinese headers, in any order', () => {
    for (const [name, spec] of Object.entries(TABLES)) {
      const en = spec.columns.map((c) => c.id);
      const zh = spec.columns.map((c) => c.zh).reverse();
      expect(recogniseHeader(en, null)).toMatchObject({ ok: true, table: name });
      expect(recogniseHeader(zh, null)).toMatchObject({ ok: true, table: name });
    }
  });

  test('spelling variants of units, width and case are the same header', () => {
    expect(normaliseHeader('建筑面积(㎡)')).toBe(normaliseHeader('建筑面积(平方米)'));
    expect(normaliseHeader('建筑面积(m²)')).toBe(normaliseHeader('建筑面积(平方米)'));
    expect(normaliseHeader('Floor Area M2')).toBe(normaliseHeader('floor_area_m2'));
    const r = recogniseHeader(['村', '项目', '批次', '楼号', '建筑面积(㎡)', 'Stage'], null);
    expect(r).toEqual({ ok: true, table: 'buildings', columns: ['village', 'project', 'batch', 'building', 'floor_area_m2', 'stage'] });
  });

  test('land area must say its unit: a bare 占地面积 is not guessed to be mu', () => {
    expect(recogniseHeader(['村', '项目', '占地面积'], null)).toEqual({ ok: false, keys: ['importer.error.unknown_columns|占地面积'] });
  });

  test('an unknown header, unknown or duplicate columns and missing required ones are named', () => {
    expect(recogniseHeader(['name', 'age', 'email'], null)).toEqual({ ok: false, keys: ['importer.error.unknown_header|name、age、email'] });
    expect(recogniseHeader(['', '', ''], null)).toEqual({ ok: false, keys: ['importer.error.no_header'] });
    expect(recogniseHeader(['村', '项目', '颜色'], null)).toEqual({ ok: false, keys: ['importer.error.unknown_columns|颜色'] });
    expect(recogniseHeader(['village', '村', 'project'], null)).toEqual({ ok: false, keys: ['importer.error.duplicate_column|village'] });
    expect(recogniseHeader(['范围类型', '范围'], null)).toEqual({ ok: false, keys: ['importer.error.missing_columns|as_of'] });
    expect(recogniseHeader(['村', '项目'], 'buildings')).toEqual({ ok: false, keys: ['importer.error.missing_columns|batch'] });
  });

  test('sheet names in English or Chinese', () => {
    expect(tableOfSheet('Projects')).toBe('projects');
    expect(tableOfSheet('楼栋')).toBe('buildings');
    expect(tableOfSheet(' 报送 ')).toBe('reports');
    expect(tableOfSheet('Sheet1')).toBeNull();
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(27)).toBe('AB');
  });
});

describe('rows', () => {
  test('typed rows in base units: mu → m², stage and kind names → identifiers, targets with precision', () => {
    const p = parseRawTable(raw(['村', '项目', '类型', '占地面积(亩)', '计划竣工'], [['赵村', '新项目', '配套集体经济适用房', '38.16', '2025-12']]));
    expect(p.errors).toEqual([]);
    const row = p.table!.rows[0] as ProjectImportRow;
    expect(row).toMatchObject({ row: 2, village: '赵村', project: '新项目', kind: 'collective_affordable', plannedCompletion: { date: '2025-12-31', precision: 'month' }, district: null, developer: null });
    expect(row.landAreaM2).toBeCloseTo(25440, 6);

    const b = parseRawTable(raw(['village', 'project', 'batch', 'building', 'stage', 'stage_date'], [['赵村', 'P', '第一批', '1#', '主体封顶', '2024/5/6'], ['赵村', 'P', '第一批', '2#', 'TOPPED_OUT', '2024-05-06']]));
    expect(b.errors).toEqual([]);
    expect((b.table!.rows as BuildingImportRow[]).map((r) => [r.building, r.stage, r.stageDate?.date])).toEqual([['1#', 'topped_out', '2024-05-06'], ['2#', 'topped_out', '2024-05-06']]);

    const r = parseRawTable(raw(['scope_type', 'scope', 'as_of', 'published_start_rate'], [['区', '高新区', '2024-01-01', '96%']]));
    expect((r.table!.rows[0] as ReportImportRow)).toMatchObject({ scopeType: 'district', asOf: '2024-01-01', publishedStartRate: 0.96 });
  });

  test('every bad cell of every row is reported with its row and the header as written', () => {
    const p = parseRawTable(raw(['村', '项目', '类型', '总投资(元)', '计划开工'], [
      ['赵村', 'A', '商品房', '1,234', '2024-01-01'],
      ['', 'B', '安置房', '1.2万', '31/12/2024'],
      [null, null, null, null, null],
      ['赵村', 'C', 'resettlement', '-5', '2024-02-30'],
    ]));
    expect(p.errors).toEqual([
      { source: 'f.csv', row: 2, column: '类型', key: 'validation.import_kind' },
      { source: 'f.csv', row: 2, column: '总投资(元)', key: 'validation.import_thousands' },
      { source: 'f.csv', row: 3, column: '总投资(元)', key: 'validation.import_wan' },
      { source: 'f.csv', row: 3, column: '计划开工', key: 'validation.date' },
      { source: 'f.csv', row: 3, column: '村', key: 'validation.required' },
      { source: 'f.csv', row: 5, column: '总投资(元)', key: 'validation.import_negative' },
      { source: 'f.csv', row: 5, column: '计划开工', key: 'validation.date' },
    ]);
    expect(p.table!.rows).toEqual([]);
  });

  test('an unknown stage name and content under an unnamed column are refused', () => {
    const p = parseRawTable(raw(['village', 'project', 'batch', 'building', 'stage', ''], [['赵村', 'P', 'b', '1#', '快完了', ''], ['赵村', 'P', 'b', '2#', '', 'stray']]));
    expect(p.errors).toEqual([
      { source: 'f.csv', row: 2, column: 'stage', key: 'validation.import_stage' },
      { source: 'f.csv', row: 3, column: 'F', key: 'importer.error.unnamed_column' },
    ]);
  });

  test('a formula without a saved result and an error value name the cell', () => {
    const p = parseRawTable({ ...raw(['village', 'project', 'batch', 'building', 'floors', 'units'], []), rows: [{ row: 7, cells: ['v', 'p', 'b', '1', { error: 'formula' }, { error: '#DIV/0!' }] }] });
    expect(p.errors).toEqual([
      { source: 'f.csv', row: 7, column: 'floors', key: 'validation.import_formula' },
      { source: 'f.csv', row: 7, column: 'units', key: 'validation.import_cell_error' },
    ]);
  });
});

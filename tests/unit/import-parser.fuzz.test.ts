// Property-based fuzzing of the import parser: the decoder, the CSV reader, the upload reader and the
// row parser take arbitrary bytes, text and cells without throwing, answer with rows or with problems
// that each name a row and a column (or the file), and a valid generated table written out the way
// exports write it reads back as the same rows.
import fc from 'fast-check';
import { decodeText } from '../../src/services/import/decode-text';
import { readCsv } from '../../src/services/import/read-csv';
import { readUpload } from '../../src/services/import/read-upload';
import { toCsv, toXlsx } from '../../src/services/import/write-table';
import { parseRawTable, columnLetter, type RawTable } from '../../src/domain/import-rows';
import { TABLES, TABLE_NAMES, BASIS_NAMES_ZH, KIND_NAMES_ZH, PAID_UNTIL_NAMES_ZH, SCOPE_NAMES_ZH, SCOPE_TYPES, headerOf, type TableName } from '../../src/domain/import-tables';
import { ALLOWANCE_BASES, PAID_UNTIL } from '../../src/domain/allowance';
import { formatPeriod, muToM2, numberText, parseText, type Cell } from '../../src/domain/import-cells';
import { addDays, endOfMonth } from '../../src/domain/dates';
import { findPersonalData } from '../../src/domain/personal-data';
import { STAGE_NAMES_ZH } from '../../src/domain/stages';
import { PROJECT_KINDS, STAGES, type DatePrecision } from '../../src/domain/types';
import type { OutCell } from '../../src/domain/export-rows';
import type { ImportError } from '../../src/domain/import-types';

const RUNS = { numRuns: 300 };
const ERROR_KEY = /^(importer\.error|validation)\.[a-z_.]+(\|.*)?$/s;

/** A problem names a row (a spreadsheet row number) or is about the whole file, and says what in a key. */
function wellFormed(e: ImportError, source: string): void {
  expect(e.source.startsWith(source)).toBe(true);
  expect(e.row === null || (Number.isInteger(e.row) && e.row >= 1)).toBe(true);
  expect(e.key).toMatch(ERROR_KEY);
}

/** Bytes that look like a CSV or an XLSX more often than uniform noise would. */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', '\t', 'a', '村', ' ', '1', '\uFEFF', '\u0000', 'é') }).map((s) => new TextEncoder().encode(s)),
  fc.uint8Array({ maxLength: 200 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])),
  fc.uint8Array({ maxLength: 200 }).map((b) => Uint8Array.from([0xff, 0xfe, ...b])),
  fc.uint8Array({ maxLength: 200 }).map((b) => Uint8Array.from([0xef, 0xbb, 0xbf, ...b])),
);

/** Text built mostly from the characters that make CSV hard. */
const csvish = fc.string({ unit: fc.oneof(fc.constantFrom(',', '"', '\n', '\r\n', '\r', '\t', ' ', '""', '村', '项目'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 })), maxLength: 60 });

describe('arbitrary input never throws', () => {
  test('decodeText: text, or an encoding / not-a-spreadsheet refusal', () => {
    fc.assert(fc.property(bytes, (b) => {
      const r = decodeText(b);
      if (r.ok) expect(typeof r.text).toBe('string');
      else expect(['importer.error.encoding', 'importer.error.not_spreadsheet']).toContain(r.key);
    }), RUNS);
  });

  test('readCsv: rows numbered as a spreadsheet shows them, all as wide as the header, or problems naming the row', () => {
    fc.assert(fc.property(csvish, (text) => {
      const r = readCsv(text, 'f.csv');
      for (const e of r.errors) {
        wellFormed(e, 'f.csv');
        expect(e.column).toBeNull();
        expect(e.key).toMatch(/^importer\.error\./);
      }
      if (!r.raw) {
        expect(r.errors.length).toBeGreaterThan(0);
        return;
      }
      const rows = r.raw.rows.map((x) => x.row);
      expect(rows).toEqual([...rows].sort((a, b) => a - b));
      expect(new Set(rows).size).toBe(rows.length);
      for (const row of r.raw.rows) {
        expect(row.row).toBeGreaterThan(r.raw.headerRow);
        expect(row.cells.length === r.raw.header.length || row.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))).toBe(true);
      }
    }), RUNS);
  });

  // Found by the property above: with CR-only (old Mac) or mixed line endings, rows were numbered
  // wrongly (twice the same, or the header's) and stray line ends stayed inside the cells.
  test('readCsv: whatever the line endings, each row is numbered by the line it is on', () => {
    const simpleCell = fc.string({ unit: fc.constantFrom('a', 'b', '村', '1', ' '), minLength: 1, maxLength: 4 });
    const line = fc.oneof({ weight: 4, arbitrary: fc.array(simpleCell, { minLength: 2, maxLength: 2 }).map((c) => c.join(',')) }, { weight: 1, arbitrary: fc.constant('') });
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.array(fc.constantFrom('\r\n', '\n', '\r'), { minLength: 9, maxLength: 9 }), (body, ends) => {
      const lines = ['h1,h2', ...body];
      const text = lines.map((l, i) => l + ends[i]!).join('');
      const r = readCsv(text, 'f.csv');
      expect(r.errors).toEqual([]);
      // lines as an editor counts them (a CR then an LF is one line end, wherever they came from)
      const want = text.split(/\r\n|\r|\n/).flatMap((l, i) => (i > 0 && l !== '' ? [i + 1] : []));
      expect(r.raw!.rows.map((x) => x.row)).toEqual(want);
      for (const row of r.raw!.rows) for (const c of row.cells) expect(c).not.toMatch(/[\r\n]/);
    }), RUNS);
  });

  test('readUpload: arbitrary files give parsed tables or problems, never an exception', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.record({ name: fc.constantFrom('a.csv', 'b.xlsx', 'c.txt', 'd', '../e.csv'), bytes }), { minLength: 1, maxLength: 3 }), async (files) => {
      const r = await readUpload(files.map((f) => ({ name: f.name, bytes: Buffer.from(f.bytes) })));
      for (const e of r.errors) {
        expect(e.key).toMatch(ERROR_KEY);
        expect(e.row === null || e.row >= 1).toBe(true);
      }
      if (r.upload) for (const t of Object.values(r.upload.tables)) expect(TABLE_NAMES).toContain(t!.table);
      if (!r.upload) expect(r.errors.length).toBeGreaterThan(0);
    }), { numRuns: 200 });
  });

  /** Any cell a reader may hand over, spreadsheet oddities included. */
  const cell: fc.Arbitrary<Cell> = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    csvish,
    fc.constantFrom('1,234', '1.2万', '１２３', '-5', 'NaN', 'Infinity', '1e400', '2026-02-30', '2024年3月', '96%', '主体封顶', 'delivered', '安置房', '=1+1', "'=1+1", '@SUM(A1)'),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.date({ noInvalidDate: false }),
    fc.constant(null),
    fc.constantFrom({ error: '#N/A' }, { error: 'formula' }, { error: '#DIV/0!' }),
  );

  test('every column parser takes any cell: a value or a validation key', () => {
    const parsers = TABLE_NAMES.flatMap((t) => TABLES[t].columns.map((c) => c.parse));
    fc.assert(fc.property(fc.constantFrom(...parsers), cell, (parse, c) => {
      const r = parse(c);
      if (!r.ok) expect(r.key).toMatch(/^validation\./);
    }), { numRuns: 1000 });
  });

  test('parseRawTable: every non-blank row is either parsed or named by problems with its row and a column', () => {
    fc.assert(fc.property(
      fc.constantFrom(...TABLE_NAMES),
      fc.constantFrom<'zh' | 'en'>('zh', 'en'),
      fc.array(fc.array(cell, { minLength: 0, maxLength: 18 }), { maxLength: 8 }),
      (table, lang, body) => {
        const header = TABLES[table].columns.map((c) => headerOf(table, c.id, lang));
        const raw: RawTable = { source: 's.csv', forced: null, header, headerRow: 1, rows: body.map((cells, i) => ({ row: i + 2, cells })) };
        const { table: parsed, errors } = parseRawTable(raw);
        expect(parsed?.table).toBe(table);
        const columns = new Set([...header, ...Array.from({ length: 18 }, (_v, i) => columnLetter(i))]);
        for (const e of errors) {
          wellFormed(e, 's.csv');
          expect(e.row).not.toBeNull();
          expect(columns.has(e.column ?? '')).toBe(true);
          expect(e.key).toMatch(/^(validation|importer\.error)\./);
        }
        const parsedRows = new Set(parsed!.rows.map((r) => r.row));
        const refusedRows = new Set(errors.map((e) => e.row));
        for (const r of raw.rows) {
          const blank = r.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
          expect({ row: r.row, outcome: blank ? 'skipped' : parsedRows.has(r.row) ? 'parsed' : refusedRows.has(r.row) ? 'refused' : 'lost' })
            .toEqual({ row: r.row, outcome: blank ? 'skipped' : expect.stringMatching(/^(parsed|refused)$/) });
          expect(parsedRows.has(r.row) && refusedRows.has(r.row)).toBe(false);
        }
      },
    ), RUNS);
  });
});

// ---- a valid table, written as exports write it, reads back as the same rows ----

/** Text a column keeps as it is: trimmed, visible, on one line, nobody's personal data. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffd\ufffe\uffff]/;
const storable = (s: string) => s !== '' && s === s.trim() && !INVISIBLE.test(s) && findPersonalData(s) === null;
const text = (max: number) => fc.string({ unit: fc.oneof(fc.constantFrom('=', '+', '-', '@', "'", '"', ',', '村', '1', '#'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: Math.min(max, 40) })
  .filter((s) => storable(s) && [...s].length <= max);

const AS_OF = '2026-11-26';
const isoDay = fc.integer({ min: 0, max: 27_357 }).map((d) => addDays('1950-01-01', d)); // 1950 … 2024-11-25
const period = fc.tuple(fc.integer({ min: 1950, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.constantFrom<DatePrecision>('day', 'month', 'year'))
  .map(([y, m, d, precision]) => {
    const date = precision === 'year' ? `${y}-12-31` : precision === 'month' ? endOfMonth(y, m) : `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    return { date, precision };
  });
const stored = (max: number) => fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max, noNaN: true, noDefaultInfinity: true }));

type Gen = fc.Arbitrary<readonly [OutCell, unknown]>;
const same = <T extends OutCell>(a: fc.Arbitrary<T>): Gen => a.map((v) => [v, v] as const);
const optional = (g: Gen): Gen => fc.option(g, { nil: null }).map((x) => x ?? ([null, null] as const));
const named = <T extends string>(ids: readonly T[], zh: Readonly<Record<T, string>>): Gen =>
  fc.tuple(fc.constantFrom(...ids), fc.boolean()).map(([id, inZh]) => [inZh ? zh[id] : id, id] as const);

/** For each column id: a cell as an export writes it, and the value the importer must read from it. */
const COLUMNS: Record<string, Gen> = {
  district: optional(same(text(100))),
  village: same(text(100)),
  project: same(text(200)),
  kind: optional(named(PROJECT_KINDS, KIND_NAMES_ZH)),
  land_area_mu: optional(fc.integer({ min: 0, max: 10 ** 8 }).map((hundredths) => [hundredths / 100, muToM2(hundredths / 100)] as const)),
  planned_floor_area_m2: optional(same(stored(1e9))),
  investment_yuan: optional(same(stored(1e12))),
  developer: optional(same(text(200))),
  construction_entity: optional(same(text(200))),
  planned_start: optional(isoDay.map((d) => [d, { date: d, precision: 'day' }] as const)),
  planned_completion: optional(period.map((p) => [formatPeriod(p.date, p.precision), p] as const)),
  batch: same(text(100)),
  building: optional(same(text(20))),
  floor_area_m2: optional(same(stored(1e7))),
  floors: optional(same(fc.integer({ min: 1, max: 200 }))),
  units: optional(same(fc.integer({ min: 0, max: 100_000 }))),
  stage: optional(named(STAGES, STAGE_NAMES_ZH)),
  stage_date: optional(isoDay.map((d) => [d, { date: d, precision: 'day' }] as const)),
  target_delivery_date: optional(period.map((p) => [formatPeriod(p.date, p.precision), p] as const)),
  scope_type: named(SCOPE_TYPES, SCOPE_NAMES_ZH),
  scope: same(text(301)),
  as_of: isoDay.map((d) => [d, d] as const),
  started_area_m2: optional(same(stored(1e10))),
  delivered_area_m2: optional(same(stored(1e10))),
  people_entitled: optional(same(fc.integer({ min: 0, max: 1e9 }))),
  people_returned: optional(same(fc.integer({ min: 0, max: 1e9 }))),
  households_entitled: optional(same(fc.integer({ min: 0, max: 1e8 }))),
  households_returned: optional(same(fc.integer({ min: 0, max: 1e8 }))),
  published_start_rate: optional(same(fc.integer({ min: 0, max: 10_000 }).map((x) => x / 10_000))),
  published_delivery_rate: optional(same(fc.integer({ min: 0, max: 10_000 }).map((x) => x / 10_000))),
  published_return_rate: optional(same(fc.integer({ min: 0, max: 10_000 }).map((x) => x / 10_000))),
  source: optional(same(text(300))),
  planned_area_m2: optional(same(stored(1e10))),
  correction_reason: optional(same(text(500))),
  target_reason: optional(same(text(500))),
  // households
  households: optional(same(fc.integer({ min: 0, max: 1e7 }))),
  allocated: optional(same(fc.integer({ min: 0, max: 1e7 }))),
  notices: optional(same(fc.integer({ min: 0, max: 1e7 }))),
  handed_over: optional(same(fc.integer({ min: 0, max: 1e7 }))),
  moved_in: optional(same(fc.integer({ min: 0, max: 1e7 }))),
  certificates: optional(same(fc.integer({ min: 0, max: 1e7 }))),
  // allowance rules
  effective_from: isoDay.map((d) => [d, d] as const),
  basis: named(ALLOWANCE_BASES, BASIS_NAMES_ZH),
  amount_yuan: same(stored(1e6)),
  min_area_m2: optional(same(stored(1e5))),
  after_months: optional(same(fc.integer({ min: 0, max: 600 }))),
  multiplier: optional(same(fc.integer({ min: 1, max: 10_000 }).map((x) => x / 100))),
  paid_until: optional(named(PAID_UNTIL, PAID_UNTIL_NAMES_ZH)),
};
/** Where a table needs a column that others leave optional. */
const REQUIRED_HERE: Partial<Record<TableName, Record<string, Gen>>> = { allowance_rules: { district: same(text(100)) } };

const FIELD: Record<string, string> = { land_area_mu: 'landAreaM2' };
const camel = (id: string) => FIELD[id] ?? id.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** A table of 1–5 rows: the cells to write, and the rows the importer must read. */
const table = fc.constantFrom(...TABLE_NAMES).chain((name: TableName) => {
  const ids = TABLES[name].columns.map((c) => c.id);
  const row = fc.tuple(...ids.map((id) => REQUIRED_HERE[name]?.[id] ?? COLUMNS[id]!));
  return fc.tuple(fc.constant(name), fc.constantFrom<'zh' | 'en'>('zh', 'en'), fc.array(row, { minLength: 1, maxLength: 5 })).map(([t, lang, rows]) => ({
    table: t,
    headers: ids.map((id) => headerOf(t, id, lang)),
    cells: rows.map((r) => r.map(([c]) => c)),
    expected: rows.map((r, i) => ({ row: i + 2, ...Object.fromEntries(ids.map((id, j) => [camel(id), r[j]![1]])) })),
  }));
});

describe('a valid table round-trips through the file formats', () => {
  test('in range: the generators only make what the rules allow (sanity check)', () => {
    expect(numberText(1e-6)).toBe('0.000001');
    expect(AS_OF > addDays('1950-01-01', 27_357)).toBe(true);
  });

  test('CSV: parse(write(rows)) = rows', async () => {
    await fc.assert(fc.asyncProperty(table, async (t) => {
      const r = await readUpload([{ name: 't.csv', bytes: toCsv(t.headers, t.cells) }]);
      expect(r.errors).toEqual([]);
      expect(r.upload!.tables[t.table]!.rows).toEqual(t.expected);
    }), RUNS);
  });

  test('XLSX: parse(write(rows)) = rows', async () => {
    await fc.assert(fc.asyncProperty(table, async (t) => {
      const book = await toXlsx([{ table: t.table, sheet: t.table, headers: t.headers, rows: t.cells }]);
      const r = await readUpload([{ name: 't.xlsx', bytes: book }]);
      expect(r.errors).toEqual([]);
      expect(r.upload!.tables[t.table]!.rows).toEqual(t.expected);
    }), { numRuns: 25 });
  });
});

describe('whatever text the importer accepts, an export can hold', () => {
  // Found by this property: U+FFFE and U+FFFF were accepted, but XML cannot hold them, so the XLSX
  // export of such a name was a broken workbook that the importer (and Excel) refused.
  const risky = fc.string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('\uFFFE', '\uFFFF', '\uFFFC', '\uFFFD', '\u0085', '\uD83D\uDE00', '\u{10FFFF}', '\u{1FFFE}', '村')), minLength: 1, maxLength: 8 });

  test('a name the importer takes reads back unchanged from an XLSX and a CSV export', async () => {
    await fc.assert(fc.asyncProperty(risky, async (s) => {
      const accepted = parseText(s, 100);
      if (!accepted.ok || accepted.value === null) return;
      const name = accepted.value;
      const rows: OutCell[][] = [[name, 'p']];
      for (const [file, bytes] of [['t.xlsx', await toXlsx([{ table: 'projects', sheet: 'projects', headers: ['village', 'project'], rows }])], ['t.csv', toCsv(['village', 'project'], rows)]] as const) {
        const r = await readUpload([{ name: file, bytes }]);
        expect({ file, errors: r.errors }).toEqual({ file, errors: [] });
        expect(r.upload!.tables.projects!.rows[0]!.village).toBe(name);
      }
    }), { numRuns: 60 });
  });
});

// The command line: import (all or nothing, a row/column report, a line count on stderr) and export.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli';
import { createDb, type Db } from '../../src/db/create-db';
import { auditRows, bigSheetXlsx, csv, dumpData, gbk, utf8Bom } from '../helpers/import-files';

let dir: string;
const saved = { ...process.env };

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-import-cli-'));
  process.env.DATABASE_URL = path.join(dir, 'cli.db');
  process.env.LOG_LEVEL = 'silent';
  process.env.AS_OF = '2026-11-26';
  await quiet(() => runCli(['seed'], () => undefined));
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...saved };
  fs.rmSync(dir, { recursive: true, force: true });
});

async function quiet<T>(fn: () => Promise<T>): Promise<T> {
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await fn();
  } finally {
    spy.mockRestore();
  }
}

/** Runs the CLI and collects standard output lines, console errors and raw stderr writes. */
async function run(args: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const stderr: string[] = [];
  const e = jest.spyOn(console, 'error').mockImplementation((m: unknown) => { errors.push(String(m)); });
  const w = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => { stderr.push(String(chunk)); return true; });
  try {
    const code = await runCli(args, (l) => lines.push(l));
    return { code, lines, errors, stderr: stderr.join('') };
  } finally {
    e.mockRestore();
    w.mockRestore();
  }
}

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(process.env.DATABASE_URL!);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

const write = (name: string, data: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
};

const PROJECTS = [
  ['村', '项目', '类型', '占地面积(亩)', '规划建筑面积(平方米)', '总投资(元)', '开发单位', '建设主体', '计划开工', '计划竣工'],
  ['李村', '李村安置房一期', '安置房', '20.5', '80000', '500000000', '某开发公司', '某建设公司', '2024-03-01', '2026-12'],
];
const BUILDINGS = [
  ['村', '项目', '批次', '楼号', '建筑面积(平方米)', '层数', '套数', '施工阶段', '阶段日期', '目标交付日期'],
  ['李村', '李村安置房一期', '第一批', '1#', '12000', '18', '120', '主体施工', '2024-06-01', '2026-06-30'],
  ['李村', '李村安置房一期', '第一批', '2#', '11000', '18', '110', '基础施工', '2024-05-01', '2026-06-30'],
];

test('GBK and UTF-8-with-BOM files import; progress goes to stderr; the import is audited', async () => {
  const projects = write('projects.csv', gbk(csv(PROJECTS)));
  const buildings = write('buildings.csv', utf8Bom(csv(BUILDINGS)));
  const r = await run(['import', projects, buildings]);
  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.lines).toContain('projects: 1 new, 0 changed, 0 unchanged');
  expect(r.lines).toContain('buildings: 2 new, 0 changed, 0 unchanged');
  expect(r.lines).toContain('note: New villages without a district go to "郑州高新技术产业开发区" (the only district that is not demonstration data).');
  expect(r.stderr).toMatch(/writing \d+\/\d+/);
  await withDb(async (db) => {
    const p = await db.selectFrom('projects').selectAll().where('name_zh', '=', '李村安置房一期').executeTakeFirstOrThrow();
    expect(p.land_area_m2).toBeCloseTo(20.5 * 10000 / 15, 6);
    expect(p.planned_completion).toBe('2026-12-31');
    expect(p.planned_completion_precision).toBe('month');
    expect(p.developer).toBe('某开发公司');
    const b = await db.selectFrom('buildings').selectAll().where('code', '=', '1#').executeTakeFirstOrThrow();
    expect(b).toMatchObject({ stage: 'structure', stage_date: '2024-06-01', floors: 18, dwelling_units: 120, floor_area_m2: 12000 });
    const milestones = await db.selectFrom('milestones').selectAll().where('building_id', '=', b.id).execute();
    expect(milestones.map((m) => [m.stage, m.date])).toEqual([['structure', '2024-06-01']]);
    const audits = await auditRows(db, 'import');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ object_type: 'import', username: 'cli', result: 'ok' });
    expect(JSON.parse(audits[0]!.after_json!).counts.buildings).toEqual({ create: 2, update: 0, unchanged: 0 });
  });
});

test('a file with one bad row imports nothing, exits 1 and reports every bad row and column', async () => {
  const rows = [...BUILDINGS, ['李村', '李村安置房一期', '第一批', '3#', '1,234', '18', '120', '快封顶了', '2024/13/01', '2026-06-30']];
  const projects = write('projects.csv', csv(PROJECTS));
  const buildings = write('buildings.csv', csv(rows));
  const before = await withDb(dumpData);
  const r = await run(['import', projects, buildings]);
  expect(r.code).toBe(1);
  expect(r.errors).toEqual([
    'buildings.csv, row 4, column 建筑面积(平方米): Do not use thousands separators: write 1234, not 1,234.',
    'buildings.csv, row 4, column 施工阶段: Unknown stage. Use one of planned, foundation, structure, topped_out, finishing, landscaping, accepted, delivered (or the Chinese names).',
    'buildings.csv, row 4, column 阶段日期: Enter a real date, for example 2024-03-31, 2024/3/31 or 2024年3月31日.',
    '3 problems; nothing was imported.',
  ]);
  expect(await withDb(dumpData)).toEqual(before);
});

test('the report can be in Chinese', async () => {
  const file = write('b.csv', csv([BUILDINGS[0]!, ['没有村', '没有项目', '第一批', '1#', '', '', '', '', '', '']]));
  const r = await run(['import', file, '--lang', 'zh']);
  expect(r.code).toBe(1);
  expect(r.errors[0]).toBe('b.csv，第 2 行，“村”列：没有这个村。请先在项目表中加入它的项目，或核对村名和区。');
  expect(r.errors.at(-1)).toBe('共 1 处问题，没有导入任何数据。');
});

test('with --lang zh the summary, the notes and a missing column are Chinese too; in English one problem is "1 problem"', async () => {
  const file = write('p.csv', csv(PROJECTS));
  const zh = await run(['import', file, '--dry-run', '--lang', 'zh']);
  expect(zh.code).toBe(0);
  expect(zh.lines).toContain('项目：新建 1，修改 0，不变 0');
  expect(zh.lines).toContain('批次：新建 0，修改 0，不变 0');
  expect(zh.lines.at(-1)).toBe('试运行：没有写入任何数据');
  expect(zh.lines.join('\n')).not.toMatch(/[a-z]{3,}/);
  // a buildings sheet without 批次 is told so, in the reader's language
  const noBatch = write('nb.csv', csv(BUILDINGS.map((r) => r.filter((_c, i) => i !== 2))));
  const zhMissing = await run(['import', noBatch, '--lang', 'zh']);
  expect(zhMissing.errors).toEqual(['nb.csv，第 1 行：缺少必需的列：批次。', '共 1 处问题，没有导入任何数据。']);
  const enMissing = await run(['import', noBatch]);
  expect(enMissing.errors).toEqual(['nb.csv, row 1: Required column missing: batch (批次).', '1 problem; nothing was imported.']);
});

test('--dry-run reports what would change and writes nothing', async () => {
  const file = write('p.csv', csv(PROJECTS));
  const before = await withDb(dumpData);
  const r = await run(['import', file, '--dry-run']);
  expect(r.code).toBe(0);
  expect(r.lines).toContain('projects: 1 new, 0 changed, 0 unchanged');
  expect(r.lines.at(-1)).toBe('dry run: nothing was written');
  expect(await withDb(dumpData)).toEqual(before);
});

test('files far beyond the row limit are refused by it (the readers stop there, in this thread too)', async () => {
  const lines = write('lines.csv', 'a\n'.repeat(1_000_000));
  const book = write('rows.xlsx', bigSheetXlsx(1_200_000));
  const r = await run(['import', lines, book]);
  expect(r.code).toBe(1);
  expect(r.errors.slice(0, 2)).toEqual(['lines.csv: More than 50000 data rows; import them in several parts.', 'rows.xlsx: More than 50000 data rows; import them in several parts.']);
});

test.each(['csv', 'xlsx'])('an export (%s) imports back changing nothing', async (format) => {
  await quiet(() => runCli(['demo', '--seed', '3', '--villages', '2'], () => undefined));
  const files = format === 'xlsx' ? [path.join(dir, 'all.xlsx')] : ['projects', 'buildings', 'reports'].map((t) => path.join(dir, `${t}.csv`));
  for (const f of files) {
    const table = format === 'xlsx' ? 'all' : path.basename(f, '.csv');
    expect((await run(['export', '--table', table, '--format', format, '--out', f, '--lang', table === 'buildings' ? 'zh' : 'en'])).code).toBe(0);
  }
  const before = await withDb(dumpData);
  const r = await run(['import', ...files]);
  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  for (const line of r.lines.filter((l) => /^(projects|buildings|reports|batches):/.test(l))) expect(line).toMatch(/: 0 new, 0 changed, \d+ unchanged$/);
  expect(r.lines.find((l) => l.startsWith('buildings:'))).not.toBe('buildings: 0 new, 0 changed, 0 unchanged');
  expect(await withDb(dumpData)).toEqual(before);
  await withDb(async (db) => expect((await auditRows(db, 'export')).length).toBe(files.length));
});

test.each([
  [['import']],
  [['import', 'no-such-file.csv']],
  [['import', 'x.csv', '--lang', 'fr']],
  [['export', '--format', 'pdf']],
  [['export', '--format', 'csv']],
  [['export', '--format', 'csv', '--table', 'users']],
])('usage mistakes %j exit 2', async (args) => {
  const r = await run(args);
  expect(r.code).toBe(2);
  expect(r.errors.join('\n')).toMatch(/^error: /);
});

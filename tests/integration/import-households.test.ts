// The households table (回迁户数) of the importer and the export: a batch's counts as of a day, by
// the same rules as the staff form, all or nothing; an export imports back unchanged.
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { commitImport, previewImport } from '../../src/services/import/import.service';
import { exportTables } from '../../src/services/export.service';
import { verifyRollups } from '../../src/services/rollup.service';
import { readHouseholdChanges } from '../../src/repositories/household.repository';
import { countsOn } from '../../src/domain/household-changes';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { csv, dumpData } from '../helpers/import-files';

const TODAY = '2026-11-26';
const P = '赵村城中村改造安置住宅';
let ctx: TestContext;
beforeEach(async () => { ctx = await createTestContext(); });
afterEach(() => ctx.close());

const HEAD = ['村', '项目', '批次', '截至日期', '安置户数', '已选房', '已发交房通知', '已交房', '已入住', '已办证', '更正原因'];
const upload = (rows: (string | number | null)[][], head = HEAD, name = 'households.csv') => previewImport(ctx.db, [{ name, bytes: Buffer.from(csv([head, ...rows]), 'utf8') }], TODAY);
async function imported(rows: (string | number | null)[][], head = HEAD) {
  const p = await upload(rows, head);
  if (!p.upload) throw new Error(JSON.stringify(p.errors));
  const r = await commitImport(ctx.db, SYSTEM_ACTOR, TODAY, p.upload);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.summary;
}
const records = async () => (await ctx.db.selectFrom('household_counts').selectAll().orderBy('batch_id').orderBy('as_of').execute())
  .map((r) => [Number(r.batch_id), r.as_of, Number(r.households), Number(r.allocated), Number(r.notices), Number(r.handed_over), Number(r.moved_in), Number(r.certificates), Number(r.is_correction), r.correction_reason]);

test('rows with Chinese headers become records, rolled up in the same transaction; an empty cell keeps the stored value', async () => {
  const s = await imported([
    ['赵村', P, '第一批', '2025-01-10', 200, 150, 100, 40, 10, 0, null],
    ['赵村', P, '第一批', '2025-06-10', null, 200, 200, 180, null, null, null],
    ['赵村', P, '第二批', '2025-03-01', 50, 50, 50, 50, 45, 10, null],
  ]);
  expect(s.tables.households).toMatchObject({ create: 3, update: 0, unchanged: 0 });
  // the June row left 安置户数, 已入住 and 已办证 empty: kept from the January record (200, 10, 0)
  expect(await records()).toEqual([
    [1, '2025-01-10', 200, 150, 100, 40, 10, 0, 0, null], [1, '2025-06-10', 200, 200, 200, 180, 10, 0, 0, null], [2, '2025-03-01', 50, 50, 50, 50, 45, 10, 0, null],
  ]);
  expect(countsOn(await readHouseholdChanges(ctx.db, { type: 'project', id: 1 }), '2025-07-01')).toEqual({ households: 250, allocated: 250, notices: 250, handedOver: 230, movedIn: 55, certificates: 10 });
  expect((await ctx.db.transaction().execute((trx) => verifyRollups(trx))).differences).toEqual([]);
});

test('English headers work as well', async () => {
  await imported([['赵村', P, '第一批', '2025-01-10', 120, 60]], ['village', 'project', 'batch', 'as_of', 'households', 'allocated']);
  expect((await records())[0]!.slice(0, 4)).toEqual([1, '2025-01-10', 120, 60]);
});

test('a count that falls needs 更正原因; with it the row is kept as a correction', async () => {
  await imported([['赵村', P, '第一批', '2025-01-10', 100, 80, 80, 60, null, null, null]]);
  const before = await dumpData(ctx.db);
  const refused = await upload([['赵村', P, '第一批', '2025-02-10', null, null, null, 50, null, null, null]]);
  expect(refused.upload).toBeNull();
  expect(refused.errors).toEqual([{ source: 'households.csv', row: 2, column: '已交房', key: 'validation.import_households_falls|2025-01-10' }]);
  expect(await dumpData(ctx.db)).toEqual(before);
  await imported([['赵村', P, '第一批', '2025-02-10', null, null, null, 50, null, null, '1月多计10户']]);
  expect((await records())[1]).toEqual([1, '2025-02-10', 100, 80, 80, 50, 0, 0, 1, '1月多计10户']);
});

test('every broken row is named by row and column, and nothing at all is written', async () => {
  const before = await dumpData(ctx.db);
  const r = await upload([
    ['赵村', P, '第一批', '2025-01-10', 100, 50, 60, null, null, null, null],   // notices above allocated
    ['赵村', P, '第九批', '2025-01-10', 100, null, null, null, null, null, null], // no such batch
    ['赵村', P, '第二批', '2025-01-10', -5, null, null, null, null, null, null],  // a negative count
    ['赵村', P, '第二批', '2027-01-10', 10, null, null, null, null, null, null],  // after today
    ['赵村', P, '第二批', '2025-02-10', null, 3, null, null, null, null, null],   // no households anywhere
    ['赵村', P, '第一批', '2025-03-10', 100, 1e12, null, null, null, null, null], // a huge number
  ]);
  expect(r.upload).toBeNull();
  expect(r.errors.map((e) => [e.row, e.column, e.key.split('|')[0]])).toEqual([
    [2, '已发交房通知', 'validation.households.exceeds'],
    [3, '批次', 'validation.import_unknown_batch'],
    [4, '安置户数', expect.stringMatching(/^validation\./)],
    [5, '截至日期', 'validation.future'],
    [6, '安置户数', 'validation.required'],
    [7, '已选房', expect.stringMatching(/^validation\./)],
  ]);
  expect(await dumpData(ctx.db)).toEqual(before);
});

test('the same batch and day twice in one file is refused', async () => {
  const r = await upload([['赵村', P, '第一批', '2025-01-10', 100, 1, null, null, null, null, null], ['赵村', P, '第一批', '2025-01-10', 100, 2, null, null, null, null, null]]);
  expect(r.errors.map((e) => [e.row, e.column, e.key])).toEqual([[3, '截至日期', 'validation.import_duplicate|2']]);
});

test('an export of the households table imports back unchanged', async () => {
  await imported([['赵村', P, '第一批', '2025-01-10', 200, 150, 100, 40, 10, 0, null], ['赵村', P, '第二批', '2025-03-01', 50, 50, 50, 50, 45, 10, null]]);
  const file = await exportTables(ctx.db, SYSTEM_ACTOR, { tables: ['households'], format: 'csv', lang: 'zh', asOf: TODAY });
  const text = file.body.toString('utf8').replace(/^\uFEFF/, '');
  expect(text.split(/\r?\n/)[0]).toBe('村,项目,批次,截至日期,安置户数,已选房,已发交房通知,已交房,已入住,已办证,区');
  const again = await previewImport(ctx.db, [{ name: 'households.csv', bytes: file.body }], TODAY);
  expect(again.errors).toEqual([]);
  expect(again.summary!.tables.households).toMatchObject({ create: 0, update: 0, unchanged: 2 });
});

test('imports of one batch and day sent side by side leave one record, whole: a later one below an earlier one is a fall, refused', async () => {
  // Each import is previewed first, then all are committed at once. On PostgreSQL they run side by side:
  // each must be checked against what the imports before it committed, as the staff form is.
  await imported([['赵村', P, '第一批', '2025-01-10', 180, 100, null, null, null, null, null]]);
  const values = Array.from({ length: 6 }, (_v, i) => 160 + i);
  const previews = [];
  for (const n of values) {
    const p = await upload([['赵村', P, '第一批', '2025-06-10', null, n, null, null, null, null, null]]);
    if (!p.upload) throw new Error(JSON.stringify(p.errors));
    previews.push(p.upload);
  }
  const results = await Promise.all(previews.map((u) => commitImport(ctx.db, SYSTEM_ACTOR, TODAY, u)));
  const accepted = values.filter((_n, i) => results[i]!.ok);
  expect(accepted.length).toBeGreaterThan(0);
  for (const r of results) if (!r.ok) expect(r.errors.map((e) => e.key.split('|')[0])).toEqual(['validation.import_households_falls']);
  const june = (await records()).filter((r) => r[1] === '2025-06-10');
  expect(june).toHaveLength(1);
  // each accepted import was at least the one committed before it, so the record holds the largest accepted
  expect(june[0]![3]).toBe(Math.max(...accepted));
  expect((await ctx.db.transaction().execute((trx) => verifyRollups(trx))).differences).toEqual([]);
});

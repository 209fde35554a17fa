// The allowance rules table (过渡费标准) of the importer and the export: one row per escalation step;
// the rows of a district and date replace its rule of that date, all or nothing.
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { commitImport, previewImport } from '../../src/services/import/import.service';
import { exportTables } from '../../src/services/export.service';
import { allowanceRules } from '../../src/repositories/household.repository';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { csv, dumpData } from '../helpers/import-files';

const TODAY = '2026-11-26';
const D = '郑州高新技术产业开发区';
let ctx: TestContext;
beforeEach(async () => { ctx = await createTestContext(); });
afterEach(() => ctx.close());

const HEAD = ['区', '施行日期', '计算方式', '每月标准(元)', '每户最低面积(平方米)', '逾期月数', '倍数', '支付到'];
const upload = (rows: (string | number | null)[][], head = HEAD) => previewImport(ctx.db, [{ name: 'rules.csv', bytes: Buffer.from(csv([head, ...rows]), 'utf8') }], TODAY);
async function imported(rows: (string | number | null)[][], head = HEAD) {
  const p = await upload(rows, head);
  if (!p.upload) throw new Error(JSON.stringify(p.errors));
  const r = await commitImport(ctx.db, SYSTEM_ACTOR, TODAY, p.upload);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.summary;
}
const steps = async () => (await allowanceRules(ctx.db)).map((r) => [r.effectiveFrom, r.basis, r.amountYuan, r.minAreaM2, r.afterMonths, r.multiplier, r.paidUntil]);

test('a regulation\'s table: a base step and two escalations, in Chinese', async () => {
  const s = await imported([
    [D, '2023-01-01', '按户', 1200, null, null, null, null],
    [D, '2023-01-01', '按户', 1200, null, 18, 1.5, null],
    [D, '2023-01-01', '按户', 1200, null, 24, 2, '交房当月'],
  ]);
  expect(s.tables.allowance_rules).toMatchObject({ create: 1, update: 0, unchanged: 0 });
  expect(await steps()).toEqual([
    ['2023-01-01', 'household', 1200, null, 0, 1, 'handover_month'], ['2023-01-01', 'household', 1200, null, 18, 1.5, 'handover_month'], ['2023-01-01', 'household', 1200, null, 24, 2, 'handover_month'],
  ]);
});

test('the rows of a district and date replace its rule; another date is a rule of its own', async () => {
  await imported([[D, '2023-01-01', '按户', 1200, null, null, null, null], [D, '2023-01-01', '按户', 1200, null, 18, 1.5, null]]);
  await imported([[D, '2023-01-01', '按面积', 20, 60, null, null, '交房通知次月'], [D, '2025-07-01', 'household', 1500, null, 0, 1, 'handover_month']], HEAD);
  expect(await steps()).toEqual([['2023-01-01', 'm2', 20, 60, 0, 1, 'notice_next_month'], ['2025-07-01', 'household', 1500, null, 0, 1, 'handover_month']]);
});

test('broken rows are named by row and column, and nothing is written', async () => {
  const before = await dumpData(ctx.db);
  const unknown = await upload([['没有这个区', '2023-01-01', '按户', 1200, null, null, null, null]]);
  expect(unknown.errors.map((e) => [e.row, e.column, e.key])).toEqual([[2, '区', 'validation.import_unknown_district']]);
  const r = await upload([
    [D, '2022-01-01', '按户', 1200, null, null, null, null],
    [D, '2023-01-01', '按人', 1200, null, null, null, null],
    [D, '2023-01-01', '按户', -3, null, null, null, null],
    [D, '2023-01-01', '按户', 1200, null, 18, 0, null],
    [D, '2023-01-01', '按户', 1200, null, 6, 1.2, '领钥匙后'],
    [D, '2024-01-01', '按户', 1200, null, 12, 1.5, null],
    [D, '2024-01-01', '按户', 1200, null, 12, 2, null],
    [D, '2025-01-01', '按户', 1200, null, 18, 1.5, null],
    [D, '2026-01-01', '按户', 1200, null, null, null, null],
    [D, '2026-01-01', '按户', 1500, null, 18, 1.5, null],
  ]);
  expect(r.upload).toBeNull();
  expect(r.errors.map((e) => [e.row, e.column, e.key])).toEqual([
    [3, '计算方式', 'validation.import_basis'],
    [4, '每月标准(元)', expect.stringMatching(/^validation\./)],
    [5, '倍数', 'validation.import_positive'],
    [6, '支付到', 'validation.import_paid_until'],
    [8, '逾期月数', 'validation.import_duplicate|7'],
    [9, '逾期月数', 'validation.import_rule_base'],
    [11, '每月标准(元)', 'validation.import_rule_mixed'],
  ]);
  expect(await dumpData(ctx.db)).toEqual(before);
});

test('an export of the rules imports back unchanged, in either language', async () => {
  await imported([[D, '2023-01-01', '按户', 1200, null, null, null, null], [D, '2023-01-01', '按户', 1200, null, 18, 1.5, null]]);
  for (const lang of ['zh', 'en'] as const) {
    const file = await exportTables(ctx.db, SYSTEM_ACTOR, { tables: ['allowance_rules'], format: 'csv', lang, asOf: TODAY });
    const again = await previewImport(ctx.db, [{ name: 'rules.csv', bytes: file.body }], TODAY);
    expect(again.errors).toEqual([]);
    expect(again.summary!.tables.allowance_rules).toMatchObject({ create: 0, update: 0, unchanged: 1 });
  }
});

// Bad input never crashes and never changes the database: each kind gives a clear message naming
// the file, row and column.
import { createStaffContext, csrfOf, signedIn, type StaffContext } from '../helpers/staff-agent';
import { csv, dumpData, gbk, xlsx, zip } from '../helpers/import-files';
import { decodeEntities, mainText } from '../helpers/html';

let ctx: StaffContext;
let staff: Awaited<ReturnType<typeof signedIn>>;
let token: string;
let pristine: Awaited<ReturnType<typeof dumpData>>;
beforeAll(async () => {
  ctx = await createStaffContext();
  staff = await signedIn(ctx, 'staff');
  token = csrfOf((await staff.get('/admin/import')).text);
  pristine = await dumpData(ctx.db);
});
afterAll(async () => { await ctx.close(); });
afterEach(async () => {
  expect(await dumpData(ctx.db)).toEqual(pristine);
});

async function upload(files: { name: string; data: Buffer | string }[]) {
  let req = staff.post('/admin/import/preview').field('_csrf', token);
  for (const f of files) req = req.attach('files', Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data), f.name);
  return req;
}

/** The problem table of the page: [source, row, column, message] per line. */
function problems(html: string): string[][] {
  const body = /<table class="import-errors">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decodeEntities(c[1]!).trim()));
}

const B_HEAD = ['村', '项目', '批次', '楼号', '建筑面积(平方米)', '层数', '套数', '施工阶段', '阶段日期', '目标交付日期'];
const P = '赵村城中村改造安置住宅';
const row = (code: string, over: Partial<Record<'area' | 'floors' | 'units' | 'stage' | 'date' | 'target', string>> = {}) =>
  ['赵村', P, '第三批', code, over.area ?? '1000', over.floors ?? '18', over.units ?? '100', over.stage ?? '主体施工', over.date ?? '2024-01-01', over.target ?? '2026-06'];

test.each([
  ['1,234', 'area', '不要用千位分隔符'],
  ['1.2万', 'area', '不要用“万”'],
  ['１２３', 'area', '半角阿拉伯数字'],
  ['-5', 'floors', '不能是负数'],
  ['NaN', 'units', '请填写整数'],
  ['1e400', 'area', '请填写数字'],
  ['Infinity', 'area', '请填写数字'],
])('number %j in %s is refused with a message naming row and column', async (value, field, message) => {
  const res = await upload([{ name: 'b.csv', data: csv([B_HEAD, row('1#'), row('2#', { [field]: value })]) }]);
  expect(res.status).toBe(400);
  const col = { area: '建筑面积(平方米)', floors: '层数', units: '套数' }[field]!;
  const [p] = problems(res.text);
  expect(p!.slice(0, 3)).toEqual(['b.csv', '3', col]);
  expect(p![3]).toContain(message);
});

test('every bad row and column of a file is listed, and the good rows are not written', async () => {
  const res = await upload([{ name: 'b.csv', data: csv([
    B_HEAD, row('1#'),
    row('2#', { date: '2024/13/40' }),
    row('3#', { date: '2030-01-01' }),
    row('4#', { stage: '快完工了' }),
    row('5#', { stage: 'foundation', target: 'next year' }),
    row('6#', { floors: '0' }),
  ]) }]);
  expect(res.status).toBe(400);
  expect(problems(res.text).map((p) => p.slice(1, 3))).toEqual([['3', '阶段日期'], ['4', '阶段日期'], ['5', '施工阶段'], ['6', '目标交付日期'], ['7', '层数']]);
  expect(mainText(res.text)).toContain('共 5 处问题');
  expect(mainText(res.text)).toContain('不能是将来的日期');
});

test('the report is in English for an English reader', async () => {
  const res = await staff.post('/admin/import/preview?lang=en').field('_csrf', token).attach('files', Buffer.from(csv([B_HEAD, row('1#', { stage: 'almost' })])), 'b.csv');
  expect(problems(res.text)[0]).toEqual(['b.csv', '2', '施工阶段', 'Unknown stage. Use one of planned, foundation, structure, topped_out, finishing, landscaping, accepted, delivered (or the Chinese names).']);
  await staff.get('/admin/import?lang=zh');
});

test.each<[string, string | Buffer, string, string | null]>([
  ['unbalanced quotes', 'village,project,kind\r\n赵村,"新项目,resettlement\r\n赵村,B,resettlement\r\n', 'CSV 的引号不配对', '2'],
  ['a stray quote', 'village,project,kind\r\n赵村,新"项目",resettlement\r\n', '多余的引号', '2'],
  ['a ragged row', 'village,project,kind\r\n赵村,A,resettlement\r\n赵村,B,resettlement,extra\r\n', '这一行有 4 个单元格', '3'],
  ['an unknown header', 'name,age\r\nx,1\r\n', '无法识别这个表头', '1'],
  ['an unknown column', 'village,project,colour\r\nx,y,red\r\n', '不认识的列：colour', '1'],
  ['an empty file', '', '文件是空的', null],
  ['a blank file', '\r\n  \r\n', '文件是空的', null],
  ['a header only', 'village,project,kind\r\n', '没有数据行', null],
  ['a wrong encoding', Buffer.from([0x76, 0x2c, 0x70, 0x0a, 0xff, 0xfe, 0xfd, 0x80, 0x0a]), '无法识别文件的文字编码', null],
  ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), '不是 CSV 或 XLSX', null],
])('%s is refused with a clear message', async (_what, data, message, rowNo) => {
  const res = await upload([{ name: 'f.csv', data }]);
  expect(res.status).toBe(400);
  const [p] = problems(res.text);
  expect(p![3]).toContain(message);
  if (rowNo) expect(p![1]).toBe(rowNo);
});

test.each<[string, () => Promise<Buffer> | Buffer, string]>([
  ['a picture renamed .xlsx', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), '不是有效的 XLSX'],
  ['a text file renamed .xlsx', () => Buffer.from('village,project\r\n'), '不是有效的 XLSX'],
  ['a zip that is no workbook', () => zip([{ name: 'readme.txt', data: Buffer.from('hello') }]), '不是有效的 XLSX'],
  ['a truncated workbook', async () => (await xlsx([{ name: '项目', rows: [['村', '项目']] }])).subarray(0, 2000), '不是有效的 XLSX'],
  ['an old .xls', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]), '旧的 .xls 格式'],
  ['a zip bomb', () => zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(70 * 1024 * 1024) }]), '压缩炸弹'],
  ['a zip bomb that lies about its size', () => zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(70 * 1024 * 1024), declaredSize: 1000 }]), '压缩炸弹'],
  ['an XML entity bomb', () => zip([{ name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>') }]), '不是有效的 XLSX'],
])('%s is refused before any workbook is read', async (_what, make, message) => {
  const res = await upload([{ name: 'book.xlsx', data: await make() }]);
  expect(res.status).toBe(400);
  expect(problems(res.text)[0]![3]).toContain(message);
});

test('formula cells: a saved result is used; a formula without one is refused by row and column', async () => {
  const book = await xlsx([{ name: '楼栋', rows: [B_HEAD, [...row('1#').slice(0, 4), { formula: '100*10', result: 1000 }, ...row('1#').slice(5)], [...row('2#').slice(0, 5), { formula: 'F2+1' }, ...row('2#').slice(6)]] }]);
  const res = await upload([{ name: 'book.xlsx', data: book }]);
  expect(problems(res.text)).toEqual([['book.xlsx › 楼栋', '3', '层数', '这是一个公式，但文件里没有保存计算结果。请在 Excel 中打开并保存后再导入，或把公式改成数值。']]);
});

test('the limits: file size, number of files, number of rows', async () => {
  const big = await upload([{ name: 'big.csv', data: Buffer.alloc(10 * 1024 * 1024 + 1, 0x61) }]);
  expect(big.status).toBe(413);
  expect(problems(big.text)[0]![3]).toBe('文件超过 10 MB，请分成几个文件导入。');
  const many = await upload([1, 2, 3, 4].map((i) => ({ name: `f${i}.csv`, data: 'village,project\r\n' })));
  expect(many.status).toBe(400);
  expect(problems(many.text)[0]![3]).toBe('一次最多上传 3 个文件。');
  const rows = ['village,project,kind', ...Array.from({ length: 50_001 }, (_v, i) => `赵村,p${i},resettlement`)].join('\r\n');
  const long = await upload([{ name: 'long.csv', data: rows }]);
  expect(long.status).toBe(400);
  expect(problems(long.text)[0]![3]).toBe('数据超过 50000 行，请分成几次导入。');
  const none = await staff.post('/admin/import/preview').field('_csrf', token);
  expect(problems(none.text)[0]![3]).toBe('请选择要导入的文件。');
});

test('a GBK file with a bad row is read correctly and still refused as a whole', async () => {
  const res = await upload([{ name: 'b.csv', data: gbk(csv([B_HEAD, row('1#'), row('2#', { stage: '封顶' })])) }]);
  expect(problems(res.text)).toEqual([['b.csv', '3', '施工阶段', '无法识别的施工阶段。请填写：未开工、基础施工、主体施工、主体封顶、装饰装修、园建配套、竣工验收、已交付之一。']]);
});

test('a plan that became invalid between preview and commit is refused at commit, writing nothing', async () => {
  const res = await upload([
    { name: 'p.csv', data: csv([['村', '项目', '类型'], ['赵村', '新增项目', '安置房']]) },
    { name: 'r.csv', data: csv([['范围类型', '范围', '截至日期', '累计开工面积(平方米)'], ['区', '郑州高新技术产业开发区', '2024-06-30', '15000000']]) },
  ]);
  expect(res.status).toBe(200);
  const upload_ = /name="upload" value="([^"]+)"/.exec(res.text)![1]!;
  // Meanwhile someone reports a higher figure for the same date: the imported one would now fall.
  const later = await ctx.db.insertInto('progress_reports').values({
    scope_type: 'district', district_id: 1, village_id: null, project_id: null, as_of: '2024-06-30', planned_area_m2: null,
    started_area_m2: 16_000_000, delivered_area_m2: null, households_entitled: null, households_returned: null, people_entitled: null,
    people_returned: null, published_start_rate: null, published_delivery_rate: null, published_return_rate: null, source_id: null,
    note: null, correction_reason: null, created_at: '2026-11-26T00:00:00.000Z',
  }).returning('id').executeTakeFirstOrThrow();
  const withReport = await dumpData(ctx.db);
  const commit = await staff.post('/admin/import/commit').type('form').send({ _csrf: token, upload: upload_ });
  const status = commit.headers.location!;
  let state = 'running';
  for (let i = 0; i < 100 && state === 'running'; i++) state = (await staff.get(`${status}?format=json`)).body.state;
  expect(state).toBe('failed');
  const page = await staff.get(status);
  expect(mainText(page.text)).toContain('导入失败，没有写入任何数据');
  expect(problems(page.text)).toEqual([['r.csv', '2', '累计开工面积(平方米)', '累计数小于上一次报送；如确是更正，请在“更正原因”一列写明原因。']]);
  expect(await dumpData(ctx.db)).toEqual(withReport);
  const audit = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'import').orderBy('id', 'desc').executeTakeFirstOrThrow();
  expect(audit.result).toBe('failed');
  await ctx.db.deleteFrom('progress_reports').where('id', '=', later.id).execute();
});

test('a project row left out for a bad cell does not make its buildings "unknown" as well', async () => {
  const res = await upload([
    { name: 'p.csv', data: csv([['村', '项目', '类型', '总投资(元)'], ['赵村', '新项目', '安置房', '9亿']]) },
    { name: 'b.csv', data: csv([B_HEAD, ['赵村', '新项目', '第一批', '1#', '', '', '', '', '', ''], ['赵村', P, '第一批', '', '', '', '', '不存在的阶段', '', '']]) },
  ]);
  expect(problems(res.text).map((p) => p.slice(0, 3))).toEqual([['b.csv', '3', '施工阶段'], ['p.csv', '2', '总投资(元)']]);
});

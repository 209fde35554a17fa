// The command line (src/cli.ts runCli) with bad arguments: unknown commands and options, missing
// values, hostile numbers, unknown choices, files that are missing, not files, or hostile. A usage
// mistake exits 2, a refused input 1, each with a message naming the option, field or file, and the
// database stays as it was. (`backup` and `restore` are tested by their authors.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli';
import { createDb } from '../../../src/db/create-db';
import { snapshotData } from '../../helpers/staff-app';
import { HOSTILE, OVER_LONG, SCRIPT } from '../../helpers/bad-input-values';
import { csv, xlsx, zip } from '../../helpers/import-files';
import { TABLES } from '../../../src/domain/import-tables';

let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-bad-cli-'));
  Object.assign(process.env, { DATABASE_URL: path.join(dir, 'cli.db'), LOG_LEVEL: 'silent', AS_OF: '2026-11-26', SCRYPT_LOG_N: '12', RATE_LIMIT_PER_MINUTE: '0' });
  delete process.env.PASSWORD_POLICY;
  expect((await run(['seed'])).code).toBe(0);
});
afterAll(() => {
  process.env = { ...saved };
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI, collecting standard output, console errors and raw writes to standard error. */
async function run(args: string[], password = 'Operator-Chose-This-1') {
  const lines: string[] = [];
  const errors: string[] = [];
  const e = jest.spyOn(console, 'error').mockImplementation((m: unknown) => { errors.push(String(m)); });
  const w = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await runCli(args, (l) => lines.push(l), { readPassword: async () => password });
    return { code, out: lines.join('\n'), err: errors.join('\n') };
  } finally {
    e.mockRestore();
    w.mockRestore();
  }
}

async function data() {
  const db = createDb(process.env.DATABASE_URL!);
  try {
    return JSON.stringify(await snapshotData(db));
  } finally {
    await db.destroy();
  }
}

const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

/** Runs a case and checks the exit code, the message and that no table changed. */
async function expectRefused(args: string[], code: 1 | 2, message: RegExp, password?: string) {
  const before = await data();
  const r = await run(args, password);
  expect({ code: r.code, message: message.test(r.err) || message.test(r.out) }).toEqual({ code, message: true });
  if (code === 2 && args.length) expect(r.err).toMatch(/^error: /);
  expect(await data()).toBe(before);
  return r;
}

describe('usage mistakes exit 2 with a message naming the command or option', () => {
  test.each<[string[], RegExp]>([
    [[], /Usage:/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['--seed', '1'], /unknown command "--seed"/],
    [[SCRIPT], /unknown command/],
    [['demo', '--unknown'], /--unknown/],
    [['demo', '-x'], /-x/],
    [['demo', '--seed'], /--seed/],
    [['demo', '--seed', '-1'], /--seed/],
    [['demo', 'extra'], /extra/],
    [['demo', '--villages'], /--villages/],
    [['demo', '--scale'], /--scale/],
    [['export'], /--format/],
    [['export', '--format'], /--format/],
    [['export', '--format', 'pdf'], /--format/],
    [['export', '--format', 'CSV'], /--format/],
    [['export', '--format', 'csv', '--table', 'nope'], /--table must be one of/],
    [['export', '--format', 'xlsx', '--table', SCRIPT], /--table must be one of/],
    [['export', '--format', 'csv', '--table', 'all'], /A CSV holds one table|a CSV holds one table/],
    [['export', '--format', 'xlsx', '--lang', 'fr'], /--lang must be en or zh/],
    [['export', '--format', 'xlsx', '--lang', ''], /--lang must be en or zh/],
    [['export', '--format', 'xlsx', '--nope'], /--nope/],
    [['import'], /needs at least one FILE/],
    [['import', '--dry-run'], /needs at least one FILE/],
    [['import', '--dry-run=yes', 'x.csv'], /--dry-run/],
    [['import', '--lang'], /--lang/],
    [['user'], /the only subcommand is "create"/],
    [['user', 'delete'], /the only subcommand is "create"/],
    [['user', 'create'], /needs --username and --role/],
    [['user', 'create', '--username'], /--username/],
    [['user', 'create', '--username', '', '--role', 'staff'], /needs --username and --role/],
    [['user', 'create', '--username', 'ops_x', '--role', ''], /needs --username and --role/],
    [['user', 'create', '--username', 'ops_x', '--role', 'staff', '--password', 'x'], /--password/],
  ])('%j', async (args, message) => {
    await expectRefused(args, 2, message);
  });

  // every hostile spelling of a number for the numeric options
  const numbers = HOSTILE.filter((h) => typeof h.value === 'string' && !h.value.startsWith('-'));
  test.each(['seed', 'villages'].flatMap((opt) => numbers.map((h) => [opt, h.name, h.value as string] as const)))('demo --%s=<%s> is refused naming the option', async (opt, _name, value) => {
    await expectRefused(['demo', `--${opt}=${value}`], 2, new RegExp(`--${opt} must be a whole number from 1 to`));
  });

  test.each([['--seed=0'], ['--seed=2147483648'], ['--seed=-1'], ['--villages=0'], ['--villages=5001'], ['--villages=-5'], ['--villages=1.5']])('demo %s is out of range', async (arg) => {
    await expectRefused(['demo', arg], 2, new RegExp(`${arg.split('=')[0]} must be a whole number`));
  });

  test.each([['moon'], ['CITY'], [''], [SCRIPT], ['city,district']])('demo --scale=%j is refused', async (scale) => {
    await expectRefused(['demo', `--scale=${scale}`], 2, /--scale must be city or district/);
  });
});

describe('files for import', () => {
  test('a missing file, a directory and a device exit 2 naming the file (a directory used to crash the command)', async () => {
    await expectRefused(['import', path.join(dir, 'no-such.csv')], 2, /no such file: .*no-such\.csv/);
    const sub = path.join(dir, 'a-directory.csv');
    fs.mkdirSync(sub, { recursive: true });
    await expectRefused(['import', sub], 2, /not a file: .*a-directory\.csv/);
    if (fs.existsSync('/dev/null')) await expectRefused(['import', '/dev/null'], 2, /not a file: \/dev\/null/);
  });

  test('a good file with a bad one: the bad one is named and nothing is imported', async () => {
    const good = file('good.csv', csv([['村', '项目', '类型'], ['赵村', '新项目甲', '安置房']]));
    await expectRefused(['import', good, path.join(dir, 'gone.csv')], 2, /no such file/);
  });

  test('every hostile value in every column of the buildings table: exit 1, each bad cell named by row and column', async () => {
    const headers = TABLES.buildings.columns.map((c) => c.zh);
    const values = HOSTILE.filter((h) => typeof h.value === 'string' && h.value.trim() !== '' && !/[\u0000-\u0008\u000e-\u001a]/.test(h.value));
    const f = file('buildings.csv', csv([headers, ...values.map((h) => headers.map(() => h.value as string))]));
    const r = await expectRefused(['import', f], 1, /\d+ problems?; nothing was imported/);
    const lines = r.err.split('\n').filter((l) => l.startsWith('buildings.csv, row '));
    // each data row has at least one refused cell (its numbers), and each line names row and column
    expect(new Set(lines.map((l) => /row (\d+)/.exec(l)![1])).size).toBe(values.length);
    for (const l of lines) expect(l).toMatch(/^buildings\.csv, row \d+, column [^:]+: \S/);
  });

  test.each<[string, string, () => Promise<Buffer> | Buffer, RegExp]>([
    ['an empty file', 'empty.csv', () => Buffer.alloc(0), /empty\.csv: The file is empty/],
    ['a binary file', 'picture.csv', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /picture\.csv: This file is not a CSV or XLSX/],
    ['a Latin-1 file', 'latin1.csv', () => Buffer.from('village,project,kind\r\nCafé,Zoë,resettlement\r\n', 'latin1'), /latin1\.csv: The text encoding of the file is not recognised/],
    ['a zip bomb', 'bomb.xlsx', () => zip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(70 * 1024 * 1024) }]), /bomb\.xlsx: This XLSX would unpack to more than 60 MB/],
    ['a renamed zip', 'notes.xlsx', () => zip([{ name: 'readme.txt', data: Buffer.from('hi') }]), /notes\.xlsx: This is not a valid XLSX/],
    ['a formula without a saved result', 'f.xlsx', () => xlsx([{ name: '项目', rows: [['村', '项目', '类型', '规划建筑面积(平方米)'], ['赵村', 'x', '安置房', { formula: '1+1' }]] }]), /f\.xlsx › 项目, row 2, column 规划建筑面积\(平方米\): This is a formula with no saved result/],
    ['a file over 10 MB', 'big.csv', () => Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), /big\.csv: The file is larger than 10 MB/],
  ])('%s exits 1 naming the file and its problem', async (_what, name, make, message) => {
    await expectRefused(['import', file(name, await make())], 1, message);
  });

  test('two files for the same table exit 1', async () => {
    const a = file('p1.csv', csv([['村', '项目', '类型'], ['赵村', '甲', '安置房']]));
    const c = file('p2.csv', csv([['村', '项目', '类型'], ['赵村', '乙', '安置房']]));
    await expectRefused(['import', a, c], 1, /p2\.csv: The same table \(projects\) is in two files/);
  });

  test('a hostile file name is reported as its name, nothing more', async () => {
    const name = '"><img src=x onerror=alert(1)>.csv';
    const r = await expectRefused(['import', file(name, 'a,b\r\n1,2\r\n')], 1, /This header \(a、b…\) is not recognised/);
    expect(r.err).toContain(`${name}, row 1: `);
  });
});

describe('user create: refused input exits 1 naming the field, and no account is made', () => {
  test.each(HOSTILE.filter((h) => typeof h.value === 'string' && h.value !== '' && !/^[A-Za-z0-9._-]{3,64}$/.test(h.value)).map((h) => [h.name, h.value as string] as const))(
    '--username <%s>',
    async (_name, value) => {
      await expectRefused(['user', 'create', `--username=${value}`, '--role', 'staff'], 1, /^error: username: A username is 3–64 letters/m);
    },
  );

  test.each([['root'], ['ADMIN'], [' staff'], [SCRIPT], ['admin,staff'], ['１']])('--role %j', async (role) => {
    await expectRefused(['user', 'create', '--username', 'ops_role', '--role', role], 1, /^error: role: Choose a role/m);
  });

  test.each([
    ['empty', '', /at least 12 characters/],
    ['short', 'NaN', /at least 12 characters/],
    ['over 128 characters', OVER_LONG, /at most 128 characters/],
    ['common', 'password1234', /common password/],
    ['with the username', 'xx-ops_pw-2024!!', /cannot contain the username/],
  ])('a password that is %s', async (_name, password, message) => {
    const r = await expectRefused(['user', 'create', '--username', 'ops_pw', '--role', 'staff'], 1, message, password);
    expect(r.err).toMatch(/^error: password: /m);
    if (password.length > 3) expect(r.err + r.out).not.toContain(password);
  });
});

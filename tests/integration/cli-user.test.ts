// `npm run cli -- user create`: the operator creates an account; the password comes from standard
// input (deps.readPassword here), never from an argument, and obeys the same rules as the web.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { runCli } from '../../src/cli';
import { createDb } from '../../src/db/create-db';
import { verifyPassword } from '../../src/services/passwords';
import { createApp } from '../../src/app';
import { staffConfig } from '../helpers/staff-app';
import { csrfOf } from '../helpers/sign-in';
import pino from 'pino';

let dir: string;
let dbFile: string;
const saved = { ...process.env };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-cli-user-'));
  dbFile = path.join(dir, 'cli.db');
  process.env.DATABASE_URL = dbFile;
  process.env.LOG_LEVEL = 'silent';
  process.env.SCRYPT_LOG_N = '12';
  delete process.env.PASSWORD_POLICY;
});
afterEach(() => {
  process.env = { ...saved };
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI, capturing what it prints (stdout through `out`, errors through console.error). */
async function cli(args: string[], password?: string) {
  const lines: string[] = [];
  const errors: string[] = [];
  jest.spyOn(console, 'error').mockImplementation((m: unknown) => {
    errors.push(String(m));
  });
  const readPassword = jest.fn(async () => password ?? '');
  const code = await runCli(args, (l) => lines.push(l), { readPassword });
  jest.restoreAllMocks();
  return { code, out: lines.join('\n'), err: errors.join('\n'), readPassword };
}

async function users() {
  const db = createDb(dbFile);
  try {
    return await db.selectFrom('users').selectAll().execute();
  } finally {
    await db.destroy();
  }
}

const GOOD = 'Operator-Chose-This-1';

test('creates an account with the password read from standard input, hashed with scrypt', async () => {
  const r = await cli(['user', 'create', '--username', 'ops_admin', '--role', 'admin'], GOOD);
  expect(r.code).toBe(0);
  expect(r.readPassword).toHaveBeenCalledTimes(1);
  expect(r.out).toMatch(/created user ops_admin \(admin\), id \d+/);
  expect(r.out + r.err).not.toContain(GOOD);
  const [u] = await users();
  expect(u).toMatchObject({ username: 'ops_admin', role: 'admin', disabled: 0, must_change_password: 0 });
  expect(u!.password_hash).toMatch(/^scrypt\$12\$8\$1\$/);
  expect(u!.password_hash).not.toContain(GOOD);
  expect(await verifyPassword(GOOD, u!.password_hash)).toBe(true);

  // audited as the command line, without the password
  const db = createDb(dbFile);
  try {
    const audit = await db.selectFrom('audit_log').selectAll().execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', object_type: 'user', object_id: u!.id, username: 'cli', user_id: null, result: 'ok' });
    expect(JSON.stringify(audit)).not.toContain(GOOD);
    expect(JSON.stringify(audit)).not.toContain('scrypt$');

    // and the account signs in through the web
    const app = createApp({ config: staffConfig(dbFile), db, logger: pino({ level: 'silent' }) });
    const agent = request.agent(app);
    const token = csrfOf((await agent.get('/login')).text);
    const res = await agent.post('/login').type('form').send({ _csrf: token, username: 'ops_admin', password: GOOD });
    expect(res.status).toBe(303);
    expect((await agent.get('/admin/users')).status).toBe(200);
  } finally {
    await db.destroy();
  }
});

test.each([
  ['too short', 'Short-1!', /at least 12 characters/],
  ['common', 'password1234', /common password/],
  ['common, padded with digits', 'qwerty123456', /common password/],
  ['containing the username', 'xx-Ops_Staff-2024!', /cannot contain the username/],
  ['empty', '', /at least 12 characters/],
])('a %s password is refused with exit 1 and a message; no account is made', async (_name, password, message) => {
  const r = await cli(['user', 'create', '--username', 'ops_staff', '--role', 'staff'], password);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/^error: password: /m);
  expect(r.err).toMatch(message);
  if (password) expect(r.err + r.out).not.toContain(password);
  expect(await users()).toEqual([]);
});

test('under PASSWORD_POLICY=dengbao fewer than three character classes are refused', async () => {
  process.env.PASSWORD_POLICY = 'dengbao';
  const r = await cli(['user', 'create', '--username', 'ops_db', '--role', 'staff'], 'onlysmallletters-and-dashes');
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/at least three of/);
  expect(await users()).toEqual([]);
  expect((await cli(['user', 'create', '--username', 'ops_db', '--role', 'staff'], 'Small-And-Capital-9')).code).toBe(0);
});

test('an unknown role is refused (exit 1, the role named) and no account is made', async () => {
  const r = await cli(['user', 'create', '--username', 'ops_root', '--role', 'root'], GOOD);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/error: role: Choose a role/);
  expect(await users()).toEqual([]);
});

test('a malformed or taken username is refused with exit 1', async () => {
  expect((await cli(['user', 'create', '--username', 'a b', '--role', 'staff'], GOOD)).err).toMatch(/error: username: A username is 3–64/);
  expect((await cli(['user', 'create', '--username', 'twice', '--role', 'staff'], GOOD)).code).toBe(0);
  const again = await cli(['user', 'create', '--username', 'twice', '--role', 'admin'], GOOD);
  expect(again.code).toBe(1);
  expect(again.err).toMatch(/username is taken/);
  expect((await users()).map((u) => `${u.username}/${u.role}`)).toEqual(['twice/staff']);
});

test.each([
  [['user', 'create', '--role', 'admin']],
  [['user', 'create', '--username', 'x_user']],
  [['user', 'create']],
  [['user', 'delete', '--username', 'x_user']],
  [['user']],
])('%j: missing or wrong arguments exit 2 with usage, without asking for a password', async (args) => {
  const r = await cli(args, GOOD);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/^error: /);
  expect(r.err).toMatch(/Usage:/);
  expect(r.readPassword).not.toHaveBeenCalled();
  expect(await users()).toEqual([]);
});

test.each([
  [['user', 'create', '--username', 'pw_arg', '--role', 'admin', '--password', GOOD]],
  [['user', 'create', '--username', 'pw_arg', '--role', 'admin', `--password=${GOOD}`]],
  [['user', 'create', '--username', 'pw_arg', '--role', 'admin', '-p', GOOD]],
  [['user', 'create', '--username', 'pw_arg', '--role', 'admin', GOOD]],
])('a password given as an argument is never accepted: %j exits 2 and makes no account', async (args) => {
  const r = await cli(args, GOOD);
  expect(r.code).toBe(2);
  expect(r.readPassword).not.toHaveBeenCalled();
  expect(await users()).toEqual([]);
});

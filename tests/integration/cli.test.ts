import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli';
import { createDb } from '../../src/db/create-db';
import { ensureSecret } from '../../src/repositories/secret.repository';

let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-cli-'));
  process.env.DATABASE_URL = path.join(dir, 'cli.db');
  process.env.LOG_LEVEL = 'silent';
});
afterEach(() => {
  process.env = { ...saved };
  fs.rmSync(dir, { recursive: true, force: true });
});

function capture() {
  const lines: string[] = [];
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((m: unknown) => { errors.push(String(m)); });
  return { lines, errors, out: (l: string) => lines.push(l), restore: () => spy.mockRestore() };
}

test('seed then demo add the real and a demonstration district', async () => {
  const c = capture();
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  expect(await runCli(['seed'], c.out)).toBe(0);
  expect(await runCli(['seed'], c.out)).toBe(0);
  expect(await runCli(['demo', '--seed', '5', '--villages', '2'], c.out)).toBe(0);
  c.restore();
  expect(c.lines[0]).toBe('seeded the real data set');
  expect(c.lines[1]).toMatch(/already has data/);
  expect(c.lines[2]).toMatch(/demonstration district 2 with 2 villages/);
});

test.each([
  [['demo', '--seed', 'abc']],
  [['demo', '--villages', '0']],
  [['demo', '--villages', '1e400']],
  [['demo', '--unknown']],
  [['frobnicate']],
])('bad arguments %j exit 2 with a message naming the problem, and write nothing', async (args) => {
  const c = capture();
  expect(await runCli(args, c.out)).toBe(2);
  c.restore();
  expect(c.errors.join('\n')).toMatch(/error: /);
  const c2 = capture();
  expect(await runCli(['seed'], c2.out)).toBe(0);
  c2.restore();
  expect(c2.lines[0]).toBe('seeded the real data set');
});

test('session-secret rotate replaces the secret, ends every session and is audited; a bad subcommand exits 2', async () => {
  const c = capture();
  expect(await runCli(['seed'], c.out)).toBe(0);
  const db = createDb(process.env.DATABASE_URL!);
  try {
    const before = await ensureSecret(db, 'session_secret');
    await db.insertInto('sessions').values({ sid: 'k', user_id: null, data: '{}', expires_at: '2099-01-01T00:00:00.000Z' }).execute();
    expect(await runCli(['session-secret', 'rotate'], c.out)).toBe(0);
    expect(await runCli(['session-secret', 'show'], c.out)).toBe(2);
    c.restore();
    const after = await ensureSecret(db, 'session_secret');
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect((await db.selectFrom('audit_log').select('action').execute()).map((r) => r.action)).toContain('rotate_session_secret');
    expect(c.lines.at(-1)).toMatch(/restart the server/);
  } finally {
    await db.destroy();
  }
});

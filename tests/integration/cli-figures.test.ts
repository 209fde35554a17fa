// `npm run cli -- figures verify | rebuild` on a real database file: what an operator reads and the
// exit code a script checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli';
import { createDb } from '../../src/db/create-db';

let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-figures-'));
  process.env.DATABASE_URL = path.join(dir, 'cli.db');
  process.env.LOG_LEVEL = 'silent';
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...saved };
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  jest.spyOn(console, 'error').mockImplementation((m: unknown) => { errors.push(String(m)); });
  const code = await runCli(args, (l) => lines.push(l));
  jest.restoreAllMocks();
  return { code, lines, errors };
}

async function rowCount(): Promise<number> {
  const db = createDb(process.env.DATABASE_URL!);
  try {
    const n = async (table: 'rollup_changes' | 'household_changes') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return (await n('rollup_changes')) + (await n('household_changes'));
  } finally {
    await db.destroy();
  }
}

test('verify on a seeded database: exit 0, the scopes and rows it compared', async () => {
  expect.hasAssertions();
  expect((await run(['seed'])).code).toBe(0);
  const r = await run(['figures', 'verify']);
  expect(r.code).toBe(0);
  expect(r.errors).toEqual([]);
  // the seed's two batches with buildings, their project, the village, the district and the site
  expect(r.lines).toEqual([expect.stringMatching(new RegExp(`^the rollups of 6 scopes \\(${await rowCount()} rows\\) equal a computation from scratch \\(\\d+\\.\\d s\\)$`))]);
});

test('verify on a broken rollup: exit 1, each differing scope named with its first difference, and how to put it right', async () => {
  expect.hasAssertions();
  expect((await run(['seed'])).code).toBe(0);
  const db = createDb(process.env.DATABASE_URL!);
  try {
    await db.updateTable('rollup_changes').set((eb) => ({ buildings: eb('buildings', '+', 2) }))
      .where('scope_type', 'in', ['district', 'site']).where('stage', '=', 'planned').where('date', '=', '0000-01-01').execute();
  } finally {
    await db.destroy();
  }
  const r = await run(['figures', 'verify']);
  expect(r.code).toBe(1);
  expect(r.lines).toEqual([]);
  const first = JSON.stringify({ date: '0000-01-01', stage: 'planned', buildings: 2, areaCm2: 0, unknownArea: 0, events: 0 });
  expect(r.errors).toEqual([
    expect.stringMatching(new RegExp(`^differs: district:1: (\\d+) rows stored, \\1 computed; first difference ${first.replace(/[{}]/g, '\\$&')}$`)),
    expect.stringMatching(new RegExp(`^differs: site:0: (\\d+) rows stored, \\1 computed; first difference ${first.replace(/[{}]/g, '\\$&')}$`)),
    expect.stringMatching(/^error: 2 of 6 scopes differ from a computation from scratch; "npm run cli -- figures rebuild" rebuilds them \(\d+\.\d s\)$/),
  ]);

  const rebuilt = await run(['figures', 'rebuild']);
  expect(rebuilt.code).toBe(0);
  expect(rebuilt.lines).toEqual([expect.stringMatching(new RegExp(`^rebuilt the rollups of 6 scopes \\(${await rowCount()} rows\\) in \\d+\\.\\d s$`))]);
  expect((await run(['figures', 'verify'])).code).toBe(0);
});

test.each([[['figures']], [['figures', 'check']], [['figures', 'verify', 'now']], [['figures', 'rebuild', '--all']]])('%j exits 2 naming the two subcommands, and changes nothing', async (args) => {
  expect.hasAssertions();
  expect((await run(['seed'])).code).toBe(0);
  const before = await rowCount();
  const r = await run(args);
  expect(r.code).toBe(2);
  expect(r.errors.join('\n')).toMatch(/figures: the subcommands are "verify" and "rebuild"/);
  expect(await rowCount()).toBe(before);
});

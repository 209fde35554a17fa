// scripts/build-if-stale.mjs, which `npm start` and `npm run cli` run before the server: it must build
// when dist/ is not that of the sources and only then. Each test runs a copy of the script in a small
// tree of its own (the script works on the folder above its own), with BUILD_IF_STALE_COMMAND
// standing in for tsc: a fake build that writes a .js per source and counts its runs, so that
// "skipped" means the build command was not started at all. One test runs the real tsc.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onPostgres } from '../helpers/test-db';

const SCRIPT = path.join(__dirname, '../../scripts/build-if-stale.mjs');
const FAKE_BUILD = `
const fs = require('node:fs');
const path = require('node:path');
fs.appendFileSync('builds.log', 'build\\n');
if (fs.existsSync('FAIL')) process.exit(3);
for (const rel of fs.readdirSync('src', { recursive: true, encoding: 'utf8' })) {
  if (!rel.endsWith('.ts')) continue;
  const out = path.join('dist', 'src', rel.replace(/ts$/, 'js'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, '');
}
`;

let root = '';
const file = (rel: string) => path.join(root, rel);
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
  fs.writeFileSync(file(rel), text);
};
const stamp = () => file('dist/.build-stamp.json');
const builds = () => (fs.existsSync(file('builds.log')) ? fs.readFileSync(file('builds.log'), 'utf8').split('\n').length - 1 : 0);

/** Runs the copy of the script; `fake` false runs the real tsc. */
function run(args: string[] = [], fake = true) {
  const env: NodeJS.ProcessEnv = { ...process.env, BUILD_IF_STALE_COMMAND: fake ? `"${process.execPath}" fake-build.cjs` : '' };
  const r = spawnSync(process.execPath, [file('scripts/build-if-stale.mjs'), ...args], { cwd: root, env, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

/** A tree that has been built once: the first run of each test is then a no-op unless it changes something. */
function built() {
  expect(run().status).toBe(0);
  expect(builds()).toBe(1);
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-build-'));
  write('scripts/build-if-stale.mjs', fs.readFileSync(SCRIPT, 'utf8'));
  write('fake-build.cjs', FAKE_BUILD);
  write('package.json', '{ "name": "fixture", "private": true }\n');
  write('package-lock.json', '{ "lockfileVersion": 3 }\n');
  write('tsconfig.build.json', '{ "include": ["src"] }\n');
  write('src/a.ts', 'export const a = 1;\n');
  write('src/web/b.ts', 'export const b = 2;\n');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('with no stamp it builds, and writes the stamp into dist/', () => {
  const r = run();
  expect(r.status).toBe(0);
  expect(builds()).toBe(1);
  expect(r.stderr).toMatch(/no build stamp/);
  const files = JSON.parse(fs.readFileSync(stamp(), 'utf8')).files;
  expect(Object.keys(files)).toEqual(['package-lock.json', 'package.json', 'src/a.ts', 'src/web/b.ts', 'tsconfig.build.json']);
});

test('with nothing changed it starts no build and prints nothing', () => {
  built();
  const before = fs.readFileSync(stamp(), 'utf8');
  const r = run();
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  expect(builds()).toBe(1);
  expect(fs.readFileSync(stamp(), 'utf8')).toBe(before);
});

test.each([
  ['a source file touched', () => fs.utimesSync(file('src/web/b.ts'), new Date(), new Date(Date.now() + 5000)), /src\/web\/b\.ts changed/],
  ['a source file rewritten, same size', () => {
    fs.writeFileSync(file('src/a.ts'), 'export const a = 9;\n');
    fs.utimesSync(file('src/a.ts'), new Date(), new Date(Date.now() - 60_000)); // older counts too
  }, /src\/a\.ts changed/],
  ['a source file added', () => write('src/c.ts', 'export const c = 3;\n'), /src\/c\.ts is new/],
  ['a JSON file under src added', () => write('src/data.json', '{}\n'), /src\/data\.json is new/],
  ['a source file deleted', () => fs.rmSync(file('src/web/b.ts')), /src\/web\/b\.ts was deleted/],
  ['tsconfig.build.json changed', () => write('tsconfig.build.json', '{ "include": ["src", "db"] }\n'), /tsconfig\.build\.json changed/],
  ['package.json changed', () => write('package.json', '{ "name": "fixture", "type": "module" }\n'), /package\.json changed/],
  ['package-lock.json changed', () => write('package-lock.json', '{ "lockfileVersion": 3, "x": 1 }\n'), /package-lock\.json changed/],
  ['an output .js missing', () => fs.rmSync(file('dist/src/web/b.js')), /dist\/src\/web\/b\.js is missing/],
  ['the stamp unreadable', () => fs.writeFileSync(stamp(), '{ "files": '), /no build stamp/],
])('%s: it builds', (_what, change, reason) => {
  built();
  change();
  const r = run();
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(reason);
  expect(builds()).toBe(2);
  expect(run().status).toBe(0); // and is current again
  expect(builds()).toBe(2);
});

test('a file outside the inputs (a view, a test, a README) changes nothing', () => {
  built();
  write('views/page.ejs', '<p>hi</p>\n');
  write('tests/a.test.ts', 'test("x", () => {});\n');
  write('README.md', 'hello\n');
  expect(run().status).toBe(0);
  expect(builds()).toBe(1);
});

test('a deleted source loses its output, map and declaration, and nothing else goes', () => {
  built();
  for (const out of ['dist/src/web/b.js.map', 'dist/src/web/b.d.ts', 'dist/src/a.js.map']) write(out, '');
  write('dist/src/data.json', '{}\n');
  fs.rmSync(file('src/web/b.ts'));
  expect(run().status).toBe(0);
  for (const gone of ['dist/src/web/b.js', 'dist/src/web/b.js.map', 'dist/src/web/b.d.ts']) expect(fs.existsSync(file(gone))).toBe(false);
  for (const kept of ['dist/src/a.js', 'dist/src/a.js.map', 'dist/src/data.json']) expect(fs.existsSync(file(kept))).toBe(true);
});

test('a failed build exits non-zero and leaves no stamp, so the next start builds again', () => {
  built();
  write('src/a.ts', 'export const a: number = "not a number";\n');
  write('FAIL', '');
  const failed = run();
  expect(failed.status).toBe(3);
  expect(fs.existsSync(stamp())).toBe(false);
  expect(run().status).toBe(3); // tried again, not taken as current
  expect(builds()).toBe(3);
  fs.rmSync(file('FAIL'));
  expect(run().status).toBe(0);
  expect(fs.existsSync(stamp())).toBe(true);
  expect(builds()).toBe(4);
});

test('--force builds although dist/ is current', () => {
  built();
  const r = run(['--force']);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/a full build was asked for/);
  expect(builds()).toBe(2);
  expect(fs.existsSync(stamp())).toBe(true);
});

// The real tsc takes seconds even on two files; once is enough, and not again on the PostgreSQL pass.
(onPostgres ? test.skip : test)('without BUILD_IF_STALE_COMMAND it runs the project\'s tsc on tsconfig.build.json, once', () => {
  fs.symlinkSync(path.join(__dirname, '../../node_modules'), file('node_modules'), 'dir');
  write('tsconfig.build.json', JSON.stringify({
    compilerOptions: { module: 'node16', target: 'ES2022', strict: true, types: [], rootDir: '.', outDir: 'dist' },
    include: ['src'],
  }));
  const first = run([], false);
  expect(first.status).toBe(0);
  expect(fs.readFileSync(file('dist/src/web/b.js'), 'utf8')).toMatch(/b = 2/);
  expect(fs.existsSync(stamp())).toBe(true);
  const mtime = fs.statSync(file('dist/src/a.js')).mtimeMs;
  const again = run([], false);
  expect(again.status).toBe(0);
  expect(again.stderr).toBe('');
  expect(fs.statSync(file('dist/src/a.js')).mtimeMs).toBe(mtime);
}, 60_000);

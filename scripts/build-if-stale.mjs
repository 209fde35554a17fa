#!/usr/bin/env node
// Runs the TypeScript build (tsc -p tsconfig.build.json) only when dist/ is not that of the sources:
// `npm start` and `npm run cli` go through it, so that a restart with nothing changed costs no tsc
// (13-22 s here). Plain JavaScript, so that it needs no build itself. `--force` always builds
// (`npm run build`, and so `npm test`).
//
// dist/ is current when a stamp written after the last successful build lists every input (each .ts
// and .json under src/, db/, seeds/ and scripts/, the tsconfig*.json files, package.json, whose "type"
// decides the module format, and package-lock.json, which pins TypeScript) with the modification time
// and size it had when that build started, no more and no fewer, and every source's .js is there. A
// file touched, added or deleted since, a missing output, a missing or unreadable stamp: the build
// runs again. The stamp is removed before a build and written only after tsc succeeds, so a failed
// build is tried again at the next start.
//
// BUILD_IF_STALE_COMMAND replaces tsc with a shell command (run in the project folder): the tests
// use it to check the decisions on a small copy without a real 20-s build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The folder above this script's: a copy of the script in another tree works on that tree.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['src', 'db', 'seeds', 'scripts'];
const OUT_DIR = path.join(ROOT, 'dist');
const STAMP = path.join(OUT_DIR, '.build-stamp.json');

const toPosix = (p) => p.split(path.sep).join('/');
const SOURCE = /\.[cm]?ts$/;
const emits = (source) => SOURCE.test(source) && !/\.d\.[cm]?ts$/.test(source);
const outputOf = (source) => path.join(OUT_DIR, source.replace(/ts$/, 'js'));

/** The files under the source folders (relative to the project, posix separators). */
function walk(dirs, base) {
  const files = [];
  for (const dir of dirs) {
    if (!fs.existsSync(path.join(base, dir))) continue;
    for (const rel of fs.readdirSync(path.join(base, dir), { recursive: true, encoding: 'utf8' })) {
      if (!rel.split(path.sep).includes('node_modules')) files.push(toPosix(path.join(dir, rel)));
    }
  }
  return files;
}

/** Every input of the build, sorted. */
function inputFiles() {
  const files = walk(SOURCE_DIRS, ROOT).filter((f) => SOURCE.test(f) || f.endsWith('.json'));
  for (const name of fs.readdirSync(ROOT)) {
    if (/^tsconfig.*\.json$/.test(name) || name === 'package.json' || name === 'package-lock.json') files.push(name);
  }
  return files.sort();
}

/** Each file's modification time and size: a different value (newer or older) means a different file. */
function snapshot(files) {
  const out = {};
  for (const f of files) {
    const st = fs.statSync(path.join(ROOT, f), { throwIfNoEntry: false });
    if (st?.isFile()) out[f] = `${st.mtimeMs}:${st.size}`;
  }
  return out;
}

function readStamp() {
  try {
    const stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
    return stamp && typeof stamp.files === 'object' && stamp.files !== null ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** Why dist/ is not current, or undefined when it is. */
function staleness(now, stamp) {
  if (!stamp) return 'no build stamp (first build, or the last one failed)';
  const deleted = Object.keys(stamp.files).find((f) => !(f in now));
  if (deleted) return `${deleted} was deleted`;
  for (const [f, sig] of Object.entries(now)) {
    if (stamp.files[f] === undefined) return `${f} is new`;
    if (stamp.files[f] !== sig) return `${f} changed`;
  }
  const missing = Object.keys(now).find((f) => emits(f) && !fs.existsSync(outputOf(f)));
  if (missing) return `${toPosix(path.relative(ROOT, outputOf(missing)))} is missing`;
  return undefined;
}

/** The source a file in dist/ was compiled from (x.js, x.js.map, x.d.ts ← x.ts), or undefined. */
function sourceOf(output) {
  const m = /^(.*)\.(?:([cm]?)js|d\.([cm]?)ts)(?:\.map)?$/.exec(output);
  return m ? `${m[1]}.${m[2] ?? m[3]}ts` : undefined;
}

/** tsc leaves the output of a deleted source behind: remove it, so that dist/ runs no code that is gone. */
function removeOrphans(sources) {
  const present = new Set(sources);
  for (const output of walk(SOURCE_DIRS, OUT_DIR)) {
    const source = sourceOf(output);
    if (source && !present.has(source)) fs.rmSync(path.join(OUT_DIR, output), { force: true });
  }
}

function build(custom) {
  if (custom) return spawnSync(custom, { cwd: ROOT, stdio: 'inherit', shell: true });
  const tsc = createRequire(path.join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  return spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

const force = process.argv.includes('--force');
const before = snapshot(inputFiles());
const stale = force ? 'a full build was asked for' : staleness(before, readStamp());
if (!stale) process.exit(0);

const custom = process.env.BUILD_IF_STALE_COMMAND;
process.stderr.write(`build-if-stale: ${stale}; building (${custom || 'tsc -p tsconfig.build.json'})\n`);
fs.rmSync(STAMP, { force: true });
removeOrphans(Object.keys(before));
const result = build(custom);
if (result.error) process.stderr.write(`build-if-stale: the build could not run: ${result.error.message}\n`);
if (result.status !== 0) process.exit(result.status || 1);
// Written under another name and renamed, so that a start killed mid-write leaves no half a stamp.
fs.mkdirSync(OUT_DIR, { recursive: true });
fs.writeFileSync(`${STAMP}.tmp`, `${JSON.stringify({ builtAt: new Date().toISOString(), files: before }, null, 1)}\n`);
fs.renameSync(`${STAMP}.tmp`, STAMP);

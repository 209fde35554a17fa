// How `npm start` runs the server, read from package.json's start script, so that the benchmark
// and the tests that start the built server as its own process start it the same way: one place
// for the node flags (the heap cap, `--max-old-space-size`).
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config';

const SERVER_JS = 'dist/src/server.js';

/** The node flags of the `node … dist/src/server.js` step of a start script; an error if there is none. */
export function serverNodeFlags(startScript: string): string[] {
  const step = startScript
    .split('&&')
    .map((s) => s.trim().split(/\s+/))
    .find((words) => words[0] === 'node' && words[words.length - 1] === SERVER_JS);
  if (step === undefined) throw new Error(`the start script does not run "node … ${SERVER_JS}": ${startScript}`);
  return step.slice(1, -1);
}

/** The flags `npm start` gives the server's node, from this checkout's package.json. */
export function startFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return serverNodeFlags(pkg.scripts.start);
}

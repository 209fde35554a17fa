// The server and the CLI start without loading exceljs (half a second or more here, a third of a
// restart) or the common-password list (a tenth): each is loaded at its first use. Run on the build,
// as `npm start` runs it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { assertBuilt } from '../helpers/server-process';

const DIST = path.join(__dirname, '../../dist/src');
const LAZY = ['exceljs', '@zxcvbn-ts'];

/** The packages among LAZY that are loaded after requiring `entry` (under dist/src) and running `then`. */
function lazyLoaded(entry: string, then = ''): string[] {
  const code = `const m = require(${JSON.stringify(path.join(DIST, entry))});${then}
    console.log(JSON.stringify(Object.keys(require.cache)));`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
  if (r.status !== 0) throw new Error(r.stderr);
  const files = JSON.parse(r.stdout.trim().split('\n').pop() ?? '[]') as string[];
  return LAZY.filter((pkg) => files.some((f) => f.includes(`${path.sep}node_modules${path.sep}${pkg}${path.sep}`)));
}

test('neither the app nor the CLI loads exceljs or the password list until they are used', () => {
  assertBuilt();
  expect(lazyLoaded('app.js')).toEqual([]);
  expect(lazyLoaded('cli.js')).toEqual([]);
  expect(lazyLoaded('services/import/lazy-exceljs.js', 'm.loadExcelJs();')).toEqual(['exceljs']);
  // 'iloveyou' is in zxcvbn's list only: refused as common, so the list that was loaded is the one used
  const check = `if (!m.checkPassword('iloveyou', 'wang', 'asvs').includes('common')) process.exit(3);`;
  expect(lazyLoaded('services/passwords.js', check)).toEqual(['@zxcvbn-ts']);
}, 30_000);

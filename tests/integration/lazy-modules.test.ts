// The server and the CLI start without loading exceljs (half a second or more here, a third of a
// restart): only an XLSX import or export loads it. Run on the build, as `npm start` runs it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { assertBuilt } from '../helpers/server-process';

const DIST = path.join(__dirname, '../../dist/src');

function loadedModules(entry: string, then = ''): string[] {
  const code = `require(${JSON.stringify(path.join(DIST, entry))});${then}
    console.log(JSON.stringify(Object.keys(require.cache)));`;
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '[]') as string[];
}
const isExcelJs = (file: string) => file.split(path.sep).includes('exceljs');

test('neither the app nor the CLI loads exceljs until an XLSX is read or written', () => {
  assertBuilt();
  expect(loadedModules('app.js').filter(isExcelJs)).toEqual([]);
  expect(loadedModules('cli.js').filter(isExcelJs)).toEqual([]);
  const afterUse = loadedModules('services/import/write-table.js', `require(${JSON.stringify(path.join(DIST, 'services/import/lazy-exceljs.js'))}).loadExcelJs();`);
  expect(afterUse.some(isExcelJs)).toBe(true);
}, 30_000);

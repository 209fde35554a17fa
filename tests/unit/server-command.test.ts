import { loadConfig } from '../../src/config';
import { serverNodeFlags, startFlags } from '../../scripts/server-command';

test('the node flags are those between "node" and the server in the start script', () => {
  expect(serverNodeFlags('node scripts/build-if-stale.mjs && node --max-old-space-size=512 --trace-gc dist/src/server.js')).toEqual([
    '--max-old-space-size=512',
    '--trace-gc',
  ]);
  expect(serverNodeFlags('node scripts/build-if-stale.mjs && node dist/src/server.js')).toEqual([]);
  expect(serverNodeFlags('node   --a   dist/src/server.js')).toEqual(['--a']);
});

test('a start script that does not run the server is an error that quotes it', () => {
  expect(() => serverNodeFlags('node scripts/build-if-stale.mjs && node dist/src/cli.js')).toThrow(/does not run "node … dist\/src\/server.js": node scripts/);
  expect(() => serverNodeFlags('tsx src/server.ts')).toThrow(/tsx src\/server.ts/);
});

test('npm start caps the heap where the import previews, the page cache and the live set still fit', () => {
  const cap = startFlags().find((f) => f.startsWith('--max-old-space-size='));
  expect(cap).toBeDefined();
  const capMb = Number(cap!.split('=')[1]);
  const config = loadConfig({ NODE_ENV: 'test' });
  // Defaults: previews 256 MB and page cache 32 MB in the main heap; the live set measured after every
  // full collection of the city soak was 48–62 MB, so 128 MB is twice that.
  expect(config.importPreviewMemoryMb + config.pageCacheBytes / 2 ** 20 + 128).toBeLessThanOrEqual(capMb);
  // A cap far above the need gives V8 the large growth factor the cap is there to avoid.
  expect(capMb).toBeLessThanOrEqual(1024);
});

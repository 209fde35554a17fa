import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contentHash, hashedName, loadAssets } from '../../src/web/assets';

test('the content hash is 8 hex digits, the same for the same bytes, and changes with any byte', () => {
  const a = Buffer.from('body { color: #222; }\n');
  expect(contentHash(a)).toMatch(/^[0-9a-f]{8}$/);
  expect(contentHash(Buffer.from(a))).toBe(contentHash(a));
  const b = Buffer.from(a);
  b[b.length - 3] = 0x33; // '2' → '3'
  expect(contentHash(b)).not.toBe(contentHash(a));
  expect(contentHash(Buffer.alloc(0))).toMatch(/^[0-9a-f]{8}$/);
});

test('the hash goes before the last extension', () => {
  expect(hashedName('css/app.css', '3f9c1a2b')).toBe('css/app.3f9c1a2b.css');
  expect(hashedName('chart.umd.min.js', '3f9c1a2b')).toBe('chart.umd.min.3f9c1a2b.js');
  expect(hashedName('js/deep/er.js', '00ff00ff')).toBe('js/deep/er.00ff00ff.js');
});

test('a changed file gets a new URL at the next load, and the old URL is no longer an asset', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-assets-'));
  try {
    const file = path.join(dir, 'app.css');
    fs.writeFileSync(file, 'main { margin: 0; }\n');
    const before = loadAssets({ 'css/app.css': file });
    const url = before.url('css/app.css');
    expect(url).toMatch(/^\/assets\/css\/app\.[0-9a-f]{8}\.css$/);
    expect(before.byUrl(url)?.body.toString()).toBe('main { margin: 0; }\n');
    expect(before.byUrl(url)?.type).toBe('text/css; charset=utf-8');
    fs.writeFileSync(file, 'main { margin: 1px; }\n');
    const after = loadAssets({ 'css/app.css': file });
    expect(after.url('css/app.css')).not.toBe(url);
    expect(after.byUrl(url)).toBeUndefined();
    expect(loadAssets({ 'css/app.css': file }).url('css/app.css')).toBe(after.url('css/app.css')); // the same bytes, the same URL
    expect(() => after.url('css/nope.css')).toThrow(/no asset named css\/nope\.css/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the real assets: every css and js file under public/, and Chart.js', () => {
  const assets = loadAssets();
  for (const name of ['css/app.css', 'js/charts.js', 'js/import-progress.js', 'chart.umd.min.js']) {
    expect(assets.byUrl(assets.url(name))?.name).toBe(name);
  }
});

// The built server under a flood of distinct junk query strings, as an attacker would send them:
// before, every one stored one more page (2,000 of /?cb=N&pad=<15 KB> raised RSS from 127 to 478 MB).
import fs from 'node:fs';
import { seededSqliteFile, startServer, type ServerProcess } from '../helpers/server-process';

let dir: string;
let server: ServerProcess;
beforeAll(async () => {
  ({ dir } = await seededSqliteFile('flood'));
  server = await startServer(`${dir}/tracker.db`, { PAGE_CACHE_MB: '8' });
}, 60_000);
afterAll(async () => {
  server.child.kill('SIGKILL');
  await server.exited;
  fs.rmSync(dir, { recursive: true, force: true });
});

const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) / 1024;

test('2,000 requests of /?cb=N&pad=<15 KB> leave the process alive, its memory flat, and echo nothing', async () => {
  const pad = 'x'.repeat(15_000);
  for (let i = 0; i < 100; i++) await (await fetch(`${server.base}/?cb=warm${i}`)).text();
  const before = rssMb();
  for (let i = 0; i < 2000; i += 10) {
    const pages = await Promise.all(Array.from({ length: 10 }, (_v, j) => fetch(`${server.base}/?cb=${i + j}&pad=${pad}`).then(async (r) => ({ status: r.status, text: await r.text() }))));
    for (const p of pages) {
      expect(p.status).toBe(200);
      expect(p.text).not.toContain(pad.slice(0, 200));
    }
  }
  const grown = rssMb() - before;
  expect(grown).toBeLessThan(60); // each junk page used to be kept: +350 MB
  expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
}, 120_000);

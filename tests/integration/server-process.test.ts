// The built server as an operator runs it: figures computed in its worker thread reach readers
// (signed-in readers at once, anonymous readers as soon as they are computed); the scheduled backup,
// also taken in a worker thread, is written at start.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { onPostgres } from '../helpers/test-db';
import { strongPassword } from '../helpers/sign-in';
import { seededSqliteFile, signInOverHttp, startServer, type ServerProcess } from '../helpers/server-process';

const describeSqlite = onPostgres ? describe.skip : describe;
if (onPostgres) console.info('server-process test skipped on PostgreSQL: it runs the server on a SQLite file');

let dir = '';
let server: ServerProcess | undefined;
const password = strongPassword();

beforeAll(async () => {
  if (onPostgres) return;
  let dbFile: string;
  ({ dir, dbFile } = await seededSqliteFile('proc', { username: 'proc-staff', password }));
  server = await startServer(dbFile, { BACKUP_EVERY_HOURS: '24', BACKUP_DIR: path.join(dir, 'backups') });
});
afterAll(async () => {
  if (server) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describeSqlite('figures from the worker thread', () => {
  test('a new village: signed-in readers see it at once, anonymous readers once it is computed', async () => {
    const base = server!.base;
    const names = async (headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}/api/v1/villages`, { headers });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { villages: { name: string; deadlineCounts: unknown }[] };
      return { version: Number(res.headers.get('x-data-version')), names: body.villages.map((v) => v.name), body };
    };
    const before = await names();
    expect(before.names.length).toBeGreaterThan(0);
    expect(before.body.villages[0]).toHaveProperty('deadlineCounts'); // computed figures survived the trip from the worker

    const { cookie, csrf } = await signInOverHttp(base, 'proc-staff', password);
    const districts = await (await fetch(`${base}/admin/villages/new`, { headers: { cookie } })).text();
    const districtName = /<datalist[^>]*><option value="([^"]+)"/.exec(districts)?.[1] ?? '';
    const res = await fetch(`${base}/admin/villages/new`, {
      method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ districtName, nameZh: '工作线程测试村', _csrf: csrf }),
    });
    expect(res.status).toBe(303);

    expect((await names({ cookie })).names).toContain('工作线程测试村');
    let seen = before.version;
    for (let i = 0; i < 100; i++) {
      const now = await names();
      expect(now.version).toBeGreaterThanOrEqual(seen);
      seen = now.version;
      if (now.names.includes('工作线程测试村')) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('anonymous readers never saw the new village');
  }, 30_000);
});

describeSqlite('the scheduled backup', () => {
  test('is taken at start in its worker thread, logged, and passes integrity_check', async () => {
    for (let i = 0; i < 100 && !server!.output().includes('scheduled backup written'); i++) await new Promise((r) => setTimeout(r, 50));
    const line = server!.output().split('\n').find((l) => l.includes('scheduled backup written'));
    expect(line).toBeDefined();
    const logged = JSON.parse(line!) as { path: string; bytes: number };
    expect(path.dirname(logged.path)).toBe(path.join(dir, 'backups'));
    expect(fs.statSync(logged.path).size).toBe(logged.bytes);
    const copy = new SQLite(logged.path, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((copy.prepare('select count(*) as n from villages').get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      copy.close();
    }
  }, 30_000);
});

// SIGTERM: the server stops accepting connections, finishes the request in flight (a staff write whose
// body is still arriving), closes the database (SQLite checkpoints and removes its write-ahead log)
// and exits 0.
import fs from 'node:fs';
import http from 'node:http';
import SQLite from 'better-sqlite3';
import { onPostgres } from '../helpers/test-db';
import { strongPassword } from '../helpers/sign-in';
import { seededSqliteFile, signInOverHttp, startServer } from '../helpers/server-process';

const describeSqlite = onPostgres ? describe.skip : describe;
if (onPostgres) console.info('graceful-shutdown test skipped on PostgreSQL: it checks the SQLite file after the server stops');

let dir = '';
let dbFile: string;
const password = strongPassword();

beforeAll(async () => {
  if (!onPostgres) ({ dir, dbFile } = await seededSqliteFile('stop', { username: 'stop-staff', password }));
});
afterAll(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeSqlite('SIGTERM', () => {
  test('finishes the request in flight, refuses new connections, closes the database and exits 0', async () => {
    const server = await startServer(dbFile);
    const { cookie, csrf } = await signInOverHttp(server.base, 'stop-staff', password);
    const district = new SQLite(dbFile, { readonly: true });
    const districtName = (district.prepare('select name_zh from districts order by id limit 1').get() as { name_zh: string }).name_zh;
    district.close();

    // A page, so that the figures worker runs and has to be closed too.
    expect((await fetch(`${server.base}/`)).status).toBe(200);

    // A write whose body arrives in two parts, with SIGTERM in between.
    const body = Buffer.from(new URLSearchParams({ districtName, nameZh: '关机测试村', householdsEntitled: '321', _csrf: csrf }).toString());
    const { port } = new URL(server.base);
    let inFlight: http.ClientRequest | undefined;
    const answer = new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port, method: 'POST', path: '/admin/villages/new',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
      });
      req.on('error', reject);
      req.write(body.subarray(0, 10));
      inFlight = req;
    });
    // An idle keep-alive connection must not hold the shutdown up.
    const keepAlive = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve) => http.get(`${server.base}/healthz`, { agent: keepAlive }, (res) => { res.resume(); res.on('end', resolve); }));
    await sleep(200);

    server.child.kill('SIGTERM');
    await sleep(300);
    expect(server.child.exitCode).toBeNull(); // still finishing the request in flight
    await expect(fetch(`${server.base}/healthz`)).rejects.toThrow(); // but no longer accepting

    inFlight!.end(body.subarray(10));
    const res = await answer;
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/villages\/\d+$/);
    const stoppedAt = Date.now();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - stoppedAt).toBeLessThan(2000); // a keep-alive connection does not hold the exit up
    keepAlive.destroy();

    expect(server.output()).toContain('database closed; stopped');
    expect(fs.existsSync(`${dbFile}-wal`)).toBe(false); // closed cleanly: the log was checkpointed into the file
    const db = new SQLite(dbFile, { readonly: true });
    try {
      expect(db.prepare('select households_entitled as h from villages where name_zh = ?').get('关机测试村')).toEqual({ h: 321 });
    } finally {
      db.close();
    }
  }, 30_000);
});

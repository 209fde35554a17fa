// What `npm run bench` and `npm run bench -- --soak` share: a generated database, the production
// server as its own process, sign-in over HTTP, percentiles and peak memory.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../src/config';
import { createDb } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import { seedIfEmpty } from '../seeds';
import { generateCity } from '../seeds/city';
import { createUser } from '../src/services/user.service';
import { SYSTEM_ACTOR } from '../src/services/audit.service';

export const AS_OF = '2026-11-26';
export const STAFF_PASSWORD = 'bench-only-passphrase-7x';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

export const round1 = (x: number) => Math.round(x * 10) / 10;

export function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
}

/** A migrated, seeded database with generated demonstration data and `staff` accounts bench-staff-1…n. */
export async function prepare(dbFile: string, scale: 'city' | 'district', staff = 1): Promise<{ generationMs: number; rows: Record<string, number> }> {
  const db = createDb(dbFile);
  await migrateToLatest(db);
  await seedIfEmpty(db);
  const t = Date.now();
  const rows = await db.transaction().execute((trx) => generateCity(trx, { seed: 1, scale, asOf: AS_OF, now: new Date().toISOString() }));
  const generationMs = Date.now() - t;
  const config = loadConfig({ ...process.env, DATABASE_URL: dbFile, SCRYPT_LOG_N: '12' });
  for (let i = 1; i <= staff; i++) {
    await createUser(db, config, SYSTEM_ACTOR, { username: `bench-staff-${i}`, role: 'staff', password: STAFF_PASSWORD });
  }
  await db.destroy();
  return { generationMs, rows };
}

/** The production server on `dbFile`, rate limit off, logging at its default level (as a user runs it); resolves once /healthz answers. */
export async function startServer(dbFile: string, port: number): Promise<{ child: ChildProcess; coldStartMs: number; port: number }> {
  const t = Date.now();
  // BENCH_SERVER_FLAGS (e.g. `--trace-gc`) are given to the server's node only, and BENCH_SERVER_STDOUT
  // keeps what it writes in a file: how the memory profile in the issue 11 note was taken.
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter((f) => f !== '');
  const out = process.env.BENCH_SERVER_STDOUT ? fs.openSync(process.env.BENCH_SERVER_STDOUT, 'w') : 'ignore';
  const child = spawn(process.execPath, [...flags, path.join(PROJECT_ROOT, 'dist/src/server.js')], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: dbFile, AS_OF, RATE_LIMIT_PER_MINUTE: '0', ...(process.env.BENCH_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_LOG_LEVEL } : {}) },
    stdio: ['ignore', out, 'inherit'], // the log lines are written (to /dev/null unless kept), as a server's are
  });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null) throw new Error('server exited during start');
    if (Date.now() - t > 60_000) throw new Error('server did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, coldStartMs: Date.now() - t, port };
}

/** Stops the server with SIGTERM and waits for it to exit. */
export function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface StaffSession {
  cookie: string;
  /** The session's CSRF token, read from a staff form. */
  token: string;
}

export async function signIn(base: string, username: string): Promise<StaffSession> {
  const cookieOf = (res: Response, old = '') => (res.headers.get('set-cookie')?.split(';')[0] ?? old);
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const form = await fetch(`${base}/login`);
  let cookie = cookieOf(form);
  const res = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: STAFF_PASSWORD, _csrf: tokenOf(await form.text()) }),
  });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  cookie = cookieOf(res, cookie);
  const token = tokenOf(await (await fetch(`${base}/admin/reports/new`, { headers: { cookie } })).text());
  return { cookie, token };
}

/** Records a milestone on one building through the staff form; resolves with the status and the time taken. */
export async function recordMilestone(base: string, s: StaffSession, building: number, note: string): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  const res = await fetch(`${base}/admin/milestones/new`, {
    method: 'POST', redirect: 'manual', headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ target: `building:${building}`, stage: 'finishing', date: AS_OF, note, _csrf: s.token }),
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t };
}

export function writeReport(name: string, report: unknown): string {
  const dir = path.join(PROJECT_ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
}

// `npm run bench`: the read path and a milestone write on a generated city-scale database, with the
// server in production mode as a separate process and autocannon on loopback. Every figure is a
// ratio to /healthz measured in the same run, so the table speaks of this machine only.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig, PROJECT_ROOT } from '../src/config';
import { createDb, describeDatabase } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import { seedIfEmpty } from '../seeds';
import { generateCity } from '../seeds/city';
import { createUser } from '../src/services/user.service';
import { SYSTEM_ACTOR } from '../src/services/audit.service';

const AS_OF = '2026-11-26';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const WRITES = 60;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 1024);
}

async function prepare(dbFile: string): Promise<{ generationMs: number; rows: Record<string, number> }> {
  const db = createDb(dbFile);
  await migrateToLatest(db);
  await seedIfEmpty(db);
  const t = Date.now();
  const rows = await db.transaction().execute((trx) => generateCity(trx, { seed: 1, scale: 'city', asOf: AS_OF, now: new Date().toISOString() }));
  const generationMs = Date.now() - t;
  const config = loadConfig({ ...process.env, DATABASE_URL: dbFile, SCRYPT_LOG_N: '12' });
  await createUser(db, config, SYSTEM_ACTOR, { username: 'bench-staff', role: 'staff', password: 'bench-only-passphrase-7x' });
  await db.destroy();
  return { generationMs, rows };
}

async function startServer(dbFile: string, port: number): Promise<{ child: ChildProcess; coldStartMs: number }> {
  const t = Date.now();
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/server.js')], {
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: dbFile, AS_OF, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
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
  return { child, coldStartMs: Date.now() - t };
}

async function load(url: string): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

async function signIn(base: string): Promise<{ cookie: string; csrf: (page: string) => Promise<string> }> {
  const cookieOf = (res: Response, old = '') => (res.headers.get('set-cookie')?.split(';')[0] ?? old);
  const form = await fetch(`${base}/login`);
  let cookie = cookieOf(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'bench-staff', password: 'bench-only-passphrase-7x', _csrf: token }),
  });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  cookie = cookieOf(res, cookie);
  const csrf = async (page: string) => /name="_csrf" value="([^"]+)"/.exec(await (await fetch(`${base}${page}`, { headers: { cookie } })).text())?.[1] ?? '';
  return { cookie, csrf };
}

async function milestoneWrites(base: string): Promise<{ p50: number; p99: number; failed: number }> {
  const { cookie, csrf } = await signIn(base);
  const token = await csrf('/admin/reports/new');
  const times: number[] = [];
  let failed = 0;
  for (let i = 0; i < WRITES; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/admin/milestones/new`, {
      method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ target: `building:${100 + i * 97}`, stage: 'finishing', date: AS_OF, note: '', _csrf: token }),
    });
    times.push(performance.now() - t);
    if (res.status !== 303) failed++;
  }
  return { p50: Math.round(percentile(times, 50) * 10) / 10, p99: Math.round(percentile(times, 99) * 10) / 10, failed };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-bench-'));
  // BENCH_DATABASE_URL=postgres://… targets an EMPTY PostgreSQL database instead of a temporary SQLite file.
  const dbFile = process.env.BENCH_DATABASE_URL ?? path.join(dir, 'bench.db');
  console.error(`generating the city-scale database in ${describeDatabase(dbFile)} …`);
  const prep = await prepare(dbFile);
  const port = await freePort();
  const { child, coldStartMs } = await startServer(dbFile, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    const t = Date.now();
    await fetch(`${base}/`);
    const firstOverviewMs = Date.now() - t;
    const targets: [string, string][] = [
      ['/healthz', '/healthz'], ['overview /', '/'], ['village page', '/villages/100'], ['project page', '/projects/500'], ['/api/v1/summary', '/api/v1/summary'],
    ];
    const results: Record<string, { rps: number; p50: number; p99: number; errors: number; ratio: number }> = {};
    for (const [name, p] of targets) {
      console.error(`loading ${name} for ${DURATION_S} s with ${CONNECTIONS} connections …`);
      const r = await load(`${base}${p}`);
      results[name] = { ...r, ratio: 0 };
    }
    const floor = results['/healthz']!.rps;
    for (const r of Object.values(results)) r.ratio = Math.round((r.rps / floor) * 100) / 100;
    console.error(`${WRITES} milestone writes …`);
    const writes = await milestoneWrites(base);
    const rssMb = peakRssMb(child.pid!);
    const report = {
      measuredAt: new Date().toISOString(), machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      database: process.env.BENCH_DATABASE_URL ? 'postgresql' : 'sqlite', rows: prep.rows, generationMs: prep.generationMs, coldStartMs, firstOverviewMs, reads: results, milestoneWriteMs: writes, peakRssMb: rssMb,
    };
    fs.mkdirSync(path.join(PROJECT_ROOT, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(PROJECT_ROOT, 'bench-results/latest.json'), JSON.stringify(report, null, 2));
    const lines = [
      `| route | req/s | p50 ms | p99 ms | × /healthz | errors |`, `|---|---|---|---|---|---|`,
      ...Object.entries(results).map(([n, r]) => `| ${n} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.ratio} | ${r.errors} |`),
      '', `milestone write: p50 ${writes.p50} ms, p99 ${writes.p99} ms (${writes.failed} failed of ${WRITES})`,
      `cold start to first answer: ${coldStartMs} ms; first overview after start: ${firstOverviewMs} ms; peak RSS ${rssMb} MB`,
      `generated ${Object.values(prep.rows).reduce((a, b) => a + b, 0)} rows in ${prep.generationMs} ms; ${report.database}; ${report.machine}`,
    ];
    console.log(lines.join('\n'));
  } finally {
    child.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// `npm run bench`: the read path and a milestone write on a generated city-scale database, with the
// server in production mode as a separate process and autocannon on loopback. Every figure is a
// ratio to /healthz measured in the same run, so the table speaks of this machine only.
// `npm run bench -- --soak`: reads and staff writes at the same time (scripts/soak.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { describeDatabase } from '../src/db/create-db';
import { AS_OF, freePort, machine, peakRssMb, percentile, prepare, recordMilestone, round1, signIn, startServer, stopServer, writeReport } from './bench-lib';
import { soak } from './soak';
import { freshnessOfCli, freshnessOfForm, pickSubjects, visitBytes } from './bench-fresh';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const WRITES = 60;

async function load(url: string): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

/** 装饰装修 on AS_OF for buildings not yet past 主体施工: each a step forward, which the form takes. */
async function milestoneWrites(base: string, buildings: readonly number[]): Promise<{ p50: number; p99: number; failed: number }> {
  const session = await signIn(base, 'bench-staff-1');
  const times: number[] = [];
  let failed = 0;
  for (let i = 0; i < WRITES; i++) {
    const r = await recordMilestone(base, session, buildings[i % buildings.length]!, '');
    times.push(r.ms);
    if (r.status !== 303) failed++;
  }
  return { p50: round1(percentile(times, 50)), p99: round1(percentile(times, 99)), failed };
}

async function bench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-bench-'));
  // BENCH_DATABASE_URL=postgres://… targets an EMPTY PostgreSQL database instead of a temporary SQLite file.
  const dbFile = process.env.BENCH_DATABASE_URL ?? path.join(dir, 'bench.db');
  console.error(`generating the city-scale database in ${describeDatabase(dbFile)} …`);
  const prep = await prepare(dbFile, 'city');
  const subjects = await pickSubjects(dbFile, WRITES + 2);
  const port = await freePort();
  const { child, coldStartMs } = await startServer(dbFile, port);
  const base = `http://127.0.0.1:${port}`;
  // On PostgreSQL a second server process on the same database: writes to one must show on both.
  const second = process.env.BENCH_DATABASE_URL ? await startServer(dbFile, await freePort()) : null;
  try {
    const t = Date.now();
    await fetch(`${base}/`);
    const firstOverviewMs = Date.now() - t;
    const targets: [string, string][] = [
      ['/healthz', '/healthz'], ['overview /', '/'], ['village page', '/villages/100'], ['project page', '/projects/500'], ['/api/v1/summary', '/api/v1/summary'],
      ['/api/v1/projects (a page of 50)', '/api/v1/projects'], ['/api/v1/villages (a page of 50)', '/api/v1/villages'], ['/api/v1/projects/500', '/api/v1/projects/500'],
    ];
    const results: Record<string, { firstMs: number; rps: number; p50: number; p99: number; errors: number; ratio: number }> = {};
    for (const [name, p] of targets) {
      // One answer alone first, which renders it (what a reader meets after a write), then the load,
      // which measures the answers between writes.
      const t0 = performance.now();
      await (await fetch(`${base}${p}`)).arrayBuffer();
      const firstMs = Math.round(performance.now() - t0);
      console.error(`loading ${name} for ${DURATION_S} s with ${CONNECTIONS} connections …`);
      const r = await load(`${base}${p}`);
      results[name] = { firstMs, ...r, ratio: 0 };
    }
    const floor = results['/healthz']!.rps;
    for (const r of Object.values(results)) r.ratio = Math.round((r.rps / floor) * 100) / 100;
    console.error(`${WRITES} milestone writes …`);
    const writes = await milestoneWrites(base, subjects.slice(2).map((x) => x.building));
    const bases = second ? [base, `http://127.0.0.1:${second.port}`] : [base];
    console.error(`freshness: a write through the form, and one by the command line, read from ${bases.length} server(s) …`);
    const freshForm = await freshnessOfForm(bases, dbFile, await signIn(base, 'bench-staff-1'), subjects[0]!);
    const freshCli = await freshnessOfCli(bases, dbFile, subjects[1]!);
    const bytes = await visitBytes(base, '/projects/500');
    const rssMb = peakRssMb(child.pid!);
    const report = {
      measuredAt: new Date().toISOString(), machine: machine(), asOf: AS_OF,
      database: process.env.BENCH_DATABASE_URL ? 'postgresql' : 'sqlite', rows: prep.rows, generationMs: prep.generationMs, coldStartMs, firstOverviewMs, reads: results, milestoneWriteMs: writes, peakRssMb: rssMb,
      freshness: { form: freshForm, cli: freshCli, servers: bases.length }, projectPageBytes: bytes,
    };
    writeReport('latest.json', report);
    const lines = [
      `| route | first answer ms | req/s | p50 ms | p99 ms | × /healthz | errors |`, `|---|---|---|---|---|---|---|`,
      ...Object.entries(results).map(([n, r]) => `| ${n} | ${r.firstMs} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.ratio} | ${r.errors} |`),
      '', `milestone write: p50 ${writes.p50} ms, p99 ${writes.p99} ms (${writes.failed} failed of ${WRITES})`,
      `cold start to first answer: ${coldStartMs} ms; first overview after start: ${firstOverviewMs} ms; peak RSS ${rssMb} MB`,
      `freshness (${bases.length} server process(es), 6 pages of the write's scopes each): form write shown everywhere after ${freshForm.ms} ms with ${freshForm.stale} stale answers; command-line import after ${freshCli.ms} ms with ${freshCli.stale} stale answers`,
      `project page /projects/500 on a phone: first visit ${bytes.first} bytes over the wire (page and ${bytes.assets} assets, compressed); repeat visit ${bytes.repeat} bytes (page answered ${bytes.pageStatusOnRepeat})`,
      `generated ${Object.values(prep.rows).reduce((a, b) => a + b, 0)} rows in ${prep.generationMs} ms; ${report.database}; ${report.machine}`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await stopServer(child);
    if (second) await stopServer(second.child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(process.argv.includes('--soak') ? soak(process.argv.slice(2)) : bench()).catch((err) => {
  console.error(err);
  process.exit(1);
});

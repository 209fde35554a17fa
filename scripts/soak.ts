// `npm run bench -- --soak [--scale district|city]`: SOAK_SECONDS (60) of public reads by anonymous
// readers while staff record milestones in parallel, against the production server as its own
// process. Reports read errors and latency, write latency, and whether every acknowledged write is in
// the database afterwards (checked after a graceful stop, with integrity_check on SQLite).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createDb, describeDatabase, isPostgresUrl } from '../src/db/create-db';
import { freePort, machine, peakRssMb, percentile, prepare, recordMilestone, round1, signIn, startServer, stopServer, writeReport, type StaffSession } from './bench-lib';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const READERS = Number(process.env.SOAK_READERS ?? 20);
const STAFF = Number(process.env.SOAK_STAFF ?? 3);
/** Each staff member's pause between two writes: a busy office, not a script. */
const PAUSE_MS = Number(process.env.SOAK_WRITE_PAUSE_MS ?? 500);

interface WriteLog { note: string; building: number; status: number; ms: number }

/** Public addresses the readers cycle through: pages in both languages, the API. */
async function readPaths(dbFile: string): Promise<string[]> {
  const db = createDb(dbFile);
  try {
    const pick = async (table: 'villages' | 'projects' | 'batches', n: number) =>
      (await db.selectFrom(table).select('id').orderBy('id').execute()).filter((_r, i, all) => i % Math.max(1, Math.floor(all.length / n)) === 0).slice(0, n).map((r) => Number(r.id));
    const [villages, projects, batches] = await Promise.all([pick('villages', 6), pick('projects', 6), pick('batches', 6)]);
    return [
      '/', '/api/v1/summary', '/api/v1/villages',
      ...villages.map((id) => `/villages/${id}`), ...projects.map((id) => `/projects/${id}`), ...batches.map((id) => `/batches/${id}`),
      ...projects.slice(0, 3).map((id) => `/api/v1/projects/${id}`),
    ];
  } finally {
    await db.destroy();
  }
}

async function buildingIds(dbFile: string): Promise<number[]> {
  const db = createDb(dbFile);
  try {
    // 装饰装修 is a step forward for these; for a building past it, it would be a step back, which
    // the form refuses without a correction (and the soak would count refusals, not writes).
    return (await db.selectFrom('buildings').select('id').where('stage', 'in', ['planned', 'foundation', 'structure', 'topped_out', 'finishing']).orderBy('id').execute()).map((r) => Number(r.id));
  } finally {
    await db.destroy();
  }
}

/** One staff member: a milestone on a building of their own every PAUSE_MS until `until`. */
async function staffMember(base: string, session: StaffSession, buildings: number[], n: number, until: number, log: WriteLog[]): Promise<void> {
  for (let i = 0; Date.now() < until; i++) {
    const building = buildings[(i * STAFF + n) % buildings.length]!;
    const note = `soak ${n}-${i}`;
    try {
      const r = await recordMilestone(base, session, building, note);
      log.push({ note, building, ...r });
    } catch {
      log.push({ note, building, status: 0, ms: NaN });
    }
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
}

async function verify(dbFile: string, acked: WriteLog[]): Promise<{ missing: number; integrity: string }> {
  const db = createDb(dbFile);
  try {
    const rows = await db.selectFrom('milestones').select(['building_id', 'note']).where('note', 'like', 'soak %').execute();
    const present = new Set(rows.map((r) => `${r.building_id}|${r.note}`));
    const missing = acked.filter((w) => !present.has(`${w.building}|${w.note}`)).length;
    const integrity = isPostgresUrl(dbFile)
      ? 'n/a (PostgreSQL)'
      : (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows.map((r) => r.integrity_check).join('; ');
    return { missing, integrity };
  } finally {
    await db.destroy();
  }
}

export async function soak(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { soak: { type: 'boolean' }, scale: { type: 'string', default: 'district' } }, strict: true });
  if (values.scale !== 'district' && values.scale !== 'city') throw new Error('--scale must be district or city');
  const scale = values.scale;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-soak-'));
  const dbFile = process.env.BENCH_DATABASE_URL ?? path.join(dir, 'soak.db');
  console.error(`generating a ${scale}-scale database in ${describeDatabase(dbFile)} …`);
  const prep = await prepare(dbFile, scale, STAFF);
  const [paths, buildings] = await Promise.all([readPaths(dbFile), buildingIds(dbFile)]);
  const port = await freePort();
  const { child } = await startServer(dbFile, port);
  const base = `http://127.0.0.1:${port}`;
  const writes: WriteLog[] = [];
  let reads: autocannon.Result;
  let rssMb: number;
  try {
    const sessions = await Promise.all(Array.from({ length: STAFF }, (_, i) => signIn(base, `bench-staff-${i + 1}`)));
    await fetch(`${base}/`); // warm: the first computation is the cold start's, measured by `npm run bench`
    console.error(`${SECONDS} s: ${READERS} readers over ${paths.length} public addresses, ${STAFF} staff writing every ${PAUSE_MS} ms …`);
    const until = Date.now() + SECONDS * 1000;
    const staff = sessions.map((s, n) => staffMember(base, s, buildings, n, until, writes));
    reads = await autocannon({
      // in a worker thread of its own, so that the staff writers' timings here are not held up by it
      url: base, connections: READERS, duration: SECONDS, timeout: 10, workers: 1,
      requests: paths.map((p, i) => ({ method: 'GET', path: p, headers: i % 4 === 3 ? { 'accept-language': 'en' } : {} })),
    });
    await Promise.all(staff);
    rssMb = peakRssMb(child.pid!);
  } finally {
    await stopServer(child);
  }
  const acked = writes.filter((w) => w.status === 303);
  const refused = writes.filter((w) => w.status >= 400 && w.status < 500).length;
  const failed = writes.filter((w) => w.status === 0 || w.status >= 500).length;
  const check = await verify(dbFile, acked);
  fs.rmSync(dir, { recursive: true, force: true });

  const times = acked.map((w) => w.ms);
  const report = {
    measuredAt: new Date().toISOString(), machine: machine(), scale, seconds: SECONDS, database: process.env.BENCH_DATABASE_URL ? 'postgresql' : 'sqlite',
    rows: prep.rows,
    reads: {
      requests: reads.requests.total, perSecond: Math.round(reads.requests.average), p50: reads.latency.p50, p99: reads.latency.p99, max: reads.latency.max,
      errors: reads.errors, timeouts: reads.timeouts, non2xx: reads.non2xx,
    },
    writes: { attempted: writes.length, acknowledged: acked.length, refused, failed, p50: round1(percentile(times, 50)), p99: round1(percentile(times, 99)), max: round1(Math.max(...times)) },
    afterwards: { acknowledgedMissing: check.missing, integrity: check.integrity },
    peakRssMb: rssMb,
  };
  const file = writeReport(`soak-${scale}.json`, report);
  const r = report.reads;
  const w = report.writes;
  console.log([
    `soak, ${scale} scale, ${SECONDS} s, ${report.database}; ${report.machine}`,
    `reads:  ${r.requests} requests (${r.perSecond}/s), p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms; errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}`,
    `writes: ${w.attempted} attempted, ${w.acknowledged} acknowledged, ${w.refused} refused, ${w.failed} failed; p50 ${w.p50} ms, p99 ${w.p99} ms, max ${w.max} ms`,
    `afterwards: ${check.missing} acknowledged writes missing; integrity_check ${check.integrity}; peak RSS ${rssMb} MB`,
    `report: ${path.relative(process.cwd(), file)}`,
  ].join('\n'));
  if (r.errors + r.non2xx + w.failed + check.missing > 0 || (check.integrity !== 'ok' && !isPostgresUrl(dbFile))) process.exitCode = 1;
}

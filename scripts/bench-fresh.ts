// Two figures of `npm run bench` beside the load: how soon a write shows on every page of its scopes
// (a write through the staff form, and one by a second process: the command-line import), counting
// the answers that still showed the data from before it; and the bytes a phone fetches for a first
// and for a repeated visit of a project page, compressed, with every asset the page names.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PROJECT_ROOT } from '../src/config';
import { createDb } from '../src/db/create-db';
import { AS_OF, recordMilestone, type StaffSession } from './bench-lib';

export interface Subject { building: number; batch: number; project: number; village: number; code: string | null; batchName: string; projectName: string; villageName: string }

/** A building early in its construction (so that 装饰装修 on AS_OF moves it forward), and the scopes above it. */
export async function pickSubjects(dbFile: string, n: number): Promise<Subject[]> {
  const db = createDb(dbFile);
  try {
    const rows = await db.selectFrom('buildings').innerJoin('batches', 'batches.id', 'buildings.batch_id')
      .innerJoin('projects', 'projects.id', 'batches.project_id').innerJoin('villages', 'villages.id', 'projects.village_id')
      .select(['buildings.id as building', 'buildings.code as code', 'batches.id as batch', 'batches.name_zh as batchName', 'projects.id as project',
        'projects.name_zh as projectName', 'villages.id as village', 'villages.name_zh as villageName'])
      .where('buildings.stage', 'in', ['planned', 'foundation', 'structure']).where('buildings.code', 'is not', null)
      .orderBy('buildings.id').limit(n * 50).execute();
    const spread = rows.filter((_r, i) => i % 50 === 0).slice(0, n);
    return spread.map((r) => ({ ...r, building: Number(r.building), batch: Number(r.batch), project: Number(r.project), village: Number(r.village) }));
  } finally {
    await db.destroy();
  }
}

const versionOf = async (dbFile: string) => {
  const db = createDb(dbFile);
  try {
    return Number((await db.selectFrom('data_version').select('version').executeTakeFirstOrThrow()).version);
  } finally {
    await db.destroy();
  }
};

/** Polls each page until it answers from `version` or later; counts the answers from before it. */
async function untilShown(bases: readonly string[], paths: readonly string[], version: number, since: number): Promise<{ ms: number; stale: number }> {
  let stale = 0;
  const pending = new Set(bases.flatMap((b) => paths.map((p) => `${b}${p}`)));
  while (pending.size) {
    for (const url of [...pending]) {
      // a new connection each time: after the seconds a command-line import takes, a kept-alive one may be closed by the server as it is reused
      const res = await fetch(url, { headers: { connection: 'close' } });
      await res.arrayBuffer();
      const v = Number(res.headers.get('x-data-version'));
      if (v >= version) pending.delete(url);
      else stale++;
    }
    // (the last round may have been the one that saw everything: then it is done, however long it took)
    if (pending.size && performance.now() - since > 120_000) throw new Error(`not shown after 120 s: ${[...pending].join(', ')}`);
  }
  return { ms: Math.round(performance.now() - since), stale };
}

const scopePages = (s: Subject) => ['/', `/villages/${s.village}`, `/projects/${s.project}`, `/batches/${s.batch}`, '/api/v1/summary', `/api/v1/projects/${s.project}`];

/** A milestone through the staff form of the first server; every scope of it read from every server. */
export async function freshnessOfForm(bases: readonly string[], dbFile: string, session: StaffSession, s: Subject) {
  const res = await recordMilestone(bases[0]!, session, s.building, 'bench freshness');
  if (res.status !== 303) throw new Error(`the milestone was refused: ${res.status}`);
  const since = performance.now();
  return untilShown(bases, scopePages(s), await versionOf(dbFile), since);
}

/** The command-line import, another process, moves a building forward; every scope of it read from every server. */
export async function freshnessOfCli(bases: readonly string[], dbFile: string, s: Subject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
  const file = path.join(dir, 'buildings.csv');
  fs.writeFileSync(file, `村,项目,批次,楼号,施工阶段,阶段日期\n${s.villageName},${s.projectName},${s.batchName},${s.code},finishing,${AS_OF}\n`);
  try {
    const cli = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/cli.js'), 'import', file], { env: { ...process.env, DATABASE_URL: dbFile, AS_OF }, encoding: 'utf8' });
    if (cli.status !== 0) throw new Error(`the import failed: ${cli.stdout}${cli.stderr}`);
    const since = performance.now();
    return untilShown(bases, scopePages(s), await versionOf(dbFile), since);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One GET as a phone sends it; the bytes that crossed the wire (status line, headers and the body as sent). */
function wireGet(base: string, p: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; body: Buffer; etag: string | null; cacheControl: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${p}`, { headers: { 'accept-encoding': 'br, gzip', 'user-agent': 'Mozilla/5.0 (iPhone; bench)', ...headers } }, (res) => {
      const head = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n` + res.rawHeaders.map((h, i) => (i % 2 ? `${h}\r\n` : `${h}: `)).join('') + '\r\n';
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0, bytes: Buffer.byteLength(head) + body.length, body,
          etag: (res.headers.etag as string | undefined) ?? null, cacheControl: String(res.headers['cache-control'] ?? ''),
        });
      });
    });
    req.on('error', reject);
  });
}

function decoded(body: Buffer, encoding: string | undefined): string {
  if (encoding === 'br') return zlib.brotliDecompressSync(body).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(body).toString('utf8');
  return body.toString('utf8');
}

/**
 * A first visit: the page and every asset it names (scripts, styles, icons), compressed as the
 * server sends them. A repeat visit: the page again with its ETag (a 304 when nothing changed);
 * assets under content-hashed names are cached as immutable, so a browser asks for none of them.
 */
export async function visitBytes(base: string, page: string): Promise<{ first: number; repeat: number; assets: number; pageStatusOnRepeat: number }> {
  const first = await new Promise<{ res: http.IncomingMessage; body: Buffer }>((resolve, reject) => {
    http.get(`${base}${page}`, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
  const html = decoded(first.body, first.res.headers['content-encoding'] as string | undefined);
  const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+|\/favicon\.ico)"/g)].map((m) => m[1]!))];
  const pageFirst = await wireGet(base, page, {});
  let total = pageFirst.bytes;
  const revalidate: { path: string; etag: string | null }[] = [];
  for (const a of assets) {
    const r = await wireGet(base, a, {});
    total += r.bytes;
    // a browser asks again for an asset not marked immutable once its max-age is past; count it as asked
    if (!/immutable/.test(r.cacheControl)) revalidate.push({ path: a, etag: r.etag });
  }
  const again = await wireGet(base, page, pageFirst.etag ? { 'if-none-match': pageFirst.etag } : {});
  let repeat = again.bytes;
  for (const r of revalidate) repeat += (await wireGet(base, r.path, r.etag ? { 'if-none-match': r.etag } : {})).bytes;
  return { first: total, repeat, assets: assets.length, pageStatusOnRepeat: again.status };
}

// The built server (dist/src/server.js) as its own process, as an operator runs it: for the tests
// that kill it, stop it, or start it on a damaged file. `npm test` builds before Jest runs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { seedIfEmpty } from '../../seeds';
import { createAccount } from './sign-in';

export const SERVER_JS = path.join(__dirname, '../../dist/src/server.js');

export function assertBuilt(): void {
  if (!fs.existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run "npm run build" first (npm test does)`);
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/**
 * A migrated SQLite file with the real seed, in a new temporary folder, and a staff account when
 * `staff` is given; for the server to be started on. The caller removes `dir`.
 */
export async function seededSqliteFile(prefix: string, staff?: { username: string; password: string }): Promise<{ dir: string; dbFile: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tracker-${prefix}-`));
  const dbFile = path.join(dir, 'tracker.db');
  const db = createDb(dbFile);
  try {
    await migrateToLatest(db);
    await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
    if (staff) await createAccount(db, { ...staff, role: 'staff' });
  } finally {
    await db.destroy();
  }
  return { dir, dbFile };
}

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the server on `dbFile`; with `waitReady` (the default) resolves once /healthz answers. */
export async function startServer(dbFile: string, env: Record<string, string> = {}, waitReady = true): Promise<ServerProcess> {
  assertBuilt();
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [SERVER_JS], {
    env: {
      PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(port), DATABASE_URL: dbFile, AS_OF: '2026-11-26',
      LOG_LEVEL: 'info', SCRYPT_LOG_N: '12', RATE_LIMIT_PER_MINUTE: '0', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const proc: ServerProcess = { child, base: `http://127.0.0.1:${port}`, output: () => out, exited };
  if (!waitReady) return proc;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited during start:\n${out}`);
    try {
      if ((await fetch(`${proc.base}/healthz`)).ok) return proc;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer within 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A signed-in staff session over plain fetch (cookie and a CSRF token for the session). */
export async function signInOverHttp(base: string, username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const cookieOf = (res: Response, old = '') => res.headers.get('set-cookie')?.split(';')[0] ?? old;
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const form = await fetch(`${base}/login`);
  let cookie = cookieOf(form);
  const res = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: tokenOf(await form.text()) }),
  });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  cookie = cookieOf(res, cookie);
  const page = await fetch(`${base}/admin/villages/new`, { headers: { cookie } });
  return { cookie, csrf: tokenOf(await page.text()) };
}

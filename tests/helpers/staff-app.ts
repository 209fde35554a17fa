import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createDb, createReadDb, type Db } from '../../src/db/create-db';
import { freshDatabase } from './test-db';
import { migrateToLatest } from '../../src/db/migrate';
import { seedIfEmpty } from '../../seeds';

/** Environment overrides accepted by loadConfig (LOCKOUT_THRESHOLD, SESSION_IDLE_MINUTES, PASSWORD_POLICY …). */
export type ConfigOverrides = Record<string, string>;

export interface StaffApp {
  app: Express;
  db: Db;
  config: Config;
  dir: string;
  close(): Promise<void>;
}

/** The test configuration: pinned date, silent log, and a low scrypt cost (17 is far too slow for tests). */
export function staffConfig(databaseUrl: string, overrides: ConfigOverrides = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    RATE_LIMIT_PER_MINUTE: '0',
    DATABASE_URL: databaseUrl,
    AS_OF: '2026-11-26',
    LOG_LEVEL: 'silent',
    SCRYPT_LOG_N: '12',
    ...overrides,
  });
}

/**
 * The real app on a fresh migrated (and, unless `seed: false`, seeded) SQLite file, like
 * createTestContext but with configuration overrides and an optional logger.
 */
export async function createStaffApp(opts: { env?: ConfigOverrides; seed?: boolean; logger?: Logger; sessionSecret?: string; now?: () => Date } = {}): Promise<StaffApp> {
  const fresh = await freshDatabase();
  const config = staffConfig(fresh.url, opts.env);
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);
  if (opts.seed !== false) await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
  // As in production: sessions and the current user are read on their own connection.
  const readDb = createReadDb(config.databaseUrl) ?? db;
  const app = createApp({ config, db, readDb, logger: opts.logger ?? pino({ level: 'silent' }), sessionSecret: opts.sessionSecret, now: opts.now });
  return {
    app,
    db,
    config,
    dir: fresh.dir,
    async close() {
      if (readDb !== db) await readDb.destroy();
      await db.destroy();
      await fresh.drop();
    },
  };
}

/** A pino logger at `trace` that keeps every line it writes in memory (to scan for secrets). */
export function memoryLogger(level: pino.Level = 'trace'): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { logger: pino({ level }, stream), lines, text: () => lines.join('') };
}

/** Row counts of every table that holds data (sessions excluded), to prove a request wrote nothing. */
export const DATA_TABLES = [
  'districts', 'subdistricts', 'villages', 'projects', 'batches', 'buildings', 'milestones', 'progress_reports',
  'sources', 'settings', 'stage_weights', 'users', 'audit_log', 'household_counts', 'allowance_rules',
  'feedback', 'satisfaction_ratings',
] as const;

export async function tableCounts(db: Db, tables: readonly string[] = DATA_TABLES): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const row = await (db as unknown as Db)
      .selectFrom(t as 'users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(row.n);
  }
  return out;
}

/** Every row of every data table (sessions excluded), for a byte-for-byte "nothing changed" comparison. */
/** What a refused request writes by design (refusal-audit.test.ts): not a change of the data. */
const REFUSAL_ACTIONS = new Set(['csrf_failed', 'access_denied', 'refusals_uncounted']);

const byIdThenContent = (a: object, b: object): number => {
  const ia = (a as { id?: unknown }).id;
  const ib = (b as { id?: unknown }).id;
  if (typeof ia === 'number' && typeof ib === 'number') return ia - ib;
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
};

export async function snapshotData(db: Db, tables: readonly string[] = DATA_TABLES): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    // in a fixed order: PostgreSQL returns rows in no particular order, and an updated row moves
    const rows = (await db.selectFrom(t as 'users').selectAll().execute()).sort(byIdThenContent);
    out[t] = t === 'audit_log' ? rows.filter((r) => !REFUSAL_ACTIONS.has((r as unknown as { action: string }).action)) : rows;
  }
  return out;
}

/** Rejects when `p` has not settled within `ms` (a request that never answers fails the test instead of hanging it). */
export function withinMs<T>(p: PromiseLike<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.resolve(p).finally(() => clearTimeout(timer)),
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * Closes an app whose database may be stuck in a transaction that never ends (a hung request):
 * gives up waiting after a moment and removes the files regardless.
 */
export async function closeStuck(app: StaffApp): Promise<void> {
  await withinMs(app.db.destroy(), 1000, 'closing the database').catch(() => undefined);
  fs.rmSync(app.dir, { recursive: true, force: true });
}

import pino from 'pino';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDb, type Db } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { seedIfEmpty } from '../../seeds';
import { freshDatabase } from './test-db';

export interface TestContext {
  app: Express;
  db: Db;
  dir: string;
  /** The database's URL, for a second connection (another process, as it were). */
  url: string;
  close(): Promise<void>;
}

/**
 * A real app on a fresh, migrated database (one per test file): SQLite, or PostgreSQL with TEST_DATABASE_URL.
 * `seed: false` leaves the database empty. `asOf` pins "today" so that figures are stable. `env` adds
 * to (or overrides) the configuration, e.g. `{ FEEDBACK_MIN_FILL_SECONDS: '1' }`.
 */
export async function createTestContext(opts: { seed?: boolean; asOf?: string; publicBaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestContext> {
  const fresh = await freshDatabase();
  const dir = fresh.dir;
  const config = loadConfig({ NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', DATABASE_URL: fresh.url, AS_OF: opts.asOf ?? '2026-11-26', LOG_LEVEL: process.env.TEST_LOG ?? 'silent', ...(opts.publicBaseUrl ? { PUBLIC_BASE_URL: opts.publicBaseUrl } : {}), ...opts.env });
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);
  if (opts.seed !== false) await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
  const app = createApp({ config, db, logger: pino({ level: process.env.TEST_LOG ?? 'silent' }) });
  return {
    app,
    db,
    dir,
    url: fresh.url,
    async close() {
      await db.destroy();
      await fresh.drop();
    },
  };
}

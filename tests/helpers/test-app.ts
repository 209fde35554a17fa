import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createDb, type Db } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { seedIfEmpty } from '../../seeds';

export interface TestContext {
  app: Express;
  db: Db;
  dir: string;
  close(): Promise<void>;
}

/**
 * A real app on a fresh, migrated SQLite file in a temporary folder (one per test file).
 * `seed: false` leaves the database empty. `asOf` pins "today" so that figures are stable.
 */
export async function createTestContext(opts: { seed?: boolean; asOf?: string } = {}): Promise<TestContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-test-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: path.join(dir, 'test.db'), AS_OF: opts.asOf ?? '2026-11-26', LOG_LEVEL: process.env.TEST_LOG ?? 'silent' });
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);
  if (opts.seed !== false) await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
  const app = createApp({ config, db, logger: pino({ level: process.env.TEST_LOG ?? 'silent' }) });
  return {
    app,
    db,
    dir,
    async close() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

import type { Server } from 'node:http';
import pino from 'pino';
import { createApp } from './app';
import { loadConfig } from './config';
import { createDb, createReadDb, describeDatabase } from './db/create-db';
import { migrateToLatest } from './db/migrate';
import { seedIfEmpty } from '../seeds';
import { ensureSecret } from './repositories/secret.repository';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);
  if (await seedIfEmpty(db)) logger.info('seeded the real November 2023 data set into an empty database');

  const sessionSecret = await ensureSecret(db, 'session_secret');
  const readDb = createReadDb(config.databaseUrl) ?? db;
  const app = createApp({ config, db, logger, sessionSecret, readDb });
  const server: Server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(`resettlement tracker listening on http://localhost:${port} (database ${describeDatabase(config.databaseUrl)})`);
  });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void Promise.all([db.destroy(), readDb === db ? null : readDb.destroy()]).finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import type { Server } from 'node:http';
import pino from 'pino';
import { createApp } from './app';
import { loadConfig } from './config';
import { createDb, createReadDb, describeDatabase, isPostgresUrl } from './db/create-db';
import { checkBeforeStart, DamagedDatabaseError, quickCheckAtStart, quickCheckInBackground } from './db/integrity';
import { migrateToLatest } from './db/migrate';
import { seedIfEmpty } from '../seeds';
import { ensureSecret } from './repositories/secret.repository';
import { BackgroundWork } from './services/background-work';
import { startBackupSchedule } from './services/backup-schedule';

/** How long requests in flight may take to finish after SIGTERM before the process gives up on them. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const checkNow = checkBeforeStart(config.databaseUrl, config.integrityCheckBeforeStartBytes);
  if (checkNow) logger.info({ ms: quickCheckAtStart(config.databaseUrl) }, 'database file passed quick_check');
  const db = createDb(config.databaseUrl, { onConnectionError: (err) => logger.warn({ err }, 'database connection lost; it is replaced on next use') });
  await migrateToLatest(db);
  if (await seedIfEmpty(db)) logger.info('seeded the real November 2023 data set into an empty database');

  const sessionSecret = await ensureSecret(db, 'session_secret');
  const readDb = createReadDb(config.databaseUrl) ?? db;
  const siteDb = createReadDb(config.databaseUrl) ?? db;
  const background = new BackgroundWork();
  const app = createApp({ config, db, logger, sessionSecret, readDb, siteDb, background });
  const server: Server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info(`resettlement tracker listening on http://localhost:${port} (database ${describeDatabase(config.databaseUrl)})`);
  });
  const backups = startBackupSchedule({ config, logger });
  // A big file closed cleanly is checked while the server already answers; damage found stops it.
  const checkLater = !checkNow && !isPostgresUrl(config.databaseUrl) && config.databaseUrl !== ':memory:';
  if (checkLater) {
    quickCheckInBackground(config.databaseUrl).then(
      (r) => {
        if ('ms' in r) return logger.info({ ms: r.ms }, 'database file passed quick_check (in the background)');
        logger.fatal(r.damaged);
        console.error(`error: ${r.damaged}`);
        process.exitCode = 1;
        shutdown('damaged database');
      },
      (err) => logger.error({ err }, 'the background quick_check could not run'),
    );
  }

  // Stop accepting, let requests in flight finish (idle keep-alive connections are closed at once),
  // then close the database so that SQLite checkpoints its write-ahead log, and exit.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    backups.stop();
    logger.info({ signal, backgroundJobs: background.size }, 'shutting down: no new connections; finishing requests in flight');
    const deadline = Date.now() + SHUTDOWN_GRACE_MS - 500;
    setTimeout(() => {
      logger.error({ graceMs: SHUTDOWN_GRACE_MS }, 'requests still in flight after the grace period; exiting without them');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      // Import commits still running get the rest of the grace period; then the readers, and the
      // writer last, which checkpoints the log into the file and removes it.
      void background
        .drain(Math.max(0, deadline - Date.now()))
        .then((left) => {
          if (left > 0) logger.error({ left }, 'import commits still running at the end of the grace period; they roll back');
        })
        .then(() => (readDb === db ? undefined : readDb.destroy()))
        .then(() => (siteDb === db ? undefined : siteDb.destroy()))
        .then(() => db.destroy())
        .then(
          () => {
            logger.info('database closed; stopped');
            process.exit(Number(process.exitCode ?? 0));
          },
          (err) => {
            logger.error({ err }, 'closing the database failed');
            process.exit(1);
          },
        );
    });
    // A connection becomes idle when its last response is sent; close such connections as they appear
    // instead of waiting for the keep-alive timeout.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof DamagedDatabaseError ? `error: ${err.message}` : err instanceof Error ? err.message : err);
  process.exit(1);
});

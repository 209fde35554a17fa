// Scheduled backups inside the server process (BACKUP_EVERY_HOURS), with retention (BACKUP_KEEP).
// The next backup is due one interval after the newest scheduled backup on disk, so restarting the
// server does not postpone it. A failure is logged and retried at the next interval; it never stops
// the server.
import type { Logger } from 'pino';
import type { Config } from '../config';
import { isPostgresUrl } from '../db/create-db';
import { removePartialScheduledBackups, scheduledBackups } from './backup.service';
import { scheduledBackupOffThread } from './backup-worker';

const HOUR_MS = 3_600_000;
// Node fires a longer timeout at once, and 720 hours is longer: long waits are taken in steps.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface BackupSchedule {
  stop(): void;
}

export function startBackupSchedule(o: {
  config: Pick<Config, 'databaseUrl' | 'backupDir' | 'backupEveryHours' | 'backupKeep'>;
  logger: Logger;
  now?: () => Date;
}): BackupSchedule {
  const { config, logger, now = () => new Date() } = o;
  if (config.backupEveryHours === 0) return { stop: () => undefined };
  if (isPostgresUrl(config.databaseUrl)) {
    logger.warn('BACKUP_EVERY_HOURS applies to SQLite only: back PostgreSQL up with pg_dump (README, "Backups and restore")');
    return { stop: () => undefined };
  }
  const everyMs = config.backupEveryHours * HOUR_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const arm = (dueMs: number): void => {
    if (stopped) return;
    const waitMs = Math.min(Math.max(dueMs - now().getTime(), 0), MAX_TIMEOUT_MS);
    timer = setTimeout(() => (now().getTime() >= dueMs ? runOnce() : arm(dueMs)), waitMs);
    timer.unref();
  };

  let running: ReturnType<typeof scheduledBackupOffThread> | undefined;
  const runOnce = (): void => {
    running = scheduledBackupOffThread({ databaseUrl: config.databaseUrl, dir: config.backupDir, keep: config.backupKeep, now: now() });
    running.done.then(
      (r) => logger.info({ path: r.path, bytes: r.bytes, ms: r.ms, removed: r.removed }, 'scheduled backup written'),
      (err: unknown) => {
        if (!stopped) logger.error({ err, dir: config.backupDir }, 'scheduled backup failed');
      },
    ).finally(() => {
      running = undefined;
      arm(now().getTime() + everyMs);
    });
  };

  let last: Date | undefined;
  try {
    const removed = removePartialScheduledBackups(config.backupDir);
    if (removed.length) logger.warn({ removed }, 'removed half-written backups left by an earlier stop');
    last = scheduledBackups(config.backupDir).at(-1)?.takenAt;
  } catch (err) {
    logger.error({ err, dir: config.backupDir }, 'cannot list the scheduled backups');
  }
  const nowMs = now().getTime();
  // A newest backup "from the future" (a clock set back) must not postpone the next one further.
  arm(last ? Math.min(last.getTime() + everyMs, nowMs + everyMs) : nowMs);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      running?.cancel();
    },
  };
}

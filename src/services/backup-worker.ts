// One scheduled backup in a worker thread: VACUUM INTO and the integrity check of the copy take
// seconds on a city-sized file, and the server's main thread must keep answering meanwhile.
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { runScheduledBackup, type BackupResult } from './backup.service';

type Job = { databaseUrl: string; dir: string; keep: number; now: string };
type Outcome = { ok: BackupResult & { removed: string[] } } | { error: string };

const WORKER_FILE = path.join(__dirname, 'backup-worker.js');

if (parentPort && (workerData as { backupJob?: Job } | null)?.backupJob) {
  const job = (workerData as { backupJob: Job }).backupJob;
  let outcome: Outcome;
  try {
    outcome = { ok: runScheduledBackup({ ...job, now: new Date(job.now) }) };
  } catch (err) {
    outcome = { error: err instanceof Error ? err.message : String(err) };
  }
  parentPort.postMessage(outcome);
}

/**
 * Runs runScheduledBackup in a worker thread when the built worker file exists (the server), in this
 * thread otherwise (tests run the TypeScript sources). `cancel` ends a backup still running at shutdown;
 * it leaves at most a temporary file, never a half backup under a backup's name.
 */
export function scheduledBackupOffThread(job: Omit<Job, 'now'> & { now: Date }): { done: Promise<BackupResult & { removed: string[] }>; cancel(): void } {
  if (!fs.existsSync(WORKER_FILE)) {
    return { done: new Promise((resolve) => resolve(runScheduledBackup(job))), cancel: () => undefined };
  }
  const worker = new Worker(WORKER_FILE, { workerData: { backupJob: { ...job, now: job.now.toISOString() } } });
  const done = new Promise<BackupResult & { removed: string[] }>((resolve, reject) => {
    worker.once('message', (o: Outcome) => ('ok' in o ? resolve(o.ok) : reject(new Error(o.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`backup worker exited (${code})`)));
  });
  return { done, cancel: () => void worker.terminate() };
}

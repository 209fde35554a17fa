// In-memory stores for one server process: parsed uploads waiting for their commit, and commit jobs
// with their progress. Entries belong to a user, expire, and are bounded in number; expired ones are
// swept on use (no timer keeps the process alive).
import crypto from 'node:crypto';
import type { ParsedUpload } from '../../domain/import-types';
import type { CommitResult, Progress } from './import.service';
import type { BackgroundWork } from '../background-work';

export class ExpiringStore<T> {
  private readonly items = new Map<string, { owner: number; expires: number; value: T }>();

  constructor(private readonly ttlMs: number, private readonly max: number, private readonly now: () => number = Date.now) {}

  put(owner: number, value: T): string {
    this.sweep();
    while (this.items.size >= this.max) this.items.delete(this.items.keys().next().value!);
    const id = crypto.randomBytes(18).toString('base64url');
    this.items.set(id, { owner, expires: this.now() + this.ttlMs, value });
    return id;
  }

  /** Only its owner sees an entry; anyone else gets nothing, as if it did not exist. */
  get(id: string, owner: number): T | undefined {
    this.sweep();
    const e = this.items.get(id);
    return e && e.owner === owner ? e.value : undefined;
  }

  take(id: string, owner: number): T | undefined {
    const v = this.get(id, owner);
    if (v !== undefined) this.items.delete(id);
    return v;
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, e] of this.items) if (e.expires <= t) this.items.delete(id);
  }
}

export interface ImportJob {
  state: 'running' | 'done' | 'failed';
  phase: Progress['phase'];
  done: number;
  total: number;
  files: string[];
  result: CommitResult | null;
}

export const uploadStore = () => new ExpiringStore<ParsedUpload>(30 * 60_000, 10);
export const jobStore = () => new ExpiringStore<ImportJob>(2 * 3600_000, 50);

/** Starts a commit in the background (tracked, so a graceful stop waits for it) and returns its job id. */
export function startJob(
  jobs: ExpiringStore<ImportJob>, owner: number, upload: ParsedUpload,
  run: (onProgress: (p: Progress) => void) => Promise<CommitResult>,
  onUnexpected: (err: unknown) => void = () => undefined,
  background?: BackgroundWork,
): string {
  const job: ImportJob = { state: 'running', phase: 'checking', done: 0, total: upload.rowCount, files: upload.files, result: null };
  const id = jobs.put(owner, job);
  const work = run((p) => Object.assign(job, p));
  background?.track(work);
  work.then(
    (result) => Object.assign(job, { state: result.ok ? 'done' : 'failed', result, done: job.total }),
    (err: unknown) => {
      onUnexpected(err);
      Object.assign(job, { state: 'failed', result: { ok: false, errors: [{ source: upload.files.join(', '), row: null, column: null, key: 'importer.error.unexpected' }] } });
    },
  );
  return id;
}

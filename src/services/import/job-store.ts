// In-memory stores for one server process: parsed uploads waiting for their commit, and commit jobs
// with their progress. Entries belong to a user and expire; expired ones are swept on use (no timer
// keeps the process alive). Each user has a bound of their own, so that one user's uploads only ever
// push out that user's oldest; the uploads also share a bound in bytes, which refuses a new entry
// rather than take room from somebody else's.
import crypto from 'node:crypto';
import type { ParsedUpload } from '../../domain/import-types';
import type { CommitResult, Progress } from './import.service';
import type { BackgroundWork } from '../background-work';

export interface ByteBudget<T> {
  /** All entries together. */
  maxBytes: number;
  /** One owner's entries together; beyond it their own oldest go, so that no one holds the whole budget. */
  ownerMaxBytes: number;
  sizeOf: (value: T) => number;
}

interface Entry<T> {
  owner: number;
  expires: number;
  bytes: number;
  value: T;
}

export class ExpiringStore<T> {
  private readonly items = new Map<string, Entry<T>>();
  private bytes = 0;

  constructor(
    private readonly ttlMs: number, private readonly maxPerOwner: number, private readonly now: () => number = Date.now,
    private readonly budget: ByteBudget<T> | null = null,
  ) {}

  /** Stores an entry, making room among the owner's own entries; null when the byte budget is full. */
  tryPut(owner: number, value: T): string | null {
    this.sweep();
    const size = this.budget?.sizeOf(value) ?? 0;
    const own = [...this.items].filter(([, e]) => e.owner === owner); // oldest first
    const ownBytes = own.reduce((n, [, e]) => n + e.bytes, 0);
    // the owner's oldest go (once the new entry is accepted) until it fits their count and their share
    let evict = 0;
    let freed = 0;
    const overOwn = () => own.length - evict >= this.maxPerOwner || (this.budget !== null && ownBytes - freed + size > this.budget.ownerMaxBytes);
    while (evict < own.length && overOwn()) freed += own[evict++]![1].bytes;
    if (this.budget && (size > this.budget.ownerMaxBytes || this.bytes - freed + size > this.budget.maxBytes)) return null;
    for (const [id] of own.slice(0, evict)) this.delete(id);
    const id = crypto.randomBytes(18).toString('base64url');
    this.items.set(id, { owner, expires: this.now() + this.ttlMs, bytes: size, value });
    this.bytes += size;
    return id;
  }

  /** For a store without a byte budget, where there is always room. */
  put(owner: number, value: T): string {
    const id = this.tryPut(owner, value);
    if (id === null) throw new Error('store full: use tryPut for a store with a byte budget');
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
    if (v !== undefined) this.delete(id);
    return v;
  }

  /** Bytes held, by the budget's estimate. */
  get heldBytes(): number {
    return this.bytes;
  }

  private delete(id: string): void {
    const e = this.items.get(id);
    if (!e) return;
    this.bytes -= e.bytes;
    this.items.delete(id);
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, e] of this.items) if (e.expires <= t) this.delete(id);
  }
}

/**
 * A rough, generous estimate of the heap a parsed value takes: two bytes a character, a pointer and
 * a header for each value and property. (A 50,000-row upload takes ~18 MB; this says ~27.)
 */
export function approximateBytes(value: unknown): number {
  if (typeof value === 'string') return 16 + 2 * value.length;
  if (value === null || typeof value !== 'object') return 8;
  let n = 32;
  if (Array.isArray(value)) for (const v of value) n += 8 + approximateBytes(v);
  else for (const v of Object.values(value)) n += 16 + approximateBytes(v);
  return n;
}

export interface ImportJob {
  state: 'running' | 'done' | 'failed';
  phase: Progress['phase'];
  done: number;
  total: number;
  files: string[];
  result: CommitResult | null;
}

/** Previews wait 30 minutes for their commit, ten a user, within `maxBytes` in all and a quarter of it each. */
export const uploadStore = (maxBytes: number) =>
  new ExpiringStore<ParsedUpload>(30 * 60_000, 10, Date.now, { maxBytes, ownerMaxBytes: maxBytes / 4, sizeOf: approximateBytes });
/** A job holds the counts or the problems of one commit; a number per user bounds them. */
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

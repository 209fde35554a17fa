import type { Db } from '../db/create-db';
import type { IsoDate } from '../domain/types';
import { getDataVersion } from '../repositories/version.repository';
import { loadFigures, type FiguresView } from './figures.service';

/** Reads the model and computes every figure as of a date: in this thread, or in a worker. */
export type ComputeFigures = (asOf: IsoDate) => Promise<FiguresView>;

export interface GetOptions {
  /** The data version the caller has seen (read again when absent). */
  version?: number;
  /**
   * Anonymous public reads: while the figures of a newer version are being computed, answer with
   * the last computed ones (for the same date) instead of waiting. The newer ones replace them as
   * soon as they are ready; a signed-in reader always waits for them, so staff see their own writes.
   */
  stale?: boolean;
}

interface Pending { asOf: IsoDate; atLeast: number; value: Promise<FiguresView> }

/**
 * Computed figures, kept until the data version or the date changes. Every request asks the
 * database for the version (one indexed row), so a write committed by any process is seen by the
 * next read. One computation runs at a time; readers that need the same or an older version share it.
 */
export class FiguresCache {
  private ready: { asOf: IsoDate; version: number; value: FiguresView } | null = null;
  private pending: Pending | null = null;
  private queued: Pending | null = null;
  /** The last computation failed: stop answering from older figures, so the fault shows instead of hiding. */
  private failed = false;

  /**
   * `serveStale`: answer `stale` readers from the last computed figures while newer ones are
   * computed. Worth it only when the computation runs elsewhere (a worker thread), so the server
   * turns it on together with the worker; otherwise every reader waits for the latest figures.
   */
  constructor(
    private readonly db: Db,
    private readonly compute: ComputeFigures = (asOf) => loadFigures(db, asOf),
    private readonly serveStale = false,
  ) {}

  async version(): Promise<number> {
    return getDataVersion(this.db);
  }

  /** The version an anonymous reader would be answered from now (see GetOptions.stale): the page cache's key. */
  async servedVersion(asOf: IsoDate): Promise<number> {
    const v = await this.version();
    const r = this.ready;
    if (this.serveStale && !this.failed && r && r.asOf === asOf && r.version < v) {
      this.startComputing(asOf, v);
      return r.version;
    }
    return v;
  }

  async get(asOf: IsoDate, opts: GetOptions = {}): Promise<FiguresView> {
    const v = opts.version ?? (await this.version());
    const r = this.ready;
    if (r && r.asOf === asOf && r.version >= v) return r.value;
    const fresh = this.startComputing(asOf, v);
    if (opts.stale && this.serveStale && !this.failed && r && r.asOf === asOf) return r.value;
    return fresh;
  }

  /**
   * Joins a computation that will show version ≥ v: the running one if it started late enough, or the
   * one queued behind it (which has not read anything yet, so it will show the latest version whoever
   * asked for it). At most one runs and one waits, however many writes and readers come meanwhile.
   */
  private startComputing(asOf: IsoDate, v: number): Promise<FiguresView> {
    const q = this.queued;
    if (q && q.asOf === asOf) {
      q.atLeast = Math.max(q.atLeast, v); // seen before it starts, so it will show at least this
      return q.value;
    }
    const p = this.pending;
    if (p && p.asOf === asOf && p.atLeast >= v) return p.value;
    const entry: Pending = { asOf, atLeast: v, value: Promise.resolve() as unknown as Promise<FiguresView> };
    const start = () => {
      if (this.queued === entry) this.queued = null;
      this.pending = entry;
      // It reads the version inside its own transaction, so it shows at least every version asked for before now.
      return this.compute(asOf);
    };
    entry.value = p ? p.value.catch(() => undefined).then(start) : start();
    if (p) this.queued = entry;
    entry.value.then(
      (view) => {
        const version = view.version ?? v;
        if (!this.ready || this.ready.asOf !== asOf || this.ready.version <= version) this.ready = { asOf, version, value: view };
        this.failed = false;
        if (this.pending === entry) this.pending = null;
      },
      () => {
        this.failed = true;
        if (this.pending === entry) this.pending = null;
      },
    );
    return entry.value;
  }
}

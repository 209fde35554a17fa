import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { FiguresChunk, FiguresRequest } from './figures-worker';
import type { FiguresView } from './figures.service';

const WORKER_FILE = path.join(__dirname, 'figures-worker.js');

interface Assembly {
  resolve: (v: FiguresView) => void;
  reject: (e: Error) => void;
  view: (Partial<FiguresView> & Pick<FiguresView, 'snapshot' | 'figures'>) | null;
}

/**
 * Computes figures in one worker thread, one request at a time, in order. The worker is started on
 * first use and again after it dies. Only available in the built server (the worker is a .js file).
 */
export class FiguresWorker {
  static available(): boolean {
    return fs.existsSync(WORKER_FILE);
  }

  private worker: Worker | null = null;
  private closed = false;
  /** The jobs sent to each worker: a worker that dies fails its own jobs, not those of the next. */
  private readonly jobsOf = new Map<Worker, Set<number>>();
  private nextId = 1;
  private readonly waiting = new Map<number, Assembly>();

  constructor(private readonly databaseUrl: string, private readonly logger?: Logger) {}

  compute(asOf: string): Promise<FiguresView> {
    if (this.closed) return Promise.reject(new Error('figures worker closed'));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<FiguresView>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject, view: null });
      this.jobsOf.get(worker)?.add(id);
      worker.postMessage({ id, asOf } satisfies FiguresRequest);
    });
  }

  /** One chunk of a result (see figures-worker.ts); the next is asked for after pending I/O has run. */
  private receive(worker: Worker, chunk: FiguresChunk): void {
    const a = this.waiting.get(chunk.id);
    if (chunk.kind !== 'error') setImmediate(() => worker.postMessage({ ack: chunk.id } satisfies FiguresRequest));
    if (!a) return;
    switch (chunk.kind) {
      case 'start': {
        const snapshot = Object.fromEntries(chunk.arrays.map((k) => [k, []]));
        const figures = { ...chunk.figuresMeta, ...Object.fromEntries(chunk.maps.map((k) => [k, new Map()])) };
        a.view = { ...chunk.meta, snapshot, figures } as unknown as Assembly['view'];
        return;
      }
      case 'rows': {
        const rows = (a.view!.snapshot as unknown as Record<string, unknown[]>)[chunk.key]!;
        for (const r of chunk.rows) rows.push(r);
        return;
      }
      case 'entries': {
        const map = (a.view!.figures as unknown as Record<string, Map<unknown, unknown>>)[chunk.key]!;
        for (const [k, v] of chunk.entries) map.set(k, v);
        return;
      }
      case 'done':
        this.waiting.delete(chunk.id);
        this.jobsOf.get(worker)?.delete(chunk.id);
        a.resolve(a.view as FiguresView);
        return;
      case 'error':
        this.waiting.delete(chunk.id);
        this.jobsOf.get(worker)?.delete(chunk.id);
        a.reject(new Error(chunk.error));
    }
  }

  /** Lets the worker close its database connection, then ends it. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    worker.ref(); // keep the process alive until the worker has closed its connection
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ close: true } satisfies FiguresRequest);
    const timer = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE, { workerData: { databaseUrl: this.databaseUrl } });
    worker.on('message', (chunk: FiguresChunk) => this.receive(worker, chunk));
    this.jobsOf.set(worker, new Set());
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const id of this.jobsOf.get(worker) ?? []) {
        this.waiting.get(id)?.reject(err);
        this.waiting.delete(id);
      }
      this.jobsOf.delete(worker);
    };
    worker.on('error', (err) => {
      this.logger?.error({ err }, 'figures worker failed');
      fail(err);
    });
    worker.on('exit', (code) => fail(new Error(`figures worker exited (${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

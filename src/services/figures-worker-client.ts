import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { FiguresReply, FiguresRequest } from './figures-worker';
import type { FiguresView } from './figures.service';

const WORKER_FILE = path.join(__dirname, 'figures-worker.js');

/**
 * Computes figures in one worker thread, one request at a time, in order. The worker is started on
 * first use and again after it dies. Only available in the built server (the worker is a .js file).
 */
export class FiguresWorker {
  static available(): boolean {
    return fs.existsSync(WORKER_FILE);
  }

  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: FiguresView) => void; reject: (e: Error) => void }>();

  constructor(private readonly databaseUrl: string, private readonly logger?: Logger) {}

  compute(asOf: string): Promise<FiguresView> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<FiguresView>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, asOf } satisfies FiguresRequest);
    });
  }

  /** Lets the worker close its database connection, then ends it. */
  async close(): Promise<void> {
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
    worker.on('message', (reply: FiguresReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if ('error' in reply) w.reject(new Error(reply.error));
      else w.resolve(reply.view as FiguresView);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
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

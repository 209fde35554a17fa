// Reads an upload in a worker thread with a capped heap. Parsing a big spreadsheet takes seconds of
// CPU, and on the main thread every request (health checks included) waited for it; a hostile file
// could also grow the whole process until the system killed it. A new worker per upload gives all
// its memory back when it ends. Only a few run at once, and only a few more may wait.
import fs from 'node:fs';
import path from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { ImportError } from '../../domain/import-types';
import { MAX_PARALLEL_READS, MAX_WAITING_READS, READ_TIMEOUT_MS } from './limits';
import { readUpload, sourceNames, type ReadResult, type UploadFile } from './read-upload';

type Outcome = { ok: ReadResult } | { error: string };

const WORKER_FILE = path.join(__dirname, 'read-worker.js');

if (parentPort && (workerData as { uploadFiles?: unknown } | null)?.uploadFiles) {
  const port = parentPort;
  // Buffers arrive as plain Uint8Arrays; the readers use Buffer's methods.
  const files = (workerData as { uploadFiles: { name: string; bytes: Uint8Array }[] }).uploadFiles
    .map((f) => ({ name: f.name, bytes: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength) }));
  readUpload(files).then(
    (ok) => port.postMessage({ ok } satisfies Outcome),
    (err: unknown) => port.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies Outcome),
  );
}

export interface ReaderOptions {
  /** Old-generation heap of each worker, MB; a file that needs more is refused. */
  heapMb: number;
  parallel?: number;
  waiting?: number;
  timeoutMs?: number;
  /** The built worker; without it (tests run the TypeScript sources) uploads are read in this thread. */
  workerFile?: string;
  /** A read that ended in a refusal of the reader's own (out of memory, too slow, a fault): for the log. */
  onFailure?: (err: Error, key: string) => void;
}

/** Why a worker ended without an answer: the file needed more than a reader may take, or a fault. */
class ReaderFailed extends Error {
  constructor(readonly key: string, message: string) {
    super(message);
  }
}

export class UploadReader {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  private readonly workerFile: string | null;

  constructor(private readonly opts: ReaderOptions) {
    const file = opts.workerFile ?? WORKER_FILE;
    this.workerFile = fs.existsSync(file) ? file : null;
  }

  async read(files: readonly UploadFile[]): Promise<ReadResult> {
    const refusal = (key: string): ReadResult => ({
      upload: null, notes: [], errors: [{ source: sourceNames(files).join(', '), row: null, column: null, key } satisfies ImportError],
    });
    if (!(await this.slot())) return refusal('importer.error.busy');
    try {
      return await (this.workerFile ? this.inWorker(this.workerFile, files) : readUpload(files));
    } catch (err) {
      const key = err instanceof ReaderFailed ? err.key : 'importer.error.unexpected';
      this.opts.onFailure?.(err as Error, key);
      return refusal(key);
    } finally {
      this.release();
    }
  }

  /** A place among those reading, or in the queue for one; false when the queue is full too. */
  private async slot(): Promise<boolean> {
    if (this.running < (this.opts.parallel ?? MAX_PARALLEL_READS)) {
      this.running++;
      return true;
    }
    if (this.queue.length >= (this.opts.waiting ?? MAX_WAITING_READS)) return false;
    await new Promise<void>((resolve) => this.queue.push(resolve));
    return true; // the place is handed over by release(), so `running` stays as it is
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running--;
  }

  private inWorker(file: string, files: readonly UploadFile[]): Promise<ReadResult> {
    const worker = new Worker(file, {
      workerData: { uploadFiles: files.map((f) => ({ name: f.name, bytes: f.bytes })) },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb },
    });
    return new Promise<ReadResult>((resolve, reject) => {
      const tooMuch = (what: string) => new ReaderFailed('importer.error.too_complex', `upload reader ${what}`);
      const timer = setTimeout(() => {
        reject(tooMuch(`took longer than ${this.opts.timeoutMs ?? READ_TIMEOUT_MS} ms`));
        void worker.terminate();
      }, this.opts.timeoutMs ?? READ_TIMEOUT_MS);
      worker.once('message', (o: Outcome) => {
        clearTimeout(timer);
        void worker.terminate(); // its heap goes back now, not when the collector gets to it
        if ('ok' in o) resolve(o.ok);
        else reject(new ReaderFailed('importer.error.unexpected', o.error));
      });
      worker.once('error', (err: Error & { code?: string }) => {
        clearTimeout(timer);
        reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooMuch('ran out of memory') : new ReaderFailed('importer.error.unexpected', err.message));
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new ReaderFailed('importer.error.unexpected', `upload reader exited (${code})`));
      });
    });
  }
}

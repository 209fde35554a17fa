// Runs in a worker thread (see FiguresWorker): reads the model on its own connection and computes
// every figure, so that the server's main thread keeps answering while a new data version is
// computed (several seconds at city scale). The result goes back in chunks, each sent once the main
// thread has taken the previous one: copying it in one message would stop the main thread for as
// long as the copy takes (seconds at city scale), chunks let it answer requests in between.
import { parentPort, workerData } from 'node:worker_threads';
import { createDb, createReadDb } from '../db/create-db';
import { loadFigures, type FiguresView } from './figures.service';

const ROWS_PER_CHUNK = 5_000;

export type FiguresRequest = { id: number; asOf: string } | { ack: number } | { close: true };
export type FiguresChunk =
  | { id: number; kind: 'start'; meta: Record<string, unknown>; figuresMeta: Record<string, unknown>; arrays: string[]; maps: string[] }
  | { id: number; kind: 'rows'; key: string; rows: unknown[] }
  | { id: number; kind: 'entries'; key: string; entries: [unknown, unknown][] }
  | { id: number; kind: 'done' }
  | { id: number; kind: 'error'; error: string };

function* chunksOf(id: number, view: FiguresView): Generator<FiguresChunk> {
  const { snapshot, figures, ...meta } = view;
  const figuresMeta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(figures)) if (!(v instanceof Map)) figuresMeta[k] = v;
  const maps = Object.keys(figures).filter((k) => (figures as unknown as Record<string, unknown>)[k] instanceof Map);
  yield { id, kind: 'start', meta, figuresMeta, arrays: Object.keys(snapshot), maps };
  for (const [key, rows] of Object.entries(snapshot) as [string, unknown[]][]) {
    for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) yield { id, kind: 'rows', key, rows: rows.slice(i, i + ROWS_PER_CHUNK) };
  }
  for (const [key, map] of Object.entries(figures)) {
    if (!(map instanceof Map)) continue;
    // figure entries carry history points: fewer per message
    const entries = [...(map as Map<unknown, unknown>).entries()];
    for (let i = 0; i < entries.length; i += ROWS_PER_CHUNK / 10) yield { id, kind: 'entries', key, entries: entries.slice(i, i + ROWS_PER_CHUNK / 10) };
  }
  yield { id, kind: 'done' };
}

if (parentPort) {
  const port = parentPort;
  const url = (workerData as { databaseUrl: string }).databaseUrl;
  const db = createReadDb(url) ?? createDb(url);
  const jobs: { id: number; asOf: string }[] = [];
  let acked: (() => void) | null = null;
  let running = false;

  const send = (chunk: FiguresChunk) =>
    new Promise<void>((resolve) => {
      acked = resolve;
      port.postMessage(chunk);
    });

  const runJobs = async () => {
    if (running) return;
    running = true;
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      let view: FiguresView;
      try {
        view = await loadFigures(db, job.asOf);
      } catch (err) {
        port.postMessage({ id: job.id, kind: 'error', error: err instanceof Error ? err.message : String(err) } satisfies FiguresChunk);
        continue;
      }
      for (const chunk of chunksOf(job.id, view)) await send(chunk);
    }
    running = false;
  };

  port.on('message', (msg: FiguresRequest) => {
    if ('ack' in msg) {
      const resolve = acked;
      acked = null;
      resolve?.();
    } else if ('close' in msg) {
      void db.destroy().finally(() => port.close());
    } else {
      jobs.push(msg);
      void runJobs();
    }
  });
}

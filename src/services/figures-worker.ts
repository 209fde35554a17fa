// Runs in a worker thread (see FiguresWorker): reads the model on its own connection and computes
// every figure, so that the server's main thread keeps answering while a new data version is
// computed (several seconds at city scale).
import { parentPort, workerData } from 'node:worker_threads';
import { createDb, createReadDb } from '../db/create-db';
import { loadFigures } from './figures.service';

export type FiguresRequest = { id: number; asOf: string } | { close: true };
export type FiguresReply = { id: number; view: unknown } | { id: number; error: string };

if (parentPort) {
  const port = parentPort;
  const url = (workerData as { databaseUrl: string }).databaseUrl;
  const db = createReadDb(url) ?? createDb(url);
  port.on('message', (msg: FiguresRequest) => {
    if ('close' in msg) {
      void db.destroy().finally(() => port.close());
      return;
    }
    loadFigures(db, msg.asOf).then(
      (view) => port.postMessage({ id: msg.id, view } satisfies FiguresReply),
      (err: unknown) => port.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) } satisfies FiguresReply),
    );
  });
}

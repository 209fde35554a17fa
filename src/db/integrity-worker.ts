// The background quick_check of a big database file (integrity.ts): reports the time it took, or
// the message of the damage it found, to the server, which stops on the latter.
import { parentPort, workerData } from 'node:worker_threads';
import { DamagedDatabaseError, quickCheckAtStart } from './integrity';

try {
  parentPort!.postMessage({ ms: quickCheckAtStart(workerData as string) });
} catch (err) {
  if (!(err instanceof DamagedDatabaseError)) throw err;
  parentPort!.postMessage({ damaged: err.message });
}

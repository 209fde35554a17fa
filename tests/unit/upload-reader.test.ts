// How many uploads are read at once, and what happens to the rest. Jest runs the TypeScript sources,
// where there is no built worker file, so the reads run in this thread (the built server's worker is
// tested in tests/integration/import-hostile-uploads.test.ts).
import { UploadReader } from '../../src/services/import/read-worker';

const file = (name: string) => ({ name, bytes: Buffer.from('village,project\n王村,王村安置房\n') });

test('beyond the reads at once and the queue, an upload is refused as busy; later ones are read again', async () => {
  const reader = new UploadReader({ heapMb: 256, parallel: 1, waiting: 1 });
  const [a, b, c] = await Promise.all([reader.read([file('a.csv')]), reader.read([file('b.csv')]), reader.read([file('c.csv')])]);
  expect(a.errors).toEqual([]);
  expect(b.errors).toEqual([]);
  expect(c).toEqual({ upload: null, notes: [], errors: [{ source: 'c.csv', row: null, column: null, key: 'importer.error.busy' }] });
  expect((await reader.read([file('d.csv')])).upload?.rowCount).toBe(1);
});

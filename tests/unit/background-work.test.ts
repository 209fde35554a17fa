// What a graceful stop waits for: import commits still running after their request was answered.
import { BackgroundWork } from '../../src/services/background-work';
import { jobStore, startJob } from '../../src/services/import/job-store';

const later = <T>(ms: number, v: T) => new Promise<T>((r) => setTimeout(() => r(v), ms));

test('drain waits for running work, including work started while it waits', async () => {
  const bg = new BackgroundWork();
  const done: string[] = [];
  bg.track(later(30, 'a').then((v) => done.push(v)));
  setTimeout(() => bg.track(later(30, 'b').then((v) => done.push(v))), 10);
  expect(await bg.drain(1_000)).toBe(0);
  expect(done.sort()).toEqual(['a', 'b']);
  expect(bg.size).toBe(0);
});

test('drain gives up at the deadline and says how much is still running; failed work counts as finished', async () => {
  jest.useFakeTimers(); // the clock is ours: the deadline is checked, not the machine's speed
  try {
    const bg = new BackgroundWork();
    bg.track(new Promise(() => undefined)); // never ends
    bg.track(Promise.reject(new Error('rolled back'))).catch(() => undefined);
    let left: number | undefined;
    const drained = bg.drain(50).then((n) => { left = n; });
    await jest.advanceTimersByTimeAsync(49);
    expect(left).toBeUndefined(); // still waiting 1 ms before the deadline
    await jest.advanceTimersByTimeAsync(1);
    await drained;
    expect(left).toBe(1);
  } finally {
    jest.useRealTimers();
  }
});

test('an import commit started as a job is tracked until it ends', async () => {
  const bg = new BackgroundWork();
  let finish!: () => void;
  const upload = { rowCount: 1, files: ['b.csv'] } as Parameters<typeof startJob>[2];
  startJob(jobStore(), 1, upload, () => new Promise((r) => { finish = () => r({ ok: true } as never); }), undefined, bg);
  expect(bg.size).toBe(1);
  finish();
  expect(await bg.drain(1_000)).toBe(0);
});

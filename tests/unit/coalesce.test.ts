import { coalesce } from '../../src/services/coalesce';

/** A run that the test finishes by hand: `runs` lists them in the order they began. */
function controlledRuns() {
  const runs: { key: string; n: number; finish: (v: string) => void; fail: (e: Error) => void }[] = [];
  let n = 0;
  const run = (key: string) => new Promise<string>((resolve, reject) => {
    n += 1;
    const id = n;
    runs.push({ key, n: id, finish: (v) => resolve(`${v}#${id}`), fail: reject });
  });
  return { runs, run };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('coalesce: one run at a time, no caller answered by a run that began before it arrived', () => {
  test('a caller alone starts a run and gets its answer', async () => {
    const { runs, run } = controlledRuns();
    const read = coalesce(run);
    const a = read('k');
    await tick();
    expect(runs).toHaveLength(1);
    runs[0]!.finish('v');
    await expect(a).resolves.toBe('v#1');
  });

  test('callers arriving during a run share the next run, which begins only after the first ends', async () => {
    const { runs, run } = controlledRuns();
    const read = coalesce(run);
    const first = read('k');
    await tick();
    const later = [read('k'), read('k'), read('k')];
    await tick();
    expect(runs).toHaveLength(1); // never two at once
    runs[0]!.finish('old');
    await expect(first).resolves.toBe('old#1');
    await tick();
    expect(runs).toHaveLength(2); // one run for the three who waited
    runs[1]!.finish('new');
    await expect(Promise.all(later)).resolves.toEqual(['new#2', 'new#2', 'new#2']);
  });

  test('a caller who arrived during a run is never given that run\'s answer', async () => {
    const { runs, run } = controlledRuns();
    const read = coalesce(run);
    void read('k');
    await tick();
    let answer: string | undefined;
    void read('k').then((v) => { answer = v; });
    runs[0]!.finish('before-the-commit');
    await tick();
    expect(answer).toBeUndefined();
    runs[1]!.finish('after');
    await tick();
    expect(answer).toBe('after#2');
  });

  test('different keys run side by side', async () => {
    const { runs, run } = controlledRuns();
    const read = coalesce(run);
    const a = read('2024-01-01');
    const b = read('2025-01-01');
    await tick();
    expect(runs.map((r) => r.key)).toEqual(['2024-01-01', '2025-01-01']);
    runs[1]!.finish('b');
    runs[0]!.finish('a');
    await expect(Promise.all([a, b])).resolves.toEqual(['a#1', 'b#2']);
  });

  test('a failed run fails its own callers only; the waiting ones get a run of their own', async () => {
    const { runs, run } = controlledRuns();
    const read = coalesce(run);
    const first = read('k');
    await tick();
    const waiting = read('k');
    runs[0]!.fail(new Error('disk'));
    await expect(first).rejects.toThrow('disk');
    await tick();
    runs[1]!.finish('ok');
    await expect(waiting).resolves.toBe('ok#2');
    // and after everything has settled, a new caller starts afresh
    const again = read('k');
    await tick();
    runs[2]!.finish('fresh');
    await expect(again).resolves.toBe('fresh#3');
  });

  test('a run that throws synchronously is a failed run, not a stuck key', async () => {
    let calls = 0;
    const read = coalesce((_k: string): Promise<number> => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      return Promise.resolve(calls);
    });
    await expect(read('k')).rejects.toThrow('boom');
    await expect(read('k')).resolves.toBe(2);
  });
});

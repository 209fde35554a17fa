// One run at a time of an expensive read, shared by the callers who wait for it. A caller that
// arrives while a run is under way does not join it (it may have begun before a commit the caller
// can see): it waits for the next run, which begins after it arrived, together with everyone else
// who arrived meanwhile. So no caller is ever answered from before its arrival, at most one run is
// under way and one waiting per key, and a flood of readers during a stream of writes costs one
// run after another instead of one run per reader, each holding its own copy in memory.

interface Slot<T> {
  running: boolean;
  /** The callers who arrived while the current run was under way: they share the next one. */
  next: { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } | null;
}

export function coalesce<K, T>(run: (key: K) => Promise<T>): (key: K) => Promise<T> {
  const slots = new Map<K, Slot<T>>();
  const start = (key: K, slot: Slot<T>): Promise<T> => {
    slot.running = true;
    const p = Promise.resolve().then(() => run(key));
    const after = () => {
      const waiting = slot.next;
      slot.next = null;
      if (!waiting) {
        slot.running = false;
        slots.delete(key);
        return;
      }
      start(key, slot).then(waiting.resolve, waiting.reject);
    };
    p.then(after, after);
    return p;
  };
  return (key: K) => {
    let slot = slots.get(key);
    if (!slot) {
      slot = { running: false, next: null };
      slots.set(key, slot);
    }
    if (!slot.running) return start(key, slot);
    if (!slot.next) {
      let resolve!: (v: T) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
      slot.next = { promise, resolve, reject };
    }
    return slot.next.promise;
  };
}

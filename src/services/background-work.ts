/**
 * Work that goes on after its request has been answered (an import's commit). A graceful stop waits
 * for it, so that closing the database does not cut a commit off in the middle.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /** Waits until nothing is running (work started meanwhile included), or `timeoutMs`; returns how many are still running. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.running]),
        new Promise((r) => { timer = setTimeout(r, deadline - Date.now()); }),
      ]);
      clearTimeout(timer);
    }
    return this.running.size;
  }
}

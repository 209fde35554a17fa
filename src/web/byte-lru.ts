/**
 * A map bounded by the bytes of what it holds: the least recently used entries go first. An entry
 * larger than a quarter of the bound is not kept at all (it would push out everything else).
 */
export class ByteLru<V> {
  private readonly items = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.items.size;
  }

  get(key: string): V | undefined {
    const e = this.items.get(key);
    if (!e) return undefined;
    this.items.delete(key);
    this.items.set(key, e); // most recently used last
    return e.value;
  }

  /** `bytes` counts the key too: a long key costs memory like a long value. */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    const cost = bytes + Buffer.byteLength(key);
    if (cost > this.maxBytes / 4) return;
    this.items.set(key, { value, bytes: cost });
    this.total += cost;
    for (const [k, e] of this.items) {
      if (this.total <= this.maxBytes) break;
      this.items.delete(k);
      this.total -= e.bytes;
    }
  }

  delete(key: string): void {
    const e = this.items.get(key);
    if (!e) return;
    this.items.delete(key);
    this.total -= e.bytes;
  }

  clear(): void {
    this.items.clear();
    this.total = 0;
  }
}

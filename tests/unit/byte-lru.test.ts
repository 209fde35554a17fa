import { ByteLru } from '../../src/web/byte-lru';

const keyBytes = (k: string) => Buffer.byteLength(k);

test('holds entries up to its bound in bytes (keys included), evicting the least recently used first', () => {
  const lru = new ByteLru<string>(400);
  lru.set('a', 'A', 90); // 91 with its key
  lru.set('b', 'B', 90);
  lru.set('c', 'C', 90);
  expect(lru.bytes).toBe(3 * 91);
  expect(lru.get('a')).toBe('A'); // a is now the most recently used: b is the oldest
  lru.set('d', 'D', 90); // 364 bytes: still within 400
  expect(lru.size).toBe(4);
  lru.set('e', 'E', 90); // 455 > 400: b goes, then the total is 364
  expect(lru.get('b')).toBeUndefined();
  expect(['a', 'c', 'd', 'e'].map((k) => lru.get(k))).toEqual(['A', 'C', 'D', 'E']);
  expect(lru.bytes).toBe(4 * 91);
});

test('an entry over a quarter of the bound is not kept, and pushes nothing out', () => {
  const lru = new ByteLru<string>(400);
  lru.set('a', 'A', 50);
  lru.set('huge', 'H', 100 - keyBytes('huge') + 1); // 101 bytes > 400 / 4
  expect(lru.get('huge')).toBeUndefined();
  expect(lru.get('a')).toBe('A');
  expect(lru.bytes).toBe(51);
});

test('replacing a key counts its bytes once; delete and clear give the bytes back', () => {
  const lru = new ByteLru<string>(1000);
  lru.set('k', 'one', 10);
  lru.set('k', 'two', 20);
  expect(lru.bytes).toBe(21);
  expect(lru.get('k')).toBe('two');
  lru.delete('k');
  expect(lru.bytes).toBe(0);
  lru.set('x', 'X', 5);
  lru.clear();
  expect([lru.size, lru.bytes]).toEqual([0, 0]);
});

test('thousands of distinct keys never take it past its bound', () => {
  const lru = new ByteLru<number>(10_000);
  for (let i = 0; i < 5000; i++) {
    lru.set(`/?cb=${i}`, i, 200 + (i % 300));
    expect(lru.bytes).toBeLessThanOrEqual(10_000);
  }
  expect(lru.get('/?cb=4999')).toBe(4999);
});

// The server-side stores behind preview → commit, and how a job reports its progress.
import path from 'node:path';
import ejs from 'ejs';
import { approximateBytes, ExpiringStore, startJob, type ImportJob } from '../../src/services/import/job-store';
import type { CommitResult, Progress } from '../../src/services/import/import.service';
import type { ParsedUpload } from '../../src/domain/import-types';
import { formatterFor } from '../../src/web/format';
import { loadAssets } from '../../src/web/assets';

const upload: ParsedUpload = { files: ['a.csv'], tables: {}, rowCount: 40 };

describe('ExpiringStore', () => {
  test('an entry belongs to its owner, is taken once, and expires', () => {
    let now = 1000;
    const store = new ExpiringStore<string>(60_000, 5, () => now);
    const id = store.put(1, 'rows');
    expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(store.get(id, 2)).toBeUndefined();
    expect(store.take(id, 2)).toBeUndefined();
    expect(store.get(id, 1)).toBe('rows');
    now += 60_000;
    expect(store.get(id, 1)).toBeUndefined();
    const again = store.put(1, 'rows');
    expect(store.take(again, 1)).toBe('rows');
    expect(store.take(again, 1)).toBeUndefined();
  });

  test('the oldest entry makes room when the store is full', () => {
    const store = new ExpiringStore<number>(60_000, 2);
    const a = store.put(1, 1);
    const b = store.put(1, 2);
    const c = store.put(1, 3);
    expect([store.get(a, 1), store.get(b, 1), store.get(c, 1)]).toEqual([undefined, 2, 3]);
  });
});

describe('ExpiringStore bounds: per user, and in bytes overall', () => {
  const A = 1;
  const B = 2;

  test("one user's entries push out only that user's oldest, never another's", () => {
    const store = new ExpiringStore<string>(60_000, 10);
    const a = store.put(A, 'a');
    const bs = Array.from({ length: 11 }, (_v, i) => store.put(B, `b${i}`));
    expect(store.get(a, A)).toBe('a');
    expect(store.get(bs[0]!, B)).toBeUndefined();
    expect(bs.slice(1).map((id) => store.get(id, B))).toEqual(Array.from({ length: 10 }, (_v, i) => `b${i + 1}`));
    expect(store.take(a, A)).toBe('a');
  });

  test('when the byte budget is full a new entry is refused and nobody else\'s is evicted; room comes back as entries are taken or expire', () => {
    let now = 0;
    const store = new ExpiringStore<number>(60_000, 10, () => now, { maxBytes: 100, ownerMaxBytes: 40, sizeOf: (n) => n });
    const held = [1, 2, 3].map((owner) => ({ owner, id: store.tryPut(owner, 30)! }));
    now = 30_000;
    const late = store.tryPut(4, 10)!;
    expect(store.heldBytes).toBe(100);
    expect(store.tryPut(5, 1)).toBeNull();
    expect(store.tryPut(4, 10)).toBeNull(); // within its own share, but not within the budget
    for (const h of held) expect(store.get(h.id, h.owner)).toBe(30);
    expect(store.get(late, 4)).toBe(10);
    expect(store.heldBytes).toBe(100);

    expect(store.take(held[0]!.id, 1)).toBe(30);
    expect(store.tryPut(5, 11)).not.toBeNull();
    now = 60_000; // the other two of the first three expire
    expect(store.tryPut(6, 40)).not.toBeNull();
    expect(store.get(held[1]!.id, 2)).toBeUndefined();
    expect(store.get(late, 4)).toBe(10);
    expect(store.heldBytes).toBe(10 + 11 + 40);
  });

  test("beyond a user's share their own oldest go; an entry bigger than a share is refused", () => {
    const store = new ExpiringStore<number>(60_000, 10, Date.now, { maxBytes: 100, ownerMaxBytes: 40, sizeOf: (n) => n });
    const other = store.tryPut(B, 30)!;
    const first = store.tryPut(A, 25)!;
    const second = store.tryPut(A, 25)!;
    expect([store.get(first, A), store.get(second, A), store.get(other, B)]).toEqual([undefined, 25, 30]);
    expect(store.tryPut(A, 41)).toBeNull();
    expect(store.get(second, A)).toBe(25);
  });

  test('the estimate of a parsed upload grows with its rows and text', () => {
    const rows = (n: number, text: string) => ({ files: ['a.csv'], rowCount: n, tables: { projects: { table: 'projects', source: 'a.csv', headers: {}, rows: Array.from({ length: n }, (_v, row) => ({ row, village: text, project: text })) } } });
    expect(approximateBytes(rows(2000, '王村'))).toBeGreaterThan(10 * approximateBytes(rows(100, '王村')));
    expect(approximateBytes(rows(100, 'x'.repeat(1000)))).toBeGreaterThan(100 * 2 * 2 * 1000);
  });
});

describe('startJob', () => {
  test('running with progress, then done with the outcome', async () => {
    const jobs = new ExpiringStore<ImportJob>(60_000, 5);
    let report!: (p: Progress) => void;
    let finish!: (r: CommitResult) => void;
    const id = startJob(jobs, 7, upload, (onProgress) => { report = onProgress; return new Promise((resolve) => { finish = resolve; }); });
    expect(jobs.get(id, 7)).toMatchObject({ state: 'running', phase: 'checking', done: 0, total: 40 });
    report({ phase: 'writing', done: 12, total: 30 });
    expect(jobs.get(id, 7)).toMatchObject({ state: 'running', phase: 'writing', done: 12, total: 30 });
    finish({ ok: true, summary: {} as never });
    await new Promise((r) => setImmediate(r));
    expect(jobs.get(id, 7)).toMatchObject({ state: 'done', done: 30, total: 30 });
    expect(jobs.get(id, 8)).toBeUndefined();
  });

  test('an unexpected error fails the job with a plain message and is reported to the log', async () => {
    const jobs = new ExpiringStore<ImportJob>(60_000, 5);
    const seen: unknown[] = [];
    const id = startJob(jobs, 7, upload, () => Promise.reject(new Error('disk full')), (err) => seen.push(err));
    await new Promise((r) => setImmediate(r));
    expect(jobs.get(id, 7)).toMatchObject({ state: 'failed', result: { ok: false, errors: [{ key: 'importer.error.unexpected' }] } });
    expect(seen).toEqual([new Error('disk full')]);
  });
});

test('a running job page has a progress bar, a plain refresh link, the polling script file and no meta refresh', async () => {
  const job: ImportJob = { state: 'running', phase: 'writing', done: 12, total: 30, files: ['a.csv'], result: null };
  const html = await ejs.renderFile(path.join(__dirname, '../../views/pages/admin/import-status.ejs'), {
    title: 'x', job, tables: [], statusUrl: '/admin/import/status/abc', errors: null, summary: null,
    t: (k: string) => k, fmt: formatterFor('zh'), csrf: () => 'token', htmlLang: 'zh-CN', lang: 'zh', asOf: '2026-11-26',
    langHref: () => '/', locals: {}, asset: loadAssets().url,
  });
  expect(html).toMatch(/<progress id="import-bar" max="30" value="12">/);
  expect(html).toContain('data-status-url="/admin/import/status/abc?format=json"');
  expect(html).toMatch(/<a href="\/admin\/import\/status\/abc" id="import-refresh">importer\.status\.refresh<\/a>/);
  expect(html).toMatch(/<script src="\/assets\/js\/import-progress\.[0-9a-f]{8}\.js" defer><\/script>/);
  expect(html).not.toMatch(/http-equiv/i);
  expect(html).not.toMatch(/<script>(?!<\/script>)/);
});

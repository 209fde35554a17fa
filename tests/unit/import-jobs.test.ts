// The server-side stores behind preview → commit, and how a job reports its progress.
import path from 'node:path';
import ejs from 'ejs';
import { ExpiringStore, startJob, type ImportJob } from '../../src/services/import/job-store';
import type { CommitResult, Progress } from '../../src/services/import/import.service';
import type { ParsedUpload } from '../../src/domain/import-types';
import { formatterFor } from '../../src/web/format';

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
    langHref: () => '/', locals: {},
  });
  expect(html).toMatch(/<progress id="import-bar" max="30" value="12">/);
  expect(html).toContain('data-status-url="/admin/import/status/abc?format=json"');
  expect(html).toMatch(/<a href="\/admin\/import\/status\/abc" id="import-refresh">importer\.status\.refresh<\/a>/);
  expect(html).toMatch(/<script src="\/assets\/js\/import-progress\.js" defer><\/script>/);
  expect(html).not.toMatch(/http-equiv/i);
  expect(html).not.toMatch(/<script>(?!<\/script>)/);
});

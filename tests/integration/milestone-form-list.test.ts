// The milestone form's list of batches: grouped by district and village, demonstration data after the
// real data and marked as such, and a search that is a plain GET form (it works without JavaScript).
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { signedInAgent, type SignedIn } from '../helpers/sign-in';
import { addBatch, addDistrict, addProject, addVillage } from '../helpers/fixtures';
import { decodeEntities } from '../helpers/html';

let ctx: StaffApp;
let zh: SignedIn;
let en: SignedIn;
let demoBatch: number;
beforeAll(async () => {
  ctx = await createStaffApp();
  zh = await signedInAgent(ctx.app, ctx.db, 'staff');
  en = await signedInAgent(ctx.app, ctx.db, 'staff', { lang: 'en' });
  const d = await addDistrict(ctx.db, { nameZh: '示范区', isDemo: true });
  const v = await addVillage(ctx.db, { districtId: d, nameZh: '演示村', isDemo: true });
  const p = await addProject(ctx.db, { villageId: v, nameZh: '演示安置房', isDemo: true });
  demoBatch = (await addBatch(ctx.db, { projectId: p, sequence: 1, nameZh: '演示一批', buildings: 1, stage: 'planned', stageDate: '2026-01-01' })).batchId;
});
afterAll(() => ctx.close());

/** The select of targets: each optgroup's label with the values of its options, in order. */
function groups(html: string): { label: string; values: string[] }[] {
  const select = /<select id="f-target"[\s\S]*?<\/select>/.exec(html)![0];
  return [...select.matchAll(/<optgroup label="([^"]*)">([\s\S]*?)<\/optgroup>/g)].map((m) => ({
    label: decodeEntities(m[1]!), values: [...m[2]!.matchAll(/<option value="([^"]+)"/g)].map((o) => o[1]!),
  }));
}
const optionText = (html: string, value: string) => decodeEntities(new RegExp(`<option value="${value}"[^>]*>([^<]*)</option>`).exec(html)![1]!);

test('batches are grouped by district and village, real ones first, demonstration data last and marked', async () => {
  const res = await zh.agent.get('/admin/milestones/new');
  expect(res.status).toBe(200);
  const g = groups(res.text);
  // the seed's two Zhao village batches, then the demonstration batch added above
  expect(g).toEqual([
    { label: '郑州高新技术产业开发区 · 赵村', values: ['batch:1', 'batch:2'] },
    { label: '示范区 · 演示村 （演示数据）', values: [`batch:${demoBatch}`] },
  ]);
  expect(optionText(res.text, `batch:${demoBatch}`)).toBe('演示安置房 · 演示一批 · 全部 1 栋 （演示数据）');
  const english = await en.agent.get('/admin/milestones/new');
  expect(optionText(english.text, `batch:${demoBatch}`)).toBe('演示安置房 · 演示一批 · its only building (demonstration data)');
  // English names where there are some (the seed names Zhao village's project and batches in English)
  expect(optionText(english.text, 'batch:1')).toBe('Zhao village resettlement housing · Batch 1 · all 8 buildings');
  expect(groups(english.text)[0]!.label).toBe('Zhengzhou High-tech Zone · Zhao village');
});

test('the search is a GET form that narrows the list and says what it found, in the reader\'s language', async () => {
  const page = await zh.agent.get('/admin/milestones/new');
  expect(page.text).toMatch(/<form method="get" action="" class="form-filter" role="search">/);
  const found = await zh.agent.get(`/admin/milestones/new?q=${encodeURIComponent('演示')}`);
  expect(groups(found.text).flatMap((x) => x.values)).toEqual([`batch:${demoBatch}`]);
  expect(decodeEntities(found.text)).toContain('名称含“演示”的批次有 1 个。');
  expect(found.text).toContain('href="/admin/milestones/new">显示全部</a>');
  const none = await en.agent.get('/admin/milestones/new?q=nowhere');
  expect(groups(none.text)).toEqual([]);
  expect(decodeEntities(none.text)).toContain('No district, village, project or batch name contains “nowhere”.');
  const one = await en.agent.get(`/admin/milestones/new?q=${encodeURIComponent('赵村')}`);
  expect(decodeEntities(one.text)).toContain('2 batches match “赵村”.');
});

test('wildcards and markup in a search are plain text', async () => {
  for (const q of ['%', '_', '\\', '<script>']) {
    const res = await zh.agent.get(`/admin/milestones/new?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(groups(res.text)).toEqual([]);
    expect(res.text).not.toContain('<script>');
  }
});

test('characters that never belong in a search (a NUL byte, which PostgreSQL cannot hold) are left out of it, not a 500', async () => {
  const res = await en.agent.get(`/admin/milestones/new?q=${encodeURIComponent('赵\u0000村\u200b')}`);
  expect(res.status).toBe(200);
  expect(decodeEntities(res.text)).toContain('2 batches match “赵村”.');
});

test('opened for a batch, the search keeps the batch and the batch\'s buildings stay listed', async () => {
  const res = await zh.agent.get('/admin/milestones/new?batch=1&q=赵村');
  expect(res.text).toMatch(/<input type="hidden" name="batch" value="1">/);
  const values = groups(res.text).flatMap((x) => x.values);
  expect(values[0]).toBe('batch:1');
  expect(values.filter((v) => v.startsWith('building:'))).toHaveLength(8);
});

// Pages that share well: every public page has a description and Open Graph tags, the sentence saying
// what the page is and how it stands, in the page's language. Worked out by hand from the seed
// (today is 2026-11-26 in the test app): batch 1 has 8 buildings at 园建配套, target end of 2023, overdue.
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(() => ctx.close());

const decode = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;|&#34;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
async function tags(url: string) {
  const html = (await request(ctx.app).get(url)).text;
  const meta = (attr: string, name: string) => {
    const m = new RegExp(`<meta ${attr}="${name}" content="([^"]*)">`).exec(html);
    return m ? decode(m[1]!) : null;
  };
  return {
    description: meta('name', 'description'), ogTitle: meta('property', 'og:title'), ogDescription: meta('property', 'og:description'),
    ogType: meta('property', 'og:type'), ogLocale: meta('property', 'og:locale'), title: decode(/<title>([^<]*)<\/title>/.exec(html)![1]!),
  };
}

test('a batch is shared as the issue asks: its buildings, where they stand, the original target, how it stands', async () => {
  const t = await tags('/batches/1');
  expect(t.description).toBe('第一批 8栋：园建配套，原定2023年底交付，在建，已逾期');
  expect(t.ogDescription).toBe(t.description);
  expect(t.ogTitle).toBe('赵村城中村改造安置住宅 · 第一批');
  expect(t.ogType).toBe('website');
  expect(t.ogLocale).toBe('zh_CN');
  const en = await tags('/batches/1?lang=en');
  expect(en.description).toBe('Batch 1, 8 buildings: Landscaping & ancillary; due by end of 2023 (original target); Under construction, overdue');
  expect(en.ogLocale).toBe('en_GB');
});

test('a project, a village and the overview each say how they stand', async () => {
  // project 1: under construction, overdue (its first batch), 2 batches; 15 buildings averaged by count: 90% and 7 at 主体施工
  expect((await tags('/projects/1')).description).toMatch(/^赵村城中村改造安置住宅：在建，已逾期，2 个批次，建设进度 \d+(\.\d)?%$/);
  expect((await tags('/villages/1')).description).toMatch(/^赵村：2 个项目，建设进度 \d+(\.\d)?%$/);
  expect((await tags('/')).description).toMatch(/^郑州高新技术产业开发区：1 个村、2 个项目；已逾期 \d+ 批，已交付 0 批$/);
});

test('every other public page has the site\'s sentence and the Open Graph tags', async () => {
  for (const url of ['/search', '/projects/1/records', '/login']) {
    const t = await tags(url);
    expect({ url, description: t.description?.startsWith('城中村改造和回迁安置的进度') }).toEqual({ url, description: true });
    expect(t.ogTitle).not.toBeNull();
    expect(t.ogType).toBe('website');
  }
});

test('a name with markup is escaped inside the attribute', async () => {
  await ctx.db.updateTable('batches').set({ name_zh: '第一批"><script>x</script>' }).where('id', '=', 1).execute();
  const html = (await request(ctx.app).get('/batches/1')).text;
  expect(html).not.toContain('"><script>x</script>');
  expect((await tags('/batches/1')).description).toContain('第一批"><script>x</script> 8栋');
  await ctx.db.updateTable('batches').set({ name_zh: '第一批' }).where('id', '=', 1).execute();
});

// Search for residents (GET /search, /search/suggest) on the seed data and a few buildings added here:
// by name, full pinyin and initials, full-width or with spaces, grouped with each result's status;
// what an empty or fruitless search says; and bad input (huge, hostile, many at once).
import request from 'supertest';
import { sql } from 'kysely';
import { addBatch, addProject } from '../helpers/fixtures';
import { mainText } from '../helpers/html';
import { createTestContext, type TestContext } from '../helpers/test-app';
import type { ByteLru } from '../../src/web/byte-lru';

let ctx: TestContext;
let project: number;
let batch: number;
beforeAll(async () => {
  ctx = await createTestContext();
  // in 赵村 (village 1 of the seed): a project of three numbered buildings
  project = await addProject(ctx.db, { villageId: 1, nameZh: '赵村北区安置房', nameEn: 'Zhao village north' });
  batch = (await addBatch(ctx.db, { projectId: project, sequence: 1, nameZh: '第一批', targetDeliveryDate: '2027-06-30', buildings: 3, stage: 'structure', stageDate: '2026-05-01', code: (n) => ['3号楼', '13号楼', '5号楼'][n - 1]! })).batchId;
});
afterAll(() => ctx.close());

const page = async (q: string, lang = 'zh') => {
  const res = await request(ctx.app).get('/search').query({ q, lang });
  return { status: res.status, html: res.text, text: mainText(res.text) };
};
/** The names listed in one group, in order. */
const group = (html: string, kind: string) => {
  const section = new RegExp(`<section[^>]*data-group="${kind}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
  return [...section.matchAll(/<li>\s*<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]);
};

test('赵村 is found by its name, its full pinyin, its initials, in full-width letters and with spaces', async () => {
  for (const q of ['赵村', 'zhaocun', 'zc', 'ＺＣ', 'ZC', 'zhao cun', ' zhao  cun ']) {
    const { status, html } = await page(q);
    expect({ q, status }).toEqual({ q, status: 200 });
    expect({ q, villages: group(html, 'villages') }).toEqual({ q, villages: [['赵村', '/villages/1']] });
  }
});

test('results are grouped, the best first, each with where it lies and how it stands', async () => {
  const { html, text } = await page('赵村');
  // the village by its whole name, then the projects whose names begin with it (in id order)
  expect(group(html, 'villages')).toEqual([['赵村', '/villages/1']]);
  expect(group(html, 'projects').map(([n]) => n)).toEqual(['赵村城中村改造安置住宅', '赵村城中村改造配套集体经济适用房项目', '赵村北区安置房']);
  // the seed's resettlement project: under construction and 1,061 days past its target (end of 2023, on 2026-11-26)
  const first = /<li>\s*<a href="\/projects\/1">[\s\S]*?<\/li>/.exec(html)![0];
  expect(mainText(`<main>${first}</main>`)).toMatch(/赵村城中村改造安置住宅 · 赵村 · 郑州高新技术产业开发区 在建 已逾期 · 晚 1,061 天/);
  expect(text).toContain('共找到');
  // a word that is only where something lies does not list what lies there: no batch for "赵村" alone
  expect(group(html, 'batches')).toEqual([]);
});

test('a batch by its village and its name; a building by its code, the exact code first', async () => {
  const batches = group((await page('赵村 第一批')).html, 'batches');
  expect(batches).toContainEqual(['第一批', '/batches/1']);
  expect(batches).toContainEqual(['第一批', `/batches/${batch}`]);
  const { html, text } = await page('3号楼');
  expect(group(html, 'buildings').map(([n, h]) => [n, h!.replace(/\d+$/, 'N')])).toEqual([['3号楼', '/buildings/N'], ['13号楼', '/buildings/N']]);
  expect(text).toContain('主体施工 · 2026年5月1日 起');
  expect(group((await page('赵村 3号楼')).html, 'buildings').map(([n]) => n)).toEqual(['3号楼', '13号楼']);
  expect(group((await page('北区 5号楼')).html, 'buildings').map(([n]) => n)).toEqual(['5号楼']);
  // a place that is not where the building lies
  expect(group((await page('李村 3号楼')).html, 'buildings')).toEqual([]);
});

test('an empty search says what can be typed; a fruitless one says so and what to try, in the page language', async () => {
  for (const q of ['', '   ', '！？']) {
    const { status, text } = await page(q);
    expect(status).toBe(200);
    expect(text).toContain('也可以输入拼音或拼音首字母');
  }
  const none = await page('不存在的村');
  expect(none.text).toContain('没有找到与“不存在的村”有关的村、项目、批次或楼栋。');
  expect(none.text).toContain('可以试试');
  const en = await page('nowhere-at-all', 'en');
  expect(en.text).toContain('No village, project, batch or building matches “nowhere-at-all”.');
  expect(en.text).toContain('Try the village name alone');
  expect(group((await page('zhao village', 'en')).html, 'villages')).toEqual([['Zhao village', '/villages/1']]);
});

test('every public page carries the search box, a plain GET form to /search', async () => {
  for (const url of ['/', '/villages/1', '/projects/1', '/batches/1']) {
    const html = (await request(ctx.app).get(url)).text;
    expect(html).toMatch(/<form class="search-form" role="search" method="get" action="\/search">/);
    expect(html).toMatch(/<input id="site-q" name="q" type="search"/);
  }
});

test('suggestions as JSON: names with where they lie, in the reader\'s language, never cached', async () => {
  const res = await request(ctx.app).get('/search/suggest').query({ q: 'zc' });
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  const s = res.body.suggestions as { kind: string; name: string; where: string }[];
  expect(s[0]).toEqual({ kind: 'village', name: '赵村', where: '郑州高新技术产业开发区' });
  expect(s.map((x) => x.name)).toContain('赵村城中村改造安置住宅');
  const en = await request(ctx.app).get('/search/suggest').query({ q: 'zc', lang: 'en' });
  expect(en.body.suggestions[0]).toEqual({ kind: 'village', name: 'Zhao village', where: 'Zhengzhou High-tech Zone' });
  expect((await request(ctx.app).get('/search/suggest')).body).toEqual({ suggestions: [] });
});

test('a rename is found at once: the names are read again after any commit', async () => {
  await sql`update projects set name_zh = ${'赵村东区安置房'} where id = ${project}`.execute(ctx.db);
  expect(group((await page('zcdq')).html, 'projects')).toEqual([['赵村东区安置房', `/projects/${project}`]]);
  expect(group((await page('北区')).html, 'projects')).toEqual([]);
  await sql`update projects set name_zh = ${'赵村北区安置房'} where id = ${project}`.execute(ctx.db);
});

describe('bad and hostile input', () => {
  test('a query of 1,000 characters is refused with a message in the page language, nothing echoed beyond the box', async () => {
    // (longer ones do not reach the app: Node refuses a request line past 16 KB, 5,000 Chinese characters URL-encoded)
    const long = '赵'.repeat(1000);
    const zh = await page(long);
    expect(zh.status).toBe(400);
    expect(zh.text).toMatch(/搜索内容 ?：太长了，请少于 200 个字。/);
    expect(zh.html).not.toContain('赵'.repeat(201));
    const en = await page('x'.repeat(1000), 'en');
    expect(en.status).toBe(400);
    expect(en.text).toMatch(/Search ?: too long: use fewer than 200 characters./);
    const suggest = await request(ctx.app).get('/search/suggest').query({ q: 'z'.repeat(1000) });
    expect(suggest.status).toBe(200);
  });

  test('markup and control characters in a query are shown as text, never as markup', async () => {
    const { status, html } = await page('<script>alert(1)</script>\u0000"\'');
    expect(status).toBe(200);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('a repeated q keeps the first; an array or object form of it is no crash', async () => {
    expect((await request(ctx.app).get('/search?q=zc&q=xx')).status).toBe(200);
    expect(group((await request(ctx.app).get('/search?q=zc&q=xx')).text, 'villages')).toEqual([['赵村', '/villages/1']]);
    expect((await request(ctx.app).get('/search?q[a]=1')).status).toBe(200);
  });

  test('300 distinct queries, 30 at a time, all answered, and none of them kept in the page cache', async () => {
    const cache = ctx.app.locals.pageCache as ByteLru<unknown>;
    const before = cache.size;
    for (let i = 0; i < 300; i += 30) {
      const answers = await Promise.all(Array.from({ length: 30 }, (_v, j) => request(ctx.app).get('/search').query({ q: `zc${i + j}` })));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    }
    expect(cache.size).toBe(before);
  });
});

test('the overview lists its villages right under the heading, before the figures, each with its projects', async () => {
  const html = (await request(ctx.app).get('/')).text;
  const index = html.indexOf('class="village-index"');
  expect(index).toBeGreaterThan(html.indexOf('<h1>'));
  expect(index).toBeLessThan(html.indexOf('id="h-figures"'));
  // 赵村 holds the seed's two projects and the one added here
  expect(mainText(`<main>${/<nav class="village-index"[\s\S]*?<\/nav>/.exec(html)![0]}</main>`)).toBe('本区各村（1 个） 赵村 3 个项目');
  const en = (await request(ctx.app).get('/?lang=en')).text;
  expect(mainText(`<main>${/<nav class="village-index"[\s\S]*?<\/nav>/.exec(en)![0]}</main>`)).toBe('The village of this district Zhao village 3 projects');
});

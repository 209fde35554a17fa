// Public pages speak plainly: no "本系统逐项数据", "按楼栋数" or rounding-interval jargon; the method is
// behind a "怎么算的" disclosure; English counts agree with their number ("1 day late", not "1 days").
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { translatorFor } from '../../src/i18n/translator';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
const PAGES = ['/', '/villages/1', '/projects/1', '/projects/2', '/batches/1'];
const JARGON_ZH = ['本系统逐项数据', '按楼栋数', '逐项数据', '四舍五入区间', '分母', '意味着'];
const JARGON_EN = ['itemised data', 'rounding range', 'denominator', 'by buildings'];

test.each(PAGES)('%s has none of the jargon, in either language', async (url) => {
  const zh = main((await request(ctx.app).get(url)).text);
  for (const word of JARGON_ZH) expect({ url, word, found: zh.includes(word) }).toEqual({ url, word, found: false });
  const en = main((await request(ctx.app).get(`${url}?lang=en`)).text);
  for (const word of JARGON_EN) expect({ url, word, found: en.includes(word) }).toEqual({ url, word, found: false });
});

test.each(['/', '/villages/1', '/projects/1'])('%s puts the method behind "怎么算的" / "How it is worked out"', async (url) => {
  const zh = main((await request(ctx.app).get(url)).text);
  expect(zh).toMatch(/<details class="method">\s*<summary>怎么算的<\/summary>/);
  expect(zh).toContain('开工率 = 已开工楼栋的面积 ÷ 规划的总面积');
  const en = main((await request(ctx.app).get(`${url}?lang=en`)).text);
  expect(en).toMatch(/<details class="method">\s*<summary>How it is worked out<\/summary>/);
});

test('the overview\'s check of the published figures explains rounding inside the disclosure, not in the sentence above it', async () => {
  const zh = main((await request(ctx.app).get('/')).text);
  expect(zh).toContain('我们把公布的几个数字放在一起核对，看它们是否说得通。');
  expect(zh).toContain('写 96%，实际在 95.5% 到 96.5% 之间');
  expect(zh).toContain('按公布的回迁率倒推，应回迁的群众约有 112,642 至 113,822 人（报道没有直接给出这个数）。');
  expect(zh).not.toContain('意味着');
});

test('English plurals follow the count; Chinese has one form', () => {
  const en = translatorFor('en');
  const zh = translatorFor('zh');
  expect(en('status.daysLate', { days: '1', count: 1 })).toBe('1 day late');
  expect(en('status.daysLate', { days: '2', count: 2 })).toBe('2 days late');
  expect(en('basis.area', { n: '1', count: 1 })).toBe('Weighted by the floor area of its 1 building.');
  expect(en('admin.allBuildings', { count: 1 })).toBe('its only building');
  expect(en('admin.allBuildings', { count: 8 })).toBe('all 8 buildings');
  expect(en('importer.errorsIntro', { n: 1, count: 1 })).toBe('1 problem. Correct it and upload again.');
  expect(zh('admin.allBuildings', { count: 1 })).toBe('全部 1 栋');
  expect(zh('status.daysLate', { days: '1', count: 1 })).toBe('晚 1 天');
  // a rate that fits, in plain words
  expect(zh('finding.rate_matches', { field: '开工率', published: '96%', computed: '96.2%' })).toBe('开工率公布为 96%；用公布的面积或人数算出来是 96.2%，取整后和公布的一样，说得通。');
});

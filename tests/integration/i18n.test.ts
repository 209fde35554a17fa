// Language: Chinese by default, English from Accept-Language or from the switch, which is remembered.
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { chartSpecs, htmlLang, mainText } from '../helpers/html';
import { formatterFor } from '../../src/web/format';
import { addDistrict } from '../helpers/fixtures';
import { zh as zhDict } from '../../src/i18n/zh';
import { en as enDict } from '../../src/i18n/en';

const en = formatterFor('en');

let ctx: TestContext;
let ids: { resettlement: number; collective: number; batch1: number; village: number };
beforeAll(async () => {
  ctx = await createTestContext();
  const projects = (await request(ctx.app).get('/api/v1/projects')).body.projects;
  const resettlement = projects.find((p: { kind: string }) => p.kind === 'resettlement');
  const collective = projects.find((p: { kind: string }) => p.kind === 'collective_affordable');
  const detail = (await request(ctx.app).get(`/api/v1/projects/${resettlement.id}`)).body.project;
  ids = { resettlement: resettlement.id, collective: collective.id, batch1: detail.batches[0].id, village: resettlement.villageId };
});
afterAll(async () => { await ctx.close(); });

const setCookies = (res: request.Response): string[] => {
  const raw = res.headers['set-cookie'] as unknown;
  return Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
};

describe('default language', () => {
  test('no Accept-Language: Chinese', async () => {
    const res = await request(ctx.app).get('/');
    expect(htmlLang(res.text)).toBe('zh-CN');
    expect(res.text).toContain('全区总览');
    expect(res.text).toContain('<a href="/?lang=en" hreflang="en" lang="en">English</a>');
    expect(setCookies(res)).toEqual([]);
  });

  test.each(['zh-CN,zh;q=0.9', 'fr-FR', 'de', '*', 'xx;;;q=abc'])('Accept-Language %s: Chinese', async (al) => {
    const res = await request(ctx.app).get('/').set('Accept-Language', al);
    expect(res.status).toBe(200);
    expect(htmlLang(res.text)).toBe('zh-CN');
    // The browser's header is not remembered as a choice.
    expect(setCookies(res).some((c) => c.startsWith('lang='))).toBe(false);
  });

  test('an unsupported ?lang= value falls back to Chinese and sets no cookie', async () => {
    const res = await request(ctx.app).get('/?lang=fr');
    expect(res.status).toBe(200);
    expect(htmlLang(res.text)).toBe('zh-CN');
    expect(setCookies(res)).toEqual([]);
  });

  test('a bogus lang cookie falls back to Chinese', async () => {
    const res = await request(ctx.app).get('/').set('Cookie', 'lang=xx');
    expect(res.status).toBe(200);
    expect(htmlLang(res.text)).toBe('zh-CN');
  });
});

describe('English via Accept-Language', () => {
  let html: string;
  beforeAll(async () => {
    const res = await request(ctx.app).get('/').set('Accept-Language', 'en-US,en;q=0.9');
    expect(res.status).toBe(200);
    html = res.text;
  });

  test('html lang="en", English chrome and names', () => {
    expect(htmlLang(html)).toBe('en');
    expect(html).toContain('<title>District overview · ');
    expect(html).toContain('<h1>Zhengzhou High-tech Zone</h1>');
    expect(html).toContain('Zhao village resettlement housing');
    expect(html).toContain('Zhao village supporting collective affordable housing');
    expect(html).toContain('<a href="/?lang=zh" hreflang="zh-CN" lang="zh-CN">中文</a>');
    expect(html).not.toContain('全区总览');
  });

  test('figures in million m² and people', () => {
    expect(en.area(14_740_000)).toBe('14.74 million m²');
    expect(en.area(11_570_000)).toBe('11.57 million m²');
    const text = mainText(html);
    expect(text).toContain('14.74 million m²');
    expect(text).toContain('11.57 million m²');
    expect(text).toContain(en.count(108_700, 'people'));
    expect(en.count(108_700, 'people')).toBe('108,700 people');
    expect(text).toContain('96%');
    expect(text).toContain('76%');
    expect(text).toContain('15.27 million m²');
    expect(text).toContain('15.32 million m²');
    expect(text).toContain(`Overdue · ${en.number(1061)} days late`);
    expect(text).not.toMatch(/万㎡|亿元/);
  });

  test('chart labels are English and the canvases say so', () => {
    const [stages, villages, deliveries] = chartSpecs(html);
    expect(stages!.labels).toContain('Structure');
    expect(stages!.labels).toContain('Landscaping & ancillary');
    expect(villages!.labels).toEqual(['Zhao village']);
    expect(deliveries!.labels).toEqual(['Dec 2023', 'Dec 2024']);
    expect(html).toMatch(/<canvas [^>]*data-lang="en"/);
    expect(html).not.toMatch(/<canvas [^>]*data-lang="zh"/);
  });

  test('the project and batch pages are English too', async () => {
    const p = await request(ctx.app).get(`/projects/${ids.collective}`).set('Accept-Language', 'en-GB');
    expect(htmlLang(p.text)).toBe('en');
    const text = mainText(p.text);
    expect(text).toContain('Land area 25,440 m² (38.16 mu)');
    expect(text).toContain('Planned floor area 101,800 m²');
    expect(text).toContain(`Total investment ${en.money(900_000_000)}`);
    expect(text).toContain('Planned completion Dec 2025');
    const b = await request(ctx.app).get(`/batches/${ids.batch1}`).set('Accept-Language', 'en');
    expect(htmlLang(b.text)).toBe('en');
    expect(mainText(b.text)).toContain('Building 8 (number not published)');
    expect(mainText(b.text)).toContain('by end of 2023');
    expect(b.text).not.toContain('楼号未公布');
  });

  test('error pages follow the language', async () => {
    const res = await request(ctx.app).get('/projects/999999').set('Accept-Language', 'en-US');
    expect(res.status).toBe(404);
    expect(htmlLang(res.text)).toBe('en');
    expect(res.text).toContain('Page not found');
  });
});

describe('the language switch (?lang=) and its cookie', () => {
  test('?lang=en renders English and sets a long-lived, HttpOnly, SameSite lang cookie', async () => {
    const res = await request(ctx.app).get('/?lang=en').set('Accept-Language', 'zh-CN');
    expect(htmlLang(res.text)).toBe('en');
    const cookie = setCookies(res).find((c) => c.startsWith('lang='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/^lang=en;/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie!)?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(30 * 24 * 3600);
  });

  test('a later request with that cookie and a Chinese Accept-Language stays English, on every page', async () => {
    const agent = request.agent(ctx.app);
    await agent.get('/?lang=en').expect(200);
    for (const url of ['/', `/villages/${ids.village}`, `/projects/${ids.resettlement}`, `/batches/${ids.batch1}`]) {
      const res = await agent.get(url).set('Accept-Language', 'zh-CN,zh;q=0.9');
      expect(res.status).toBe(200);
      expect(htmlLang(res.text)).toBe('en');
    }
  });

  test('the cookie alone, set by hand, selects English', async () => {
    const res = await request(ctx.app).get('/').set('Cookie', 'lang=en').set('Accept-Language', 'zh-CN');
    expect(htmlLang(res.text)).toBe('en');
    // Already remembered: not set again.
    expect(setCookies(res).some((c) => c.startsWith('lang='))).toBe(false);
  });

  test('?lang=zh switches back and replaces the cookie, even for an English browser', async () => {
    const agent = request.agent(ctx.app);
    await agent.get('/?lang=en').expect(200);
    const back = await agent.get('/?lang=zh').set('Accept-Language', 'en-US');
    expect(htmlLang(back.text)).toBe('zh-CN');
    expect(setCookies(back).find((c) => c.startsWith('lang='))).toMatch(/^lang=zh;/);
    const later = await agent.get(`/projects/${ids.resettlement}`).set('Accept-Language', 'en-US');
    expect(htmlLang(later.text)).toBe('zh-CN');
  });

  test('?lang= wins over a cookie for the request it is on', async () => {
    const res = await request(ctx.app).get('/?lang=zh').set('Cookie', 'lang=en');
    expect(htmlLang(res.text)).toBe('zh-CN');
  });

  test('repeated ?lang= parameters do not crash', async () => {
    const res = await request(ctx.app).get('/?lang=en&lang=zh');
    expect(res.status).toBe(200);
    expect(['en', 'zh-CN']).toContain(htmlLang(res.text));
  });

  test('the API keeps Chinese names in `name` whatever the language, with English in `nameEn`', async () => {
    const res = await request(ctx.app).get('/api/v1/villages?lang=en').set('Accept-Language', 'en-US');
    expect(res.status).toBe(200);
    expect(res.body.villages[0].name).toBe('赵村');
    expect(res.body.villages[0].nameEn).toBe('Zhao village');
  });
});

describe('dictionaries', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

  test('English has every key Chinese has, and no other but singulars (`key_one`, i18next\'s plural of a count of 1)', () => {
    const en = keys(enDict);
    const singulars = en.filter((k) => k.endsWith('_one'));
    expect(en.filter((k) => !k.endsWith('_one')).sort()).toEqual(keys(zhDict).sort());
    for (const k of singulars) expect({ k, base: en.includes(k.slice(0, -4)) }).toEqual({ k, base: true });
  });

  test('no raw translation keys leak into rendered pages', async () => {
    for (const lang of ['zh', 'en']) {
      for (const url of ['/', `/villages/${ids.village}`, `/projects/${ids.resettlement}`, `/projects/${ids.collective}`, `/batches/${ids.batch1}`, '/nope']) {
        const res = await request(ctx.app).get(`${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
        const text = mainText(res.text);
        expect({ url, lang, leak: text.match(/\b(?:overview|figure|stage|status|basis|basisShort|batch|project|fresh|chart|finding|error|card|kind|table|history|forecast)\.[a-zA-Z_]+/g) })
          .toEqual({ url, lang, leak: null });
      }
    }
  });
});

describe('language tags are case-insensitive (BCP 47)', () => {
  test('Accept-Language: EN-US gives English', async () => {
    const res = await request(ctx.app).get('/').set('Accept-Language', 'EN-US');
    expect(htmlLang(res.text)).toBe('en');
  });

  test('Accept-Language: EN (bare, upper case) gives English', async () => {
    const res = await request(ctx.app).get('/').set('Accept-Language', 'EN');
    expect(htmlLang(res.text)).toBe('en');
  });

  test('?lang=EN gives English', async () => {
    const res = await request(ctx.app).get('/?lang=EN');
    expect(htmlLang(res.text)).toBe('en');
  });
});

describe('the language link keeps the reader where they are', () => {
  let two: TestContext;
  let second: number;
  beforeAll(async () => {
    two = await createTestContext();
    second = await addDistrict(two.db, { nameZh: '第二区', nameEn: 'Second district' });
  });
  afterAll(async () => { await two.close(); });

  test('on a detail page the English link stays on that page', async () => {
    const html = (await request(two.app).get(`/projects/${ids.resettlement}`)).text;
    expect(html).toContain(`<a href="/projects/${ids.resettlement}?lang=en" hreflang="en" lang="en">English</a>`);
  });

  test('on /?district=N the English link keeps the district', async () => {
    const page = `/?district=${second}&sort=progress`;
    const html = (await request(two.app).get(page)).text;
    expect(html).toContain('<h1>第二区</h1>');
    const href = /<a href="([^"]*)" hreflang="en"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const target = new URL(href, `http://x${page}`);
    expect(target.searchParams.get('lang')).toBe('en');
    expect(target.searchParams.get('district')).toBe(String(second));
  });
});

// The rules of choosing a reader's language and an answer's encoding, stated directly (issue 10:
// their mutants were not measured before, and the integration tests reach only the common cases).
import zlib from 'node:zlib';
import express, { type Request, type Response } from 'express';
import supertest from 'supertest';
import { normaliseLang, fromAcceptLanguage, detect, rememberLanguage, i18n } from '../../src/web/middleware/i18n';
import { variantEtag, etagMatches, compress, acceptedEncoding, MIN_COMPRESS_BYTES } from '../../src/web/middleware/compression';
import { pageLocals } from '../../src/web/middleware/locals';

describe('a language tag names one of our two languages by its primary subtag, in any case', () => {
  test.each([
    ['en', 'en'],
    ['zh', 'zh'],
    ['EN', 'en'],
    ['En-Us', 'en'],
    ['zh-Hans-CN', 'zh'],
    ['zh_TW', 'zh'],
    ['en_GB', 'en'],
    ['  en  ', 'en'],
    ['english', undefined],
    ['fr', undefined],
    ['e', undefined],
    ['', undefined],
    ['-en', undefined],
  ])('%p → %p', (tag, expected) => {
    expect(normaliseLang(tag)).toBe(expected);
  });

  test.each([[undefined], [null], [1], [['en']], [{ lang: 'en' }]])('a value that is not text (%p) names none', (value) => {
    expect(normaliseLang(value)).toBeUndefined();
  });
});

describe('Accept-Language: the supported language of highest q wins; among equal q, the first named', () => {
  test.each([
    ['en', 'en'],
    ['fr, en', 'en'],
    ['fr;q=0.9, zh;q=0.8, en;q=0.7', 'zh'],
    ['en;q=0.5, zh', 'zh'],
    ['zh;q=0.5, en;q=0.6', 'en'],
    ['en, zh', 'en'],
    ['zh, en', 'zh'],
    ['en;q=0.8, zh;q=0.8', 'en'],
    ['zh;q=0.8, en;q=0.8', 'zh'],
    ['en;q=0, zh;q=0.1', 'zh'],
    ['en;q=0', undefined],
    ['en; q=0.3 , zh;Q=0.2', 'en'],
    ['de, fr;q=0.5', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%p → %p', (header, expected) => {
    expect(fromAcceptLanguage(header)).toBe(expected);
  });

  test('a q that is not a number is as if not given (1), so it ranks with the unweighted', () => {
    expect.hasAssertions();
    expect(fromAcceptLanguage('en;q=abc, zh;q=0.9')).toBe('en');
    expect(fromAcceptLanguage('zh;q=0.9, en;q=abc')).toBe('en');
  });

  test('a q that is not the whole parameter is no q at all: "q=0.5x" and "xq=0.5" weigh as 1', () => {
    expect.hasAssertions();
    expect(fromAcceptLanguage('zh;q=0.5x, en;q=0.8')).toBe('zh');
    expect(fromAcceptLanguage('zh;xq=0.5, en;q=0.8')).toBe('zh');
    expect(fromAcceptLanguage('zh;q=0.5 x, en;q=0.8')).toBe('zh');
    // while spaces around a well-formed q are allowed
    expect(fromAcceptLanguage('zh; q=0.5 , en;q=0.8')).toBe('en');
  });

  test('ranking is by q, then by position: ten languages out of order', () => {
    expect.hasAssertions();
    const header = 'a;q=0.9, b;q=0.8, en;q=0.3, c, zh;q=0.4, d;q=0.1, e, f;q=0.2, g, h';
    expect(fromAcceptLanguage(header)).toBe('zh');
  });
});

function request(query: Record<string, unknown>, cookies: Record<string, unknown> | undefined, acceptLanguage?: string): Request {
  return { query, cookies, headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } } as unknown as Request;
}

describe('the language of a request: ?lang=, then the remembered cookie, then the browser', () => {
  test.each([
    [{ lang: 'en' }, { lang: 'zh' }, 'zh', 'en'],
    [{ lang: 'zh' }, { lang: 'en' }, 'en', 'zh'],
    [{}, { lang: 'en' }, 'zh', 'en'],
    [{}, { lang: 'zh' }, 'en', 'zh'],
    [{}, {}, 'en', 'en'],
    [{ lang: 'fr' }, { lang: 'fr' }, 'en', 'en'],
    [{ lang: ['en', 'zh'] }, {}, 'zh', 'en'],
    [{}, undefined, 'en', 'en'],
    [{}, {}, undefined, undefined],
  ])('query %p, cookies %p, Accept-Language %p → %p', (query, cookies, header, expected) => {
    expect(detect(request(query, cookies, header))).toBe(expected);
  });
});

describe('the language switch is remembered only when it changes what the cookie says', () => {
  function run(query: Record<string, unknown>, cookies: Record<string, unknown> | undefined) {
    const set: { name: string; value: string; options: Record<string, unknown> }[] = [];
    const res = { cookie: (name: string, value: string, options: Record<string, unknown>) => set.push({ name, value, options }) } as unknown as Response;
    let nexts = 0;
    rememberLanguage(request(query, cookies), res, () => (nexts += 1));
    return { set, nexts };
  }

  test('?lang=en with no cookie sets lang=en for a year, HttpOnly, SameSite=Lax, on the whole site', () => {
    expect.hasAssertions();
    const { set, nexts } = run({ lang: 'en' }, {});
    expect(nexts).toBe(1);
    expect(set).toEqual([{ name: 'lang', value: 'en', options: { maxAge: 365 * 24 * 3600 * 1000, sameSite: 'lax', httpOnly: true, path: '/' } }]);
  });

  test('?lang=EN-gb over a cookie of zh sets it to en (the normalised tag)', () => {
    expect.hasAssertions();
    expect(run({ lang: 'EN-gb' }, { lang: 'zh' }).set.map((c) => c.value)).toEqual(['en']);
  });

  test('a request whose cookies were never parsed is treated as having none', () => {
    expect.hasAssertions();
    expect(run({ lang: 'zh' }, undefined).set.map((c) => c.value)).toEqual(['zh']);
  });

  test('?lang=en over a cookie already saying EN sets nothing', () => {
    expect.hasAssertions();
    const { set, nexts } = run({ lang: 'en' }, { lang: 'EN' });
    expect(set).toEqual([]);
    expect(nexts).toBe(1);
  });

  test.each([[{}], [{ lang: 'fr' }], [{ lang: '' }]])('no usable ?lang= (%p) sets nothing', (query) => {
    expect(run(query, { lang: 'en' }).set).toEqual([]);
  });
});

describe('ETags of compressed variants', () => {
  test.each([
    ['"abc"', 'br', '"abc-br"'],
    ['"abc"', 'gzip', '"abc-gz"'],
    ['W/"abc"', 'gzip', 'W/"abc-gz"'],
    ['"abc"', undefined, '"abc"'],
  ] as const)('%s as %p → %s', (etag, encoding, expected) => {
    expect(variantEtag(etag, encoding)).toBe(expected);
  });

  test.each([
    ['"a"', '"a"', true],
    ['"b", "a"', '"a"', true],
    ['"b","a"', '"a"', true],
    ['"b" ,  "a"', '"a"', true],
    ['"a", "b"', '"a"', true],
    ['"a" ,"b"', '"a"', true],
    ['*', '"a"', true],
    ['"b"', '"a"', false],
    ['"a-gz"', '"a"', false],
    ['"ab"', '"a"', false],
    ['', '"a"', false],
    [undefined, '"a"', false],
  ])('If-None-Match %p names %s: %p', (header, etag, expected) => {
    expect(etagMatches(header, etag)).toBe(expected);
  });
});

describe('Accept-Encoding: a parameter other than q is not a weight', () => {
  test.each([
    ['gzip, br;foo=bar;q=1', 'br'],
    ['br;charset=x, gzip;q=0.5', 'br'],
    ['br;level=1;q=0, gzip', 'gzip'],
    ['gzip;foo=1', 'gzip'],
  ])('%p → %p', (header, expected) => {
    expect(acceptedEncoding(header)).toBe(expected);
  });
});

describe('whole answers compressed off the main thread', () => {
  const body = Buffer.from('城中村改造 回迁安置 '.repeat(400) + Array.from({ length: 400 }, (_, i) => `<tr><td>${i * 7919 % 1000}</td></tr>`).join(''));
  const sizeHint = { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length };

  test('brotli at quality 5 per answer and 11 for what is kept; each decompresses to the answer', async () => {
    expect.hasAssertions();
    const quick = await compress(body, 'br');
    const best = await compress(body, 'br', true);
    expect(quick.equals(zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, ...sizeHint } }))).toBe(true);
    expect(best.equals(zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, ...sizeHint } }))).toBe(true);
    expect(quick.equals(best)).toBe(false);
    expect(zlib.brotliDecompressSync(quick).equals(body)).toBe(true);
    expect(zlib.brotliDecompressSync(best).equals(body)).toBe(true);
  });

  test('gzip at level 6 per answer and 9 for what is kept; each decompresses to the answer', async () => {
    expect.hasAssertions();
    const quick = await compress(body, 'gzip');
    const best = await compress(body, 'gzip', true);
    expect(quick.equals(zlib.gzipSync(body, { level: 6 }))).toBe(true);
    expect(best.equals(zlib.gzipSync(body, { level: 9 }))).toBe(true);
    expect(zlib.gunzipSync(quick).equals(body)).toBe(true);
    expect(zlib.gunzipSync(best).equals(body)).toBe(true);
  });

  test('the threshold below which answers go out as they are is 1 KiB', () => {
    expect.hasAssertions();
    expect(MIN_COMPRESS_BYTES).toBe(1024);
  });
});

describe('what every page template is given', () => {
  const t = (key: string) => `t:${key}`;
  function locals(language: string | undefined, path = '/projects/7', query: Record<string, unknown> = {}) {
    const res = { locals: {} as Record<string, any> };
    let nexts = 0;
    pageLocals(() => '2025-06-30', (name) => `/assets/${name}?h`)({ language, t, path, method: 'GET', query } as unknown as Request, res as unknown as Response, () => (nexts += 1));
    expect(nexts).toBe(1);
    return res.locals;
  }

  test.each([
    ['en', 'en', 'en'],
    ['en-US', 'en', 'en'],
    ['zh', 'zh', 'zh-CN'],
    ['zh-CN', 'zh', 'zh-CN'],
    [undefined, 'zh', 'zh-CN'],
    ['fr', 'zh', 'zh-CN'],
  ])('req.language %p → lang %p, <html lang=%p>', (language, lang, htmlLang) => {
    const l = locals(language);
    expect(l.lang).toBe(lang);
    expect(l.htmlLang).toBe(htmlLang);
  });

  test('the day, the path, the translator and the asset links are passed through', () => {
    expect.hasAssertions();
    const l = locals('zh', '/villages/3');
    expect(l.asOf).toBe('2025-06-30');
    expect(l.path).toBe('/villages/3');
    expect(l.t).toBe(t);
    expect(l.asset('css/app.css')).toBe('/assets/css/app.css?h');
    expect(l.stageNamesZh.delivered).toBe('已交付');
  });

  test('numbers are formatted in the page\'s language', () => {
    expect.hasAssertions();
    expect(locals('en').fmt.count(3, 'buildings')).toBe('3 buildings');
    expect(locals('zh').fmt.count(3, 'buildings')).toBe('3栋');
  });

  test('names and notes: English where the page is English and there is one, Chinese otherwise', () => {
    expect.hasAssertions();
    const named = { nameZh: '石牌村', nameEn: 'Shipai' };
    const unnamed = { nameZh: '石牌村', nameEn: null };
    expect(locals('en').nameOf(named)).toBe('Shipai');
    expect(locals('en').nameOf(unnamed)).toBe('石牌村');
    expect(locals('zh').nameOf(named)).toBe('石牌村');
    expect(locals('en').noteOf({ note: '中文', noteEn: 'English' })).toBe('English');
    expect(locals('en').noteOf({ note: '中文', noteEn: null })).toBe('中文');
    expect(locals('en').noteOf({ note: '中文' })).toBe('中文');
    expect(locals('zh').noteOf({ note: '中文', noteEn: 'English' })).toBe('中文');
  });

  test('a batch\'s buildings: a count when it has any, words when it has none (never "0栋")', () => {
    expect.hasAssertions();
    expect(locals('zh').buildingsOf(8)).toBe('8栋');
    expect(locals('zh').buildingsOf(1)).toBe('1栋');
    expect(locals('zh').buildingsOf(0)).toBe('t:batch.noBuildingsShort');
  });

  test('on a page no route knows (a 404) the language link keeps the path and drops the whole query', () => {
    expect.hasAssertions();
    expect(locals('zh', '/no/such/page', { district: '4' }).langHref('en')).toBe('/no/such/page?lang=en');
  });

  test('the language link keeps what the page recognises and drops the rest', () => {
    expect.hasAssertions();
    const l = locals('zh', '/', { district: '4', junk: 'x', lang: 'zh' });
    expect(l.langHref('en')).toBe('/?district=4&lang=en');
    expect(locals('en', '/projects/7', { page: '2' }).langHref('zh')).toBe('/projects/7?lang=zh');
  });
});

describe('the translator leaves escaping to the templates', () => {
  test('an interpolated value comes back as it was given: EJS escapes it once, on output', async () => {
    expect.hasAssertions();
    const app = express();
    app.use(i18n());
    app.get('/', (req, res) => { res.type('text/plain').send(req.t('overview.total', { n: '<b>&"\'' })); });
    const zh = await supertest(app).get('/');
    expect(zh.text).toBe('共 <b>&"\'' + ' 个项目');
    const en = await supertest(app).get('/').set('Accept-Language', 'en');
    expect(en.text).toBe('Projects in all: <b>&"\'');
  });
});

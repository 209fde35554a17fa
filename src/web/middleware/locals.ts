import type { RequestHandler } from 'express';
import { formatterFor, type Lang } from '../format';
import { STAGE_NAMES_ZH } from '../../domain/stages';

/** What every page template can use: the translator, the formatter, the language and the date. */
export function pageLocals(asOf: () => string): RequestHandler {
  return (req, res, next) => {
    const lang: Lang = (req.language ?? '').startsWith('en') ? 'en' : 'zh';
    res.locals.lang = lang;
    res.locals.htmlLang = lang === 'zh' ? 'zh-CN' : 'en';
    res.locals.t = req.t;
    res.locals.fmt = formatterFor(lang);
    res.locals.asOf = asOf();
    res.locals.path = req.path;
    // The language switch keeps everything else the page was asked with (district, sort order).
    res.locals.langHref = (to: Lang) => {
      const url = new URL(req.originalUrl, 'http://local');
      url.searchParams.set('lang', to);
      return `${url.pathname}${url.search}`;
    };
    res.locals.stageNamesZh = STAGE_NAMES_ZH;
    // Display name of anything with a Chinese and an optional English name.
    res.locals.nameOf = (x: { nameZh: string; nameEn: string | null }) => (lang === 'en' && x.nameEn ? x.nameEn : x.nameZh);
    next();
  };
}

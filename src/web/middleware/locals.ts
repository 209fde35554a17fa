import type { RequestHandler } from 'express';
import { formatterFor, type Lang } from '../format';
import { STAGE_NAMES_ZH } from '../../domain/stages';
import { ruleFor } from '../access';
import { languageLink } from '../query-params';

/**
 * What every page template can use: the translator, the formatter, the language and the date, and
 * `asset('css/app.css')`, the content-hashed URL of a file in public/ (or `chart.umd.min.js`).
 */
export function pageLocals(asOf: () => string, assetUrl: (name: string) => string): RequestHandler {
  return (req, res, next) => {
    const lang: Lang = req.language?.startsWith('en') ? 'en' : 'zh';
    res.locals.lang = lang;
    res.locals.htmlLang = lang === 'zh' ? 'zh-CN' : 'en';
    res.locals.t = req.t;
    res.locals.fmt = formatterFor(lang);
    res.locals.asOf = asOf();
    res.locals.path = req.path;
    res.locals.asset = assetUrl;
    // The language switch keeps what the page recognises (district, sort order), never anything else.
    res.locals.langHref = (to: Lang) => languageLink(ruleFor(req.method, req.path)?.path, req.path, req.query, to);
    res.locals.stageNamesZh = STAGE_NAMES_ZH;
    // Display name of anything with a Chinese and an optional English name.
    res.locals.nameOf = (x: { nameZh: string; nameEn: string | null }) => (lang === 'en' && x.nameEn ? x.nameEn : x.nameZh);
    // one note per language; an English page shows the Chinese note when there is no English one
    res.locals.noteOf = (x: { note: string | null; noteEn?: string | null }) => (lang === 'en' && x.noteEn ? x.noteEn : x.note);
    // "8栋", or in words when a batch has none registered yet (never "0栋")
    res.locals.buildingsOf = (n: number) => (n > 0 ? res.locals.fmt.count(n, 'buildings') : req.t('batch.noBuildingsShort'));
    next();
  };
}

import i18next from 'i18next';
import * as i18nextMiddleware from 'i18next-http-middleware';
import type { RequestHandler } from 'express';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';

export const LANGS = ['zh', 'en'] as const;

/** Chinese by default; `?lang=en` switches and a cookie remembers it; otherwise Accept-Language. */
export function i18n(): RequestHandler {
  const instance = i18next.createInstance();
  instance.use(i18nextMiddleware.LanguageDetector).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    fallbackLng: 'zh',
    supportedLngs: [...LANGS],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    initAsync: false,
    interpolation: { escapeValue: false }, // EJS escapes on output
    detection: {
      order: ['querystring', 'cookie', 'header'],
      lookupQuerystring: 'lang',
      lookupCookie: 'lang',
      // Only an explicit switch is remembered (see rememberLanguage), not the browser's header.
      caches: [],
      ignoreCase: true,
    },
  });
  return i18nextMiddleware.handle(instance) as unknown as RequestHandler;
}

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** `?lang=en` or `?lang=zh` sets a cookie so that the choice sticks on every later page. */
export const rememberLanguage: RequestHandler = (req, res, next) => {
  const asked = req.query.lang;
  if (typeof asked === 'string' && (LANGS as readonly string[]).includes(asked) && req.cookies?.lang !== asked) {
    res.cookie('lang', asked, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: true, path: '/' });
  }
  next();
};

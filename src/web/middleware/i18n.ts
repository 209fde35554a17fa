import i18next from 'i18next';
import * as i18nextMiddleware from 'i18next-http-middleware';
import type { Request, RequestHandler } from 'express';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { queryValue } from '../validate';

export const LANGS = ['zh', 'en'] as const;
export type SupportedLang = (typeof LANGS)[number];

/** `en`, `EN-us`, `zh-Hans-CN` … → one of ours, or undefined. Language tags are case-insensitive. */
export function normaliseLang(tag: unknown): SupportedLang | undefined {
  if (typeof tag !== 'string') return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  // Stryker disable next-line StringLiteral: split always gives a first element, so primary is never undefined
  return (LANGS as readonly string[]).includes(primary ?? '') ? (primary as SupportedLang) : undefined;
}

/** The first supported language of an Accept-Language header, by q-value. */
export function fromAcceptLanguage(header: string | undefined): SupportedLang | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      return { lang: normaliseLang(tag), q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.lang && x.q > 0)
    // sort is stable (ES2019): among equal q the first named stays first
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.lang;
}

/** Query (`?lang=`) → remembered cookie → Accept-Language; Chinese when none says otherwise. */
export function detect(req: Request): SupportedLang | undefined {
  return normaliseLang(queryValue(req.query.lang)) ?? normaliseLang(req.cookies?.lang) ?? fromAcceptLanguage(req.headers['accept-language']);
}

export function i18n(): RequestHandler {
  const detector = new i18nextMiddleware.LanguageDetector();
  detector.addDetector({ name: 'tracker', lookup: (req) => detect(req as unknown as Request), cacheUserLanguage: () => undefined });
  const instance = i18next.createInstance();
  instance.use(detector).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    fallbackLng: 'zh',
    supportedLngs: [...LANGS],
    // Stryker disable next-line BooleanLiteral: the resources are inline, so an asynchronous init is done on the next tick, before any request can arrive
    initAsync: false,
    interpolation: { escapeValue: false }, // EJS escapes on output
    detection: {
      order: ['tracker'],
      // Stryker disable next-line ArrayDeclaration: the detector skips a cache it does not know; none is the point (rememberLanguage sets the cookie)
      caches: [],
    },
  });
  return i18nextMiddleware.handle(instance) as unknown as RequestHandler;
}

const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** An explicit `?lang=` switch is remembered in a cookie; the browser's own header is not. */
export const rememberLanguage: RequestHandler = (req, res, next) => {
  const asked = normaliseLang(queryValue(req.query.lang));
  if (asked && normaliseLang(req.cookies?.lang) !== asked) {
    res.cookie('lang', asked, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: true, path: '/' });
  }
  next();
};

// A translator for one language outside a request (the command line): the same dictionaries and the
// same i18next rules (plurals, interpolation) as the pages.
import i18next, { type TFunction } from 'i18next';
import { en } from './en';
import { zh } from './zh';

export type Translate = (key: string, opts?: Record<string, unknown>) => string;

let instance: typeof i18next | null = null;

export function translatorFor(lang: 'zh' | 'en'): Translate {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: { zh: { translation: zh }, en: { translation: en } },
      fallbackLng: 'zh',
      initAsync: false,
      interpolation: { escapeValue: false },
    });
  }
  const t: TFunction = instance.getFixedT(lang);
  return (key, opts) => String(t(key, opts ?? {}));
}

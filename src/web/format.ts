// One formatter per locale for every number and date on a page. Values arrive in base units
// (m², yuan, fractions 0–1, ISO dates); the display units (万㎡, 亿元, %) exist only here.
import type { DatePrecision } from '../domain/types';

export type Lang = 'zh' | 'en';

export interface Formatter {
  lang: Lang;
  number(n: number | null, digits?: number): string;
  area(m2: number | null): string;
  money(yuan: number | null): string;
  rate(fraction: number | null, digits?: number): string;
  count(n: number | null, unit: 'people' | 'households' | 'buildings' | 'days' | 'months'): string;
  date(iso: string | null, precision?: DatePrecision): string;
  /** A stored UTC instant shown in China time (UTC+8, no daylight saving), to the minute. */
  dateTime(isoUtc: string | null): string;
}

/** China Standard Time is UTC+8 all year. */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** The date and time of day in China of a UTC instant; null when it is not one. */
export function chinaTime(isoUtc: string): { date: string; hh: string; mm: string } | null {
  const ms = Date.parse(isoUtc);
  if (!Number.isFinite(ms)) return null;
  const x = new Date(ms + CHINA_OFFSET_MS).toISOString();
  return { date: x.slice(0, 10), hh: x.slice(11, 13), mm: x.slice(14, 16) };
}

const DASH = '—';

function isoParts(iso: string): { y: number; m: number; d: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const EN_UNITS = { people: ['person', 'people'], households: ['household', 'households'], buildings: ['building', 'buildings'], days: ['day', 'days'], months: ['month', 'months'] } as const;
const ZH_UNITS = { people: '人', households: '户', buildings: '栋', days: '天', months: '个月' } as const;

function makeFormatter(lang: Lang): Formatter {
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const nf = (digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
  const cache = [0, 1, 2, 3, 4].map(nf);
  const number = (n: number | null, digits = 0) =>
    n === null || !Number.isFinite(n) ? DASH : (cache[digits] ?? nf(digits)).format(n);
  // Chinese writes amounts in 万 and 亿 without separators, as the sources do ("1474万平方米").
  const wan = (n: number, unit: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2, useGrouping: false }).format(n / unit);

  const self: Formatter = {
    lang,
    number,
    area(m2) {
      if (m2 === null || !Number.isFinite(m2)) return DASH;
      if (lang === 'zh') return Math.abs(m2) >= 10_000 ? `${wan(m2, 1e4)}万㎡` : `${number(m2)}㎡`;
      return Math.abs(m2) >= 1_000_000 ? `${number(m2 / 1_000_000, 2)} million m²` : `${number(m2)} m²`;
    },
    money(yuan) {
      if (yuan === null || !Number.isFinite(yuan)) return DASH;
      if (lang === 'zh') {
        if (Math.abs(yuan) >= 1e8) return `${wan(yuan, 1e8)}亿元`;
        if (Math.abs(yuan) >= 1e4) return `${wan(yuan, 1e4)}万元`;
        return `${number(yuan)}元`;
      }
      if (Math.abs(yuan) >= 1e9) return `${number(yuan / 1e9, 2)} billion yuan`;
      if (Math.abs(yuan) >= 1e6) return `${number(yuan / 1e6, 2)} million yuan`;
      return `${number(yuan)} yuan`;
    },
    rate(fraction, digits = 1) {
      if (fraction === null || !Number.isFinite(fraction)) return DASH;
      return `${number(fraction * 100, digits)}%`;
    },
    count(n, unit) {
      if (n === null || !Number.isFinite(n)) return DASH;
      if (lang === 'zh') return unit === 'people' && Math.abs(n) >= 10_000 ? `${wan(n, 1e4)}万人` : `${number(n, 1)}${ZH_UNITS[unit]}`;
      const [one, many] = EN_UNITS[unit];
      return `${number(n, 1)} ${n === 1 ? one : many}`;
    },
    date(iso, precision = 'day') {
      const p = iso ? isoParts(iso) : null;
      if (!p) return DASH;
      if (lang === 'zh') {
        if (precision === 'year') return `${p.y}年底`; // "by the end of" that year, as the English says
        if (precision === 'month') return `${p.y}年${p.m}月`;
        return `${p.y}年${p.m}月${p.d}日`;
      }
      if (precision === 'year') return `by end of ${p.y}`;
      if (precision === 'month') return `${EN_MONTHS[p.m - 1]} ${p.y}`;
      return `${p.d} ${EN_MONTHS[p.m - 1]} ${p.y}`;
    },
    dateTime(isoUtc) {
      const c = isoUtc ? chinaTime(isoUtc) : null;
      if (!c) return DASH;
      return `${self.date(c.date)} ${c.hh}:${c.mm}`;
    },
  };
  return self;
}

const formatters: Record<Lang, Formatter> = { zh: makeFormatter('zh'), en: makeFormatter('en') };

export function formatterFor(lang: Lang): Formatter {
  return formatters[lang];
}

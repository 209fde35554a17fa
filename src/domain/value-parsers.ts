// What a person types for a number, a rate, a date or an area → the stored value. One rule per kind
// of value, used by the spreadsheet import (import-cells.ts) and by the staff forms (web/forms/fields.ts),
// so that what one accepts the other accepts too. Pure: every problem is a message key (`validation.*`,
// optionally `|param`). Nothing is guessed: "1,234", "1.2万", full-width digits, negative numbers,
// exponents and a bare "96" for a rate are refused with a reason.
import { endOfMonth, endOfYear, isIsoDate } from './dates';
import type { DatePrecision, IsoDate } from './types';

export type CellResult<T> = { ok: true; value: T } | { ok: false; key: string };

export interface Period {
  date: IsoDate;
  precision: DatePrecision;
}

export interface NumberOpts {
  integer?: boolean;
  min?: number;
  max: number;
}

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const bad = (key: string): CellResult<never> => ({ ok: false, key });

/** No value a person types is this long; refusing first keeps every pattern below linear. */
const MAX_VALUE_CHARS = 64;

/**
 * A computed value without the noise of binary arithmetic (38.16 × 10000/15 is 25439.999999999996,
 * 57.7 / 100 is 0.5770000000000001): 15 significant digits, more than anything typed or published.
 */
export const withoutNoise = (n: number): number => (Number.isFinite(n) ? Number(n.toPrecision(15)) : n);

/** 1 mu (亩) = 10000/15 m². Areas are stored in m²; mu exists only at the edge. */
export const M2_PER_MU = 10000 / 15;
export const muToM2 = (mu: number): number => withoutNoise(mu * M2_PER_MU);
/** A limit in m² as a limit in mu, without the float noise of dividing by 666.66… (1e9 m² is 1500000 mu). */
export const m2ToMuLimit = (m2: number): number => (m2 * 15) / 10000;

export const FULL_WIDTH = /[\uff10-\uff19\uff0b\uff0c\uff0d\uff0e\uff05]/;

export function checkRange(n: number, o: NumberOpts): CellResult<number> {
  if (!Number.isFinite(n)) return bad(o.integer ? 'validation.integer' : 'validation.number');
  if (n < 0) return bad('validation.import_negative');
  if (o.integer && !Number.isInteger(n)) return bad('validation.integer');
  // Stryker disable next-line ConditionalExpression: equivalent, with no minimum n < undefined is false as well
  if (o.min !== undefined && n < o.min) return bad(`validation.min|${o.min}`);
  if (n > o.max) return bad(`validation.max|${o.max}`);
  return ok(n);
}

/** A non-negative number in plain digits; blank is null. */
export function parseNumberText(text: string, o: NumberOpts): CellResult<number | null> {
  const s = text.trim();
  if (s === '') return ok(null);
  const generic = o.integer ? 'validation.integer' : 'validation.number';
  if (s.length > MAX_VALUE_CHARS) return bad(generic);
  if (/\d[,\uff0c]\d/.test(s)) return bad('validation.import_thousands');
  if (FULL_WIDTH.test(s)) return bad('validation.import_fullwidth');
  if (/[万萬亿億千百]/.test(s)) return bad('validation.import_wan');
  if (/^-\s*\d/.test(s)) return bad('validation.import_negative');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return bad(generic);
  // At most 15 whole digits and 17 significant ones: beyond that a double no longer holds what was written.
  if (m[1]!.replace(/^0+(?=\d)/, '').length > 15) return bad(`validation.max|${o.max}`);
  if ((m[1]! + (m[2] ?? '')).replace(/^0+/, '').replace(/0+$/, '').length > 17 || (m[2]?.length ?? 0) > 30) return bad(generic);
  return checkRange(Number(s), o);
}

/** A rate as a fraction 0–1 (0.96) or a percentage (96%). A bare 96 is refused, not guessed. */
export function parseRateText(text: string): CellResult<number | null> {
  const s = text.trim();
  if (s.length > MAX_VALUE_CHARS) return bad('validation.number');
  // Stryker disable next-line Regex: equivalent without ^, the leftmost match of a lazy (.*?) starts at 0 anyway
  const pct = /^(.*?)\s*[%\uff05]$/.exec(s);
  if (pct) {
    const r = parseNumberText(pct[1]!, { max: 100 });
    if (!r.ok) return r.key.startsWith('validation.max') ? bad('validation.import_rate') : r;
    return r.value === null ? bad('validation.import_rate') : ok(withoutNoise(r.value / 100));
  }
  return rateOfFraction(parseNumberText(s, { max: 1 }));
}

/** Above 1, or too many digits to hold (which the number rule names by its maximum): not a rate. */
export const rateOfFraction = (r: CellResult<number | null>): CellResult<number | null> =>
  !r.ok && r.key.startsWith('validation.max') ? bad('validation.import_rate') : r;

export type AreaUnit = 'mu' | 'm2';

const AREA_UNIT = /^(.*?)\s*(亩|畝|平方米|平米|m²|m2|㎡)$/i;

/**
 * An area in m²: a number in `unit` (the column's or field's unit), or a number followed by its own
 * unit (`38.16亩`, `25440㎡`, `25440 m²`, `25440平方米`). `max` is in m².
 */
export function parseAreaText(text: string, unit: AreaUnit, maxM2: number): CellResult<number | null> {
  const s = text.trim();
  if (s.length > MAX_VALUE_CHARS) return bad('validation.number');
  const u = AREA_UNIT.exec(s);
  const written: AreaUnit = u ? (/亩|畝/.test(u[2]!) ? 'mu' : 'm2') : unit;
  const digits = u ? u[1]! : s;
  if (u && digits.trim() === '') return bad('validation.number');
  // The limit is said in the unit the area was written in.
  const r = parseNumberText(digits, { max: written === 'mu' ? m2ToMuLimit(maxM2) : maxM2 });
  if (!r.ok) return written === 'm2' && r.key.startsWith('validation.max') ? bad(`validation.max_area|${maxM2}`) : r;
  return r.value === null ? r : ok(written === 'mu' ? muToM2(r.value) : r.value);
}

export const MIN_YEAR = 1950;
export const MAX_YEAR = 2100;

export function dayOf(y: number, m: number, d: number): CellResult<IsoDate> {
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isIsoDate(iso)) return bad('validation.date');
  if (y < MIN_YEAR || y > MAX_YEAR) return bad('validation.import_date_range');
  return ok(iso);
}

const withPrecision = (r: CellResult<IsoDate>, precision: DatePrecision): CellResult<Period> =>
  r.ok ? ok({ date: r.value, precision }) : r;

const DAY = /^(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?)$/;
const MONTH = /^(\d{4})\s*(?:[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月)$/;
const YEAR = /^(\d{4})\s*年?(?:底|末)?$/;

/**
 * A date: `2024-03-31`, `2024/3/31`, `2024.3.31`, `2024年3月31日`. With `periods`, also a month
 * (`2024-03`, `2024年3月`) or a year (`2024`, `2024年底`), meaning its last day with that precision,
 * as targets are often given ("end of 2023"). Blank is null.
 */
export function parsePeriodText(text: string, periods: boolean): CellResult<Period | null> {
  const s = text.trim();
  if (s === '') return ok(null);
  const generic = periods ? 'validation.import_period' : 'validation.date';
  if (s.length > MAX_VALUE_CHARS) return bad(generic);
  if (FULL_WIDTH.test(s)) return bad('validation.import_fullwidth');
  const d = DAY.exec(s);
  if (d) return withPrecision(dayOf(Number(d[1]), Number(d[2] ?? d[4]), Number(d[3] ?? d[5])), 'day');
  if (periods) {
    const m = MONTH.exec(s);
    if (m) {
      const month = Number(m[2] ?? m[3]);
      const check = dayOf(Number(m[1]), month, 1);
      return check.ok ? ok({ date: endOfMonth(Number(m[1]), month), precision: 'month' }) : check;
    }
    const y = YEAR.exec(s);
    if (y) {
      const check = dayOf(Number(y[1]), 1, 1);
      return check.ok ? ok({ date: endOfYear(Number(y[1])), precision: 'year' }) : check;
    }
  }
  return bad(generic);
}

/** A day only (a form's date field, a milestone's date): `parsePeriodText` without months or years. */
export function parseDateText(text: string): CellResult<IsoDate | null> {
  const r = parsePeriodText(text, false);
  return r.ok ? ok(r.value?.date ?? null) : r;
}

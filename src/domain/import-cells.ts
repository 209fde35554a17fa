// Spreadsheet cells → typed values, for imports. Pure: every problem is a message key
// (`validation.*`, optionally `|param`), translated where it is shown. Nothing is guessed:
// "1,234", "1.2万", full-width digits, negative numbers and exponents are refused with a reason.
import { addDays, endOfMonth, endOfYear, isIsoDate } from './dates';
import { findPersonalData } from './personal-data';
import type { DatePrecision, IsoDate } from './types';

/** What a reader hands over: CSV gives strings; XLSX also numbers, dates, booleans and error values. */
export type Cell = string | number | boolean | Date | null | { error: string };

export type CellResult<T> = { ok: true; value: T } | { ok: false; key: string };

export interface Period {
  date: IsoDate;
  precision: DatePrecision;
}

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const bad = (key: string): CellResult<never> => ({ ok: false, key });

/** 1 mu (亩) = 10000/15 m². Areas are stored in m²; mu exists only at the edge. */
export const M2_PER_MU = 10000 / 15;
export const muToM2 = (mu: number): number => mu * M2_PER_MU;

/** The shortest decimal in mu that converts back to exactly the stored m² (so exports import unchanged). */
export function formatMu(m2: number): string {
  // Stryker disable next-line EqualityOperator: equivalent, 17 digits always round-trip, so p = 17 returns what the fallback returns
  for (let p = 1; p <= 17; p++) {
    const s = numberText(Number((m2 / M2_PER_MU).toPrecision(p)));
    if (muToM2(Number(s)) === m2) return s;
  }
  return numberText(m2 / M2_PER_MU);
}

/** Plain decimal text, never an exponent (which the importer refuses). */
export function numberText(n: number): string {
  const s = String(n);
  // Stryker disable next-line Regex: equivalent without ^ or $, String(n) never has text before its sign or after its exponent
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[2]! + (m[3] ?? '');
  const exp = Number(m[4]);
  // Stryker disable next-line EqualityOperator: equivalent, String(n) has no exponent 0 (it writes exponents from 21 and below -6)
  if (exp < 0) return `${m[1]}0.${'0'.repeat(-exp - 1)}${digits}`;
  // String() uses a positive exponent only from 1e21 on, and a double has at most 17 digits: no point.
  return m[1] + digits.padEnd(exp + 1, '0');
}

// Spreadsheet formula triggers. A leading quote marks a neutralised cell; one more quote is added
// in front of a value that already looks neutralised, so that the round trip is exact.
const TRIGGER = /^[=+\-@\t\r]/;
const QUOTED_TRIGGER = /^'+[=+\-@\t\r]/;

export function neutralise(s: string): string {
  return TRIGGER.test(s) || QUOTED_TRIGGER.test(s) ? `'${s}` : s;
}

export function unneutralise(s: string): string {
  return QUOTED_TRIGGER.test(s) ? s.slice(1) : s;
}

function specialCell(cell: Cell): CellResult<never> | null {
  if (cell !== null && typeof cell === 'object' && !(cell instanceof Date)) {
    return bad(cell.error === 'formula' ? 'validation.import_formula' : 'validation.import_cell_error');
  }
  return null;
}

const isBlank = (cell: Cell) => cell === null || (typeof cell === 'string' && cell.trim() === '');

// The same characters as a form's one-line text field refuses (web/forms/fields.ts): a record an
// import creates must be one its edit form can save back unchanged.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\r\n]/;
const UNREADABLE = /\ufffd/;

/** Text of at most `max` characters on one line; numbers typed into a text column are kept as typed. */
export function parseText(cell: Cell, max: number): CellResult<string | null> {
  const special = specialCell(cell);
  if (special) return special;
  if (isBlank(cell)) return ok(null);
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(numberText(cell)) : bad('validation.invalid');
  if (typeof cell !== 'string') return bad('validation.import_cell_type');
  const v = unneutralise(cell.trim());
  if (FORBIDDEN.test(v)) return bad('validation.control_chars');
  if (UNREADABLE.test(v)) return bad('validation.encoding');
  if ([...v].length > max) return bad(`validation.too_long|${max}`);
  const personal = findPersonalData(v);
  if (personal) return bad(`validation.personal_data.${personal}`);
  return ok(v);
}

const FULL_WIDTH = /[\uff10-\uff19\uff0b\uff0c\uff0d\uff0e\uff05]/;

export interface NumberOpts {
  integer?: boolean;
  min?: number;
  max: number;
}

function checkRange(n: number, o: NumberOpts): CellResult<number> {
  if (!Number.isFinite(n)) return bad(o.integer ? 'validation.integer' : 'validation.number');
  if (n < 0) return bad('validation.import_negative');
  if (o.integer && !Number.isInteger(n)) return bad('validation.integer');
  // Stryker disable next-line ConditionalExpression: equivalent, with no minimum n < undefined is false as well
  if (o.min !== undefined && n < o.min) return bad(`validation.min|${o.min}`);
  if (n > o.max) return bad(`validation.max|${o.max}`);
  return ok(n);
}

/** A non-negative number in plain digits (or a numeric spreadsheet cell). */
export function parseNumber(cell: Cell, o: NumberOpts): CellResult<number | null> {
  const special = specialCell(cell);
  if (special) return special;
  if (isBlank(cell)) return ok(null);
  if (typeof cell === 'number') return checkRange(cell, o);
  if (typeof cell !== 'string') return bad('validation.import_cell_type');
  const s = cell.trim();
  const generic = o.integer ? 'validation.integer' : 'validation.number';
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
export function parseRate(cell: Cell): CellResult<number | null> {
  if (typeof cell === 'string') {
    const s = cell.trim();
    // Stryker disable next-line Regex: equivalent without ^, the leftmost match of a lazy (.*?) starts at 0 anyway
    const pct = /^(.*?)\s*[%\uff05]$/.exec(s);
    if (pct) {
      const r = parseNumber(pct[1]!, { max: 100 });
      if (!r.ok) return r.key.startsWith('validation.max') ? bad('validation.import_rate') : r;
      return r.value === null ? bad('validation.import_rate') : ok(r.value / 100);
    }
  }
  const r = parseNumber(cell, { max: 1 });
  // Above 1, or too many digits to hold (which parseNumber names by the column's maximum): not a rate.
  return !r.ok && r.key.startsWith('validation.max') ? bad('validation.import_rate') : r;
}

export const MIN_YEAR = 1950;
export const MAX_YEAR = 2100;
const EXCEL_EPOCH = '1899-12-30';

function dayOf(y: number, m: number, d: number): CellResult<IsoDate> {
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isIsoDate(iso)) return bad('validation.date');
  if (y < MIN_YEAR || y > MAX_YEAR) return bad('validation.import_date_range');
  return ok(iso);
}

const withPrecision = (r: CellResult<IsoDate>, precision: DatePrecision): CellResult<Period> =>
  r.ok ? ok({ date: r.value, precision }) : r;

const DAY = /^(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)$/;
const MONTH = /^(\d{4})\s*(?:[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月)$/;
const YEAR = /^(\d{4})\s*年?(?:底|末)?$/;

/**
 * A date: `2024-03-31`, `2024/3/31`, `2024年3月31日`, a spreadsheet date or a date serial number.
 * With `periods`, also a month (`2024-03`, `2024年3月`) or a year (`2024`), meaning its last day
 * with that precision, as targets are often given ("end of 2023").
 */
export function parsePeriod(cell: Cell, periods: boolean): CellResult<Period | null> {
  const special = specialCell(cell);
  if (special) return special;
  if (isBlank(cell)) return ok(null);
  const generic = periods ? 'validation.import_period' : 'validation.date';
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return bad(generic);
    return withPrecision(dayOf(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()), 'day');
  }
  if (typeof cell === 'number') {
    if (periods && Number.isInteger(cell) && cell >= MIN_YEAR && cell <= MAX_YEAR) return ok({ date: endOfYear(cell), precision: 'year' });
    if (!Number.isFinite(cell) || cell < 1 || cell > 2_958_465) return bad(generic);
    const iso = addDays(EXCEL_EPOCH, Math.floor(cell));
    return withPrecision(dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))), 'day');
  }
  if (typeof cell !== 'string') return bad('validation.import_cell_type');
  const s = cell.trim();
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

/** How an export writes a target: the month or the year alone when that is all that is known. */
export function formatPeriod(date: IsoDate | null, precision: DatePrecision): string | null {
  if (date === null) return null;
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (precision === 'year' && date === endOfYear(y)) return date.slice(0, 4);
  if (precision === 'month' && date === endOfMonth(y, m)) return date.slice(0, 7);
  return date;
}

/** Equal within float noise (areas converted from mu, sums typed in a spreadsheet). */
export function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

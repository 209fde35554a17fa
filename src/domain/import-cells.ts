// Spreadsheet cells → typed values, for imports. Pure: every problem is a message key
// (`validation.*`, optionally `|param`), translated where it is shown. A text cell is read by the
// same rule as a form field (value-parsers.ts); here only what a spreadsheet adds (numeric and date
// cells, error values, formulas) is handled.
import { addDays, endOfMonth, endOfYear } from './dates';
import { findPersonalData } from './personal-data';
import type { DatePrecision, IsoDate } from './types';
import {
  M2_PER_MU, MAX_YEAR, MIN_YEAR, checkRange, m2ToMuLimit, dayOf, muToM2, parseAreaText, parseNumberText, parsePeriodText, parseRateText, rateOfFraction, withoutNoise,
  type AreaUnit, type CellResult, type NumberOpts, type Period,
} from './value-parsers';

export { M2_PER_MU, MAX_YEAR, MIN_YEAR, muToM2, withoutNoise, type CellResult, type NumberOpts, type Period };

/** How close a mu text must come back to the stored m²: a few units in the last place of a double. */
const MU_ROUND_TRIP = 2 ** -48;

/** What a reader hands over: CSV gives strings; XLSX also numbers, dates, booleans and error values. */
export type Cell = string | number | boolean | Date | null | { error: string };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
const bad = (key: string): CellResult<never> => ({ ok: false, key });

/**
 * The shortest decimal in mu that converts back to the stored m² within a few units in the last place
 * (so exports import unchanged, and 25440 m² is 38.16 mu, not 38.160000000000004).
 */
export function formatMu(m2: number): string {
  // Stryker disable next-line EqualityOperator: equivalent, 17 digits always round-trip, so p = 17 returns what the fallback returns
  for (let p = 1; p <= 17; p++) {
    const s = numberText(Number((m2 / M2_PER_MU).toPrecision(p)));
    if (Math.abs(muToM2(Number(s)) - m2) <= Math.abs(m2) * MU_ROUND_TRIP) return s;
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

/** A non-negative number in plain digits (or a numeric spreadsheet cell). */
export function parseNumber(cell: Cell, o: NumberOpts): CellResult<number | null> {
  const special = specialCell(cell);
  if (special) return special;
  if (isBlank(cell)) return ok(null);
  if (typeof cell === 'number') return checkRange(cell, o);
  if (typeof cell !== 'string') return bad('validation.import_cell_type');
  return parseNumberText(cell, o);
}

/** A rate as a fraction 0–1 (0.96) or a percentage (96%). A bare 96 is refused, not guessed. */
export function parseRate(cell: Cell): CellResult<number | null> {
  if (typeof cell === 'string') return parseRateText(cell);
  return rateOfFraction(parseNumber(cell, { max: 1 }));
}

/** An area in m² from a cell in `unit`, or a text with its own unit (`38.16亩`, `25440㎡`). */
export function parseArea(cell: Cell, unit: AreaUnit, maxM2: number): CellResult<number | null> {
  if (typeof cell === 'string') return parseAreaText(cell, unit, maxM2);
  const r = parseNumber(cell, { max: unit === 'mu' ? m2ToMuLimit(maxM2) : maxM2 });
  if (!r.ok) return unit === 'm2' && r.key.startsWith('validation.max') ? bad(`validation.max_area|${maxM2}`) : r;
  return r.value === null || unit === 'm2' ? r : ok(muToM2(r.value));
}

const EXCEL_EPOCH = '1899-12-30';

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
  const asDay = (r: CellResult<IsoDate>): CellResult<Period> => (r.ok ? ok({ date: r.value, precision: 'day' }) : r);
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return bad(generic);
    return asDay(dayOf(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate()));
  }
  if (typeof cell === 'number') {
    if (periods && Number.isInteger(cell) && cell >= MIN_YEAR && cell <= MAX_YEAR) return ok({ date: endOfYear(cell), precision: 'year' });
    if (!Number.isFinite(cell) || cell < 1 || cell > 2_958_465) return bad(generic);
    const iso = addDays(EXCEL_EPOCH, Math.floor(cell));
    return asDay(dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))));
  }
  if (typeof cell !== 'string') return bad('validation.import_cell_type');
  return parsePeriodText(cell, periods);
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

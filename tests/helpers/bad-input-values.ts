// The shared table of hostile values for the bad-input suite (tests/integration/bad-input), and what
// each kind of input is expected to do with them. The expectations are written out here, from the
// rules the forms promise (plain ASCII digits, real dates as the importer reads them, one line of
// visible text, one value per field), not computed with the application's own parsers.
import { stackLines } from './html';

/** How a form field reads its value (see src/web/forms/fields.ts). */
export type FieldKind =
  | 'text' // one line of text
  | 'note' // text that may span lines
  | 'integer'
  | 'decimal'
  | 'rate' // 0.96 or 96%, as the importer reads it
  | 'area' // a land area in mu, or with its own unit (25440㎡)
  | 'date'
  | 'choice' // a value from a list
  | 'ref' // `kind:id` from a list (milestone target, report scope): text first, then the list
  | 'id' // a record id from a list (project → village): read as a whole number
  | 'escalation' // escalation steps written as `18×1.5, 24×2`: text first, then that form
  | 'checkbox'
  | 'radio' // one of a group of radio buttons (a rating)
  | 'password' // never echoed; judged by the password rules
  | 'opaque' // a token looked up as is (an upload id)
  | 'file'; // a multipart file part

/** What the form says about a value; each has its own message. */
export type Refusal =
  | 'required' | 'single' | 'integer' | 'number' | 'date' | 'choice' | 'control' | 'tooLong' | 'encoding'
  // the number rule shared with the importer names what is wrong
  | 'negative' | 'fullwidth' | 'thousands' | 'wan'
  // escalation steps not written as months×multiplier
  | 'escalation';

export interface HostileValue {
  name: string;
  /** `undefined`: the field is left out of the body; an array: the parameter repeated (`f=1&f=2`). */
  value: string | readonly string[] | undefined;
  /** What a text field does with it (every other kind refuses a non-blank hostile value). */
  asText: 'accept' | 'control' | 'tooLong' | 'encoding';
  /** What a number field says, when more than "not a number" (the rule names the mistake). */
  asNumber?: 'negative' | 'fullwidth' | 'thousands' | 'wan';
  /** What a date field does with it, when not "not a date": named, or accepted (null). */
  asDate?: 'fullwidth' | null;
}

/** Longer than every text field of every form (the longest, a note, takes 2000 characters). */
export const OVER_LONG = 'x'.repeat(2001);
/** Far over any field and, percent-encoded, over the 64 kB body limit on its own. */
export const HUGE = 'x'.repeat(100_000);

export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '"><img src=x onerror=alert(1)>';

export const HOSTILE: readonly HostileValue[] = [
  { name: 'negative', value: '-5', asText: 'accept', asNumber: 'negative' },
  { name: 'negative decimal', value: '-0.5', asText: 'accept', asNumber: 'negative' },
  { name: 'NaN', value: 'NaN', asText: 'accept' },
  { name: 'Infinity', value: 'Infinity', asText: 'accept' },
  { name: '-Infinity', value: '-Infinity', asText: 'accept' },
  { name: '1e400', value: '1e400', asText: 'accept' },
  { name: 'exponent', value: '1e3', asText: 'accept' },
  { name: 'full-width digits', value: '１２３', asText: 'accept', asNumber: 'fullwidth', asDate: 'fullwidth' },
  { name: 'thousands separator', value: '1,234', asText: 'accept', asNumber: 'thousands' },
  { name: '万', value: '1.2万', asText: 'accept', asNumber: 'wan' },
  { name: 'hexadecimal', value: '0x10', asText: 'accept' },
  { name: 'empty', value: '', asText: 'accept' },
  { name: 'white space only', value: '   ', asText: 'accept' },
  { name: 'missing', value: undefined, asText: 'accept' },
  { name: 'repeated parameter', value: ['1', '2'], asText: 'accept' },
  { name: 'over-long text', value: OVER_LONG, asText: 'tooLong' },
  { name: 'NUL byte', value: 'a\u0000b', asText: 'control' },
  { name: 'bidi override (U+202E)', value: 'abc\u202Edef', asText: 'control' },
  { name: 'zero-width space (U+200B)', value: 'a\u200Bb', asText: 'control' },
  { name: 'C1 control (U+0085)', value: 'a\u0085b', asText: 'control' },
  { name: 'line separator (U+2028)', value: 'a\u2028b', asText: 'control' },
  { name: 'noncharacter (U+FFFF), which XML cannot hold', value: 'a\uFFFFb', asText: 'control' },
  { name: 'replacement character (bytes that were not UTF-8)', value: 'a\uFFFDb', asText: 'encoding' },
  { name: 'script element', value: SCRIPT, asText: 'accept' },
  { name: 'attribute break-out', value: IMG, asText: 'accept' },
  { name: 'SQL-ish', value: "1' OR '1'='1", asText: 'accept' },
  { name: 'emoji (astral characters)', value: '赵村🏠😀', asText: 'accept' },
  { name: 'date 2026-02-30', value: '2026-02-30', asText: 'accept' },
  { name: 'date 99999-01-01', value: '99999-01-01', asText: 'accept' },
  { name: 'date 2026-13-01', value: '2026-13-01', asText: 'accept' },
  // a real day written without leading zeros, as the importer reads it
  { name: 'date 2026-1-1', value: '2026-1-1', asText: 'accept', asDate: null },
];

/** Dates after the tests' "today" (AS_OF = 2026-11-26), for fields whose rules forbid the future. */
export const FUTURE_DATES = ['2026-11-27', '2099-01-01'] as const;

export const isBlank = (v: HostileValue['value']): boolean => v === undefined || (typeof v === 'string' && v.trim() === '');

export interface FieldSpec {
  kind: FieldKind;
  required?: boolean;
  /** Characters a text field takes (text, note, ref). */
  max?: number;
}

/** What a field must answer to a hostile value: a refusal, or null (accepted and kept as typed). */
export function expectedRefusal(spec: FieldSpec, h: HostileValue): Refusal | null {
  const { kind } = spec;
  if (Array.isArray(h.value)) return 'single';
  if (isBlank(h.value)) return spec.required && kind !== 'checkbox' ? 'required' : null;
  const text = (): Refusal | null => (h.asText !== 'accept' ? h.asText : [...(h.value as string).trim()].length > (spec.max ?? 200) ? 'tooLong' : null);
  switch (kind) {
    case 'checkbox': return null;
    case 'text':
    case 'note': return text();
    case 'ref': return text() ?? 'choice';
    // no hostile value is a list of months×multiplier
    case 'escalation': return text() ?? 'escalation';
    case 'integer':
    case 'id': return h.asNumber ?? 'integer';
    case 'decimal':
    case 'rate':
    case 'area': return h.asNumber ?? 'number';
    case 'date': return h.asDate !== undefined ? h.asDate : 'date';
    case 'choice':
    case 'radio': return 'choice';
    default: throw new Error(`no general expectation for a ${kind} field`);
  }
}

/** The English message of each refusal (the agents of the suite read the pages in English). */
export const MESSAGE: Readonly<Record<Refusal, RegExp>> = {
  required: /Enter a value/,
  single: /Enter one value only/,
  integer: /Enter a whole number in plain digits/,
  number: /Enter a number in plain digits/,
  date: /Enter a real date/,
  choice: /Choose from the list/,
  control: /invisible control or direction characters/,
  tooLong: /characters or fewer/,
  encoding: /could not be read/,
  negative: /Cannot be negative/,
  fullwidth: /Use plain \(half-width\) digits/,
  thousands: /Do not use thousands separators/,
  wan: /Write the plain number without 万 or 亿/,
  escalation: /months×multiplier/,
};

/** Ids in a path or query that are not a positive whole number in ASCII digits that fits 32 bits. */
export const BAD_IDS: readonly [string, string][] = [
  ['letters', 'abc'], ['negative', '-1'], ['zero', '0'], ['decimal', '1.5'], ['leading zero', '01'],
  ['full-width digit', '１'], ['exponent', '1e3'], ['NaN', 'NaN'], ['Infinity', 'Infinity'], ['hex', '0x10'],
  ['plus sign', '+1'], ['past int32', '2147483648'], ['20 digits', '99999999999999999999'], ['NUL byte', '\u0000'],
  ['white space', ' 1'], ['script', SCRIPT], ['SQL-ish', "1' OR '1'='1"], ['bidi override', '1\u202E'],
];

/** The raw markup of a payload must never come back unescaped. */
export function reflectsRaw(text: string): boolean {
  return text.includes(SCRIPT) || text.includes('<img src=x onerror');
}

/** Nothing of the server's inside: no stack lines, no error class names, no source paths. */
export function leaks(text: string): string[] {
  const found = [...stackLines(text)];
  const m = /ReferenceError|TypeError|NotFoundError|ValidationError|ZodError|node_modules|\/src\/|\.ts:\d+|\.ejs:\d+/.exec(text);
  if (m) found.push(m[0]);
  return found;
}

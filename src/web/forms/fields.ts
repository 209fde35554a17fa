// Form fields as zod schemas. Every message is a dictionary key (`validation.*`), translated where
// it is shown, so the same schema serves Chinese and English users and the command line. Numbers,
// dates, rates and areas are read by the importer's rules (domain/value-parsers.ts).
import { z } from 'zod';
import { parseAreaText, parseDateText, parseNumberText, parseRateText, type AreaUnit, type CellResult } from '../../domain/value-parsers';
import { findPersonalData } from '../../domain/personal-data';

/**
 * Control characters (NUL …), bidi marks and overrides, zero-width and invisible format characters
 * and line/paragraph separators never belong in a form field; nor do the noncharacters U+FFFE and
 * U+FFFF, which XML (and so an XLSX export) cannot hold.
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff]/;

/** The text without the characters that never belong in one (a search term with a NUL byte, which PostgreSQL cannot even hold). */
export const withoutInvisible = (s: string): string => s.replace(new RegExp(FORBIDDEN.source, 'g'), '');

/** U+FFFD stands for bytes that were not UTF-8 (a body sent in another encoding): the text is lost. */
const UNREADABLE = /\ufffd/;

/**
 * A single string value: repeated parameters (arrays in Express 5) and objects are refused. A key
 * that is absent (an unticked checkbox, a field the form does not send) reads as empty.
 */
const single = z.unknown().optional().transform((v, ctx) => {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    ctx.addIssue({ code: 'custom', message: 'validation.single' });
    return z.NEVER;
  }
  return v.trim();
});

function text(opts: { max?: number; optional?: boolean; multiline?: boolean; personalChecked?: boolean } = {}) {
  const max = opts.max ?? 200;
  return single.transform((v, ctx) => {
    if (v === '') {
      if (opts.optional) return null;
      ctx.addIssue({ code: 'custom', message: 'validation.required' });
      return z.NEVER;
    }
    const bad = opts.multiline ? FORBIDDEN.test(v.replace(/\r?\n/g, '')) : FORBIDDEN.test(v) || /[\r\n]/.test(v);
    if (bad) ctx.addIssue({ code: 'custom', message: 'validation.control_chars' });
    else if (UNREADABLE.test(v)) ctx.addIssue({ code: 'custom', message: 'validation.encoding' });
    else if ([...v].length > max) ctx.addIssue({ code: 'custom', message: `validation.too_long|${max}` });
    else if (!opts.personalChecked) {
      // Most text here is published; no one's personal information is (PIPL), see domain/personal-data.ts.
      const personal = findPersonalData(v);
      if (personal) ctx.addIssue({ code: 'custom', message: `validation.personal_data.${personal}` });
    }
    return v;
  });
}

/** A field read by one of the shared rules of domain/value-parsers.ts (the importer reads its cells by the same). */
function parsed<T>(rule: (v: string) => CellResult<T | null>, opts: { optional?: boolean }) {
  return single.transform((v, ctx): T | null => {
    if (v === '') {
      if (opts.optional) return null;
      ctx.addIssue({ code: 'custom', message: 'validation.required' });
      return z.NEVER;
    }
    const r = rule(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.key });
      return z.NEVER;
    }
    return r.value;
  });
}

const numeric = (opts: { integer?: boolean; min?: number; max?: number; optional?: boolean }) =>
  parsed((v) => parseNumberText(v, { integer: opts.integer, min: opts.min, max: opts.max ?? 1e15 }), opts);
const date = (opts: { optional?: boolean } = {}) => parsed(parseDateText, opts);
const rate = (opts: { optional?: boolean } = {}) => parsed(parseRateText, opts);
const area = (unit: AreaUnit, maxM2: number, opts: { optional?: boolean } = {}) => parsed((v) => parseAreaText(v, unit, maxM2), opts);

function choice<T extends string>(values: readonly T[], opts: { optional?: boolean } = {}) {
  return single.transform((v, ctx): T | null => {
    if (v === '' && opts.optional) return null;
    if (!(values as readonly string[]).includes(v)) {
      ctx.addIssue({ code: 'custom', message: v === '' ? 'validation.required' : 'validation.choice' });
      return z.NEVER;
    }
    return v as T;
  });
}

/** A required field never yields null (the transform refuses the empty value first). */
const required = <T>(schema: z.ZodType<T | null>) => schema as unknown as z.ZodType<T>;

export const field = {
  text: (max = 200) => required<string>(text({ max })),
  optionalText: (max = 200) => text({ max, optional: true }),
  note: (max = 2000) => text({ max, optional: true, multiline: true }),
  /** A resident's message: required, several lines; the service refuses personal data with words for residents. */
  message: (max = 2000) => required<string>(text({ max, multiline: true, personalChecked: true })),
  integer: (min = 0, max = 1e12) => required<number>(numeric({ integer: true, min, max })),
  optionalInteger: (min = 0, max = 1e12) => numeric({ integer: true, min, max, optional: true }),
  decimal: (min = 0, max = 1e12) => required<number>(numeric({ min, max })),
  optionalDecimal: (min = 0, max = 1e12) => numeric({ min, max, optional: true }),
  date: () => required<string>(date()),
  optionalDate: () => date({ optional: true }),
  /** 0.96 or 96%, as a fraction 0–1. */
  optionalRate: () => rate({ optional: true }),
  /** An area in m², typed in `unit` or with its own (38.16亩, 25440㎡). */
  optionalArea: (unit: AreaUnit, maxM2: number) => area(unit, maxM2, { optional: true }),
  choice: <T extends string>(values: readonly T[]) => required<T>(choice(values)),
  optionalChoice: <T extends string>(values: readonly T[]) => choice(values, { optional: true }),
  id: () => required<number>(numeric({ integer: true, min: 1, max: 2_147_483_647 })),
  checkbox: () => single.transform((v) => v === 'on' || v === '1' || v === 'true'),
};

/** zod issues → { field: messageKey } (the first problem of each field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    if (!(key in out)) out[key] = issue.message.startsWith('validation.') ? issue.message : 'validation.invalid';
  }
  return out;
}

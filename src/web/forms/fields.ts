// Form fields as zod schemas. Every message is a dictionary key (`validation.*`), translated where
// it is shown, so the same schema serves Chinese and English users and the command line.
import { z } from 'zod';
import { isIsoDate } from '../../domain/dates';
import { findPersonalData } from '../../domain/personal-data';

/**
 * Control characters (NUL …), bidi marks and overrides, zero-width and invisible format characters
 * and line/paragraph separators never belong in a form field; nor do the noncharacters U+FFFE and
 * U+FFFF, which XML (and so an XLSX export) cannot hold.
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff]/;

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

function text(opts: { max?: number; optional?: boolean; multiline?: boolean } = {}) {
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
    else {
      // Most text here is published; no one's personal information is (PIPL), see domain/personal-data.ts.
      const personal = findPersonalData(v);
      if (personal) ctx.addIssue({ code: 'custom', message: `validation.personal_data.${personal}` });
    }
    return v;
  });
}

function numeric(opts: { integer?: boolean; min?: number; max?: number; optional?: boolean }) {
  return single.transform((v, ctx): number | null => {
    if (v === '') {
      if (opts.optional) return null;
      ctx.addIssue({ code: 'custom', message: 'validation.required' });
      return z.NEVER;
    }
    // Plain ASCII digits only: "1,234", "1.2万", full-width digits and exponents are refused, not guessed.
    const pattern = opts.integer ? /^\d{1,15}$/ : /^\d{1,15}(\.\d{1,6})?$/;
    if (!pattern.test(v)) {
      ctx.addIssue({ code: 'custom', message: opts.integer ? 'validation.integer' : 'validation.number' });
      return z.NEVER;
    }
    const n = Number(v);
    if (opts.min !== undefined && n < opts.min) ctx.addIssue({ code: 'custom', message: `validation.min|${opts.min}` });
    if (opts.max !== undefined && n > opts.max) ctx.addIssue({ code: 'custom', message: `validation.max|${opts.max}` });
    return n;
  });
}

function date(opts: { optional?: boolean } = {}) {
  return single.transform((v, ctx): string | null => {
    if (v === '') {
      if (opts.optional) return null;
      ctx.addIssue({ code: 'custom', message: 'validation.required' });
      return z.NEVER;
    }
    if (!isIsoDate(v)) {
      ctx.addIssue({ code: 'custom', message: 'validation.date' });
      return z.NEVER;
    }
    return v;
  });
}

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
  integer: (min = 0, max = 1e12) => required<number>(numeric({ integer: true, min, max })),
  optionalInteger: (min = 0, max = 1e12) => numeric({ integer: true, min, max, optional: true }),
  decimal: (min = 0, max = 1e12) => required<number>(numeric({ min, max })),
  optionalDecimal: (min = 0, max = 1e12) => numeric({ min, max, optional: true }),
  date: () => required<string>(date()),
  optionalDate: () => date({ optional: true }),
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

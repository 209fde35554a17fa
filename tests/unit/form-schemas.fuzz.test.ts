// Property-based fuzzing of the form schemas (the zod schema behind each staff form, and the field
// builders every form is made of): arbitrary bodies never throw and give either typed values or
// errors keyed by the form's own field names, each a message the dictionaries have; numbers in plain
// ASCII digits are taken, and every other spelling of the same number is refused, saying why (the
// importer's rule, domain/value-parsers.ts).
import fc from 'fast-check';
import { z } from 'zod';
import { field, fieldErrors } from '../../src/web/forms/fields';
import { projectSchema, villageSchema } from '../../src/web/routes/admin/catalogue.forms';
import { batchSchema, buildingEditSchema, buildingSchema } from '../../src/web/routes/admin/batch-building.forms';
import { milestoneSchema, reportSchema } from '../../src/web/routes/admin/milestone-report.forms';
import { isIsoDate } from '../../src/domain/dates';
import { en } from '../../src/i18n/en';
import { zh } from '../../src/i18n/zh';
import { POST_ROUTES, type PostField } from '../helpers/bad-input-routes';
import { HOSTILE } from '../helpers/bad-input-values';

const RUNS = { numRuns: 300 };

/** Each exported form schema, with the field table of its route (tests/helpers/bad-input-routes.ts). */
const SCHEMAS: [string, z.ZodObject, Readonly<Record<string, PostField>>][] = [
  ['village', villageSchema, POST_ROUTES.find((r) => r.path === '/admin/villages/new')!.fields],
  ['project', projectSchema, POST_ROUTES.find((r) => r.path === '/admin/projects/:id/edit')!.fields],
  ['batch', batchSchema, POST_ROUTES.find((r) => r.path === '/admin/batches/:id/edit')!.fields],
  ['new building', buildingSchema, POST_ROUTES.find((r) => r.path === '/admin/batches/:id/buildings/new')!.fields],
  ['building', buildingEditSchema, POST_ROUTES.find((r) => r.path === '/admin/buildings/:id/edit')!.fields],
  ['milestone', milestoneSchema, POST_ROUTES.find((r) => r.path === '/admin/milestones/new')!.fields],
  ['report', reportSchema, POST_ROUTES.find((r) => r.path === '/admin/reports/new')!.fields],
];

/** A message key (`validation.too_long|200`) that both dictionaries translate. */
function translated(key: string): boolean {
  const base = key.split('|')[0]!;
  const look = (dict: unknown) => typeof base.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], dict) === 'string';
  return look(en) && look(zh);
}

const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ufffd-\uffff]/;

/** What a browser, or anything pretending to be one, may put in a field. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE.map((h) => h.value)) },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('2024-02-29', '2026-11-26', 'batch:1', 'project:2', 'district:1', 'on', 'planned', 'delivered', 'day', 'resettlement', 'under_construction')) },
  { weight: 1, arbitrary: fc.array(fc.string(), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.oneof(fc.object({ maxDepth: 1 }), fc.integer(), fc.boolean(), fc.constant(null)) },
);

describe.each(SCHEMAS)('the %s form', (_name, schema, fields) => {
  const names = Object.keys(schema.shape);

  test('the field table knows exactly the schema\'s fields', () => {
    expect([...names].sort()).toEqual(Object.keys(fields).sort());
  });

  test('any body: typed values, or errors keyed by its own field names with messages the dictionaries have', () => {
    const body = fc.record(Object.fromEntries(names.map((n) => [n, anyValue])), { requiredKeys: [] });
    const extra = fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 3 });
    fc.assert(fc.property(body, extra, (b, x) => {
      const r = schema.safeParse({ ...x, ...b });
      if (!r.success) {
        const errors = fieldErrors(r.error);
        expect(Object.keys(errors).length).toBeGreaterThan(0);
        for (const [k, key] of Object.entries(errors)) {
          expect(names).toContain(k);
          expect({ key, translated: translated(key) }).toEqual({ key, translated: true });
        }
        return;
      }
      const out = r.data as Record<string, unknown>;
      expect(Object.keys(out).sort()).toEqual([...names].sort()); // unknown keys are dropped
      for (const [n, spec] of Object.entries(fields)) {
        const v = out[n];
        if (v === null) {
          expect({ n, optional: !spec.required }).toEqual({ n, optional: true });
          continue;
        }
        switch (spec.kind) {
          case 'integer':
          case 'id': expect(Number.isSafeInteger(v) && (v as number) >= 0).toBe(true); break;
          case 'decimal':
          case 'area': expect(Number.isFinite(v) && (v as number) >= 0).toBe(true); break;
          case 'rate': expect(Number.isFinite(v) && (v as number) >= 0 && (v as number) <= 1).toBe(true); break;
          case 'date': expect(isIsoDate(v)).toBe(true); break;
          case 'checkbox': expect(typeof v).toBe('boolean'); break;
          default:
            expect(typeof v).toBe('string');
            expect((v as string).trim()).toBe(v);
            expect(INVISIBLE.test((v as string).replace(spec.kind === 'note' ? /\r?\n/g : /$^/, ''))).toBe(false);
            expect([...(v as string)].length).toBeLessThanOrEqual(spec.max ?? 200);
        }
      }
    }), RUNS);
  });

  const numeric = Object.entries(fields).filter(([, s]) => ['integer', 'decimal', 'id', 'rate', 'area'].includes(s.kind));
  // (the milestone form has no number)
  const eachNumber = numeric.length ? test.each(numeric.map(([n, s]) => [n, s.kind] as const)) : () => undefined;

  // a rate is written as a percentage (96%), a land area in mu (1 mu = 10000/15 m²)
  const written = (kind: string, v: number) => (kind === 'rate' ? `${v}%` : String(v));
  const meant = (kind: string, v: number) => (kind === 'rate' ? v / 100 : kind === 'area' ? v * 10000 / 15 : v);
  eachNumber('%s (%s): plain ASCII digits are taken, as that number', (n: string, kind: string) => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), fc.constantFrom('', ' ', '  '), (v, pad) => {
      const r = schema.safeParse({ [n]: `${pad}${written(kind, v)}${pad}` });
      const errors = r.success ? {} : fieldErrors(r.error);
      expect(errors[n]).toBeUndefined();
      if (r.success) expect((r.data as Record<string, unknown>)[n]).toBe(meant(kind, v));
    }), { numRuns: 50 });
  });

  const fullWidth = (s: string) => s.replace(/[0-9.,+-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  // each spelling with the message it must get: what is wrong with it, or "not a plain number"
  const hostile = fc.integer({ min: 1000, max: 999_999_999 }).chain((v) => fc.constantFrom(
    [fullWidth(String(v)), 'validation.import_fullwidth'], [v.toLocaleString('en-US'), 'validation.import_thousands'], [`${v / 10_000}万`, 'validation.import_wan'],
    [`${v}e0`, null], [`${v / 1000}e3`, null], [`+${v}`, null], [`-${v}`, 'validation.import_negative'], [`${v} kg`, null], [`0x${v.toString(16)}`, null],
    [`${v}.`, null], [`.${v}`, null], [`${v},5`, 'validation.import_thousands'], [`１${v}`, 'validation.import_fullwidth'],
  ));

  eachNumber('%s (%s): every other spelling of a number is refused, saying why', (n: string, kind: string) => {
    fc.assert(fc.property(hostile, ([text, key]) => {
      const r = schema.safeParse({ [n]: text });
      expect(r.success).toBe(false);
      const generic = kind === 'integer' || kind === 'id' ? 'validation.integer' : 'validation.number';
      expect({ text, error: fieldErrors((r as { error: z.ZodError }).error)[n] }).toEqual({ text, error: key ?? generic });
    }), RUNS);
  });
});

describe('the field builders every form is made of', () => {
  const parse = (schema: z.ZodType, value: unknown) => {
    const r = z.object({ v: schema }).safeParse({ v: value });
    return r.success ? { ok: (r.data as { v: unknown }).v } : { error: fieldErrors(r.error).v! };
  };
  const range = fc.tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 9 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

  test('integer(min, max): a number in range is taken, one outside names the limit', () => {
    fc.assert(fc.property(range, fc.integer({ min: 0, max: 10 ** 10 }), ([min, max], n) => {
      const r = parse(field.integer(min, max), String(n));
      expect(r).toEqual(n < min ? { error: `validation.min|${min}` } : n > max ? { error: `validation.max|${max}` } : { ok: n });
    }), RUNS);
  });

  test('decimal: up to 17 significant digits in plain digits are taken exactly as written', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 12 }), (whole, frac) => {
      const text = `${whole}.${frac}`;
      const r = parse(field.decimal(0, 1e12), text);
      const significant = `${whole}${frac}`.replace(/^0+/, '').replace(/0+$/, '').length;
      expect(r).toEqual(significant <= 17 ? { ok: Number(text) } : { error: 'validation.number' });
    }), RUNS);
  });

  test('text(max): counted in characters; invisible characters refused; anything else kept, trimmed', () => {
    fc.assert(fc.property(fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), fc.constantFrom('\u0000', '\u202E', '\u200B', '\uFFFF', '\uFFFD', '\n')), maxLength: 12 }), fc.integer({ min: 1, max: 10 }), (s, max) => {
      const r = parse(field.optionalText(max), s);
      const v = s.trim();
      if (v === '') expect(r).toEqual({ ok: null });
      else if (/[\r\n]/.test(v) || INVISIBLE.test(v)) expect(r).toEqual({ error: expect.stringMatching(/^validation\.(control_chars|encoding)$/) });
      else if ([...v].length > max) expect(r).toEqual({ error: `validation.too_long|${max}` });
      else expect(r).toEqual(expect.objectContaining({})); // kept as typed, or refused as personal data
      if ('ok' in r && r.ok !== null) expect(r.ok).toBe(v);
    }), RUNS);
  });

  test('date: a real day as the importer reads it (2024-03-31, 2024/3/31, 2024年3月31日) from 1950 to 2100; full-width digits and times refused', () => {
    fc.assert(fc.property(fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }), fc.constantFrom('iso', 'slash', 'short', 'chinese', 'fullwidth', 'time'), (d, how) => {
      const iso = d.toISOString().slice(0, 10);
      const [y, m, day] = iso.split('-');
      const text = {
        iso, slash: iso.replace(/-/g, '/'), short: iso.replace(/-0/g, '-'), chinese: `${y}年${Number(m)}月${Number(day)}日`,
        fullwidth: iso.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)), time: `${iso}T00:00`,
      }[how];
      const year = Number(y);
      const r = parse(field.date(), text);
      if (how === 'fullwidth') expect(r).toEqual({ error: 'validation.import_fullwidth' });
      else if (how === 'time') expect(r).toEqual({ error: 'validation.date' });
      else expect(r).toEqual(year >= 1950 && year <= 2100 ? { ok: iso } : { error: 'validation.import_date_range' });
    }), RUNS);
  });
});

// One pattern for every staff form (GOV.UK style): an error summary at the top, the message beside
// each field, the values the user typed kept; 400 for invalid input, 409 when someone else saved
// first. The schema (zod) parses; the service applies the business rules and writes.
import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { ConflictError, ValidationError } from '../../domain/errors';
import { translateErrors } from '../messages';
import { fieldErrors } from './fields';
import { setFlash, type Flash } from '../middleware/flash';

export interface FieldView {
  name: string;
  kind: 'text' | 'number' | 'date' | 'select' | 'textarea' | 'checkbox';
  /** Dictionary key of the label; `field.<name>` when absent. */
  label?: string;
  /** With `group`, options are shown in groups (optgroup) in the order they come. */
  options?: { value: string; label: string; group?: string }[];
  /** Unit shown after the input (m², 元, 人 …), as a dictionary key. */
  unit?: string;
  hint?: string;
  required?: boolean;
  integer?: boolean;
  list?: string[];
}

export interface Loaded<C> {
  values: Record<string, string>;
  version?: number;
  context: C;
}

export interface FormDef<S extends z.ZodType, C> {
  view?: string;
  title: (res: Response, ctx: C) => string;
  intro?: (res: Response, ctx: C) => string | null;
  fields: (res: Response, ctx: C) => FieldView[];
  /** Facts shown above the fields, as label and text (what a deletion will remove). */
  details?: (res: Response, ctx: C) => { label: string; value: string }[];
  /** Other things to do with the record, linked under the form (deleting it). */
  links?: (res: Response, ctx: C) => { href: string; label: string; danger?: boolean }[];
  /** A search above the form (a GET form, so it works without JavaScript) that narrows a long list. */
  filter?: (req: Request, res: Response, ctx: C) => FormFilter;
  /** Where "cancel" leads; the workspace when absent. */
  cancel?: (ctx: C) => string;
  /** The submit button: its label (a dictionary key, `form.save` when absent) and whether it destroys. */
  submit?: { label: string; danger?: boolean };
  schema: S;
  /** `save`: only what saving needs (ids, version), not the options a page shows. */
  load: (req: Request, res: Response, purpose: 'render' | 'save') => Promise<Loaded<C>>;
  save: (input: z.output<S>, req: Request, res: Response, loaded: Loaded<C>) => Promise<string>;
  /** What the next page says was saved; "已保存“<name>”" or "已保存" when absent. */
  saved?: (res: Response, input: z.output<S>) => string;
  /** The audit records of what changed, when the page saved to is not a record's own page (settings). */
  changed?: { objectType: string };
}

/** The record a page shows (`/projects/12` → project 12): its change history is what a save changed. */
const RECORD_PAGE = /^\/(village|project|batch|building)(?:e?s)\/([1-9]\d{0,9})(?:[/?]|$)/;

function savedFlash(res: Response, text: string, next: string, edited: string | null, changed: { objectType: string } | undefined): Flash {
  const t = res.locals.t;
  const links: Flash['links'] = [];
  const page = RECORD_PAGE.exec(next);
  if (page) links.push({ href: `/admin/audit?objectType=${page[1]}&objectId=${page[2]}`, label: t('form.savedHistory') });
  else if (changed) links.push({ href: `/admin/audit?objectType=${encodeURIComponent(changed.objectType)}`, label: t('form.savedHistory') });
  if (edited && edited !== next) links.push({ href: edited, label: t('form.editAgain') });
  return { text, links };
}

function defaultSaved(res: Response, input: unknown): string {
  const o = (input ?? {}) as { nameZh?: unknown; nameEn?: unknown; code?: unknown };
  const name = typeof o.nameZh === 'string' ? res.locals.nameOf({ nameZh: o.nameZh, nameEn: typeof o.nameEn === 'string' ? o.nameEn : null })
    : typeof o.code === 'string' ? o.code : null;
  return name ? res.locals.t('form.savedNamed', { name }) : res.locals.t('form.saved');
}

export interface FormFilter {
  name: string;
  value: string;
  label: string;
  /** What the search found, or that it found nothing. */
  result: string | null;
  /** The page without the search (to clear it), with the other parameters kept. */
  clear: string | null;
  /** Other parameters the search keeps (`batch`). */
  keep: { name: string; value: string }[];
}

type Body = Record<string, unknown>;

function typedValues(body: Body): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

/** Blank strings in the versions field are refused like any other malformed number. */
function versionOf(body: Body): number | null {
  const v = body.version;
  return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

export function formHandlers<S extends z.ZodType, C>(def: FormDef<S, C>): { get: RequestHandler; post: RequestHandler } {
  const view = def.view ?? 'pages/admin/form';
  const render = (req: Request, res: Response, loaded: Loaded<C>, values: Record<string, string>, errors: Record<string, string>, notice: string | null = null) => {
    res.render(view, {
      title: def.title(res, loaded.context),
      intro: def.intro?.(res, loaded.context) ?? null,
      fields: def.fields(res, loaded.context),
      details: def.details?.(res, loaded.context) ?? [],
      links: def.links?.(res, loaded.context) ?? [],
      filter: def.filter?.(req, res, loaded.context) ?? null,
      submit: def.submit ?? { label: 'form.save' },
      cancel: def.cancel?.(loaded.context) ?? '/admin',
      action: req.originalUrl,
      values,
      version: loaded.version ?? null,
      errors: translateErrors(res.locals.t, errors),
      notice,
    });
  };
  return {
    get: async (req, res) => {
      const loaded = await def.load(req, res, 'render');
      render(req, res, loaded, loaded.values, {});
    },
    post: async (req, res) => {
      const loaded = await def.load(req, res, 'save');
      const body = (req.body ?? {}) as Body;
      const values = typedValues(body);
      const sent = versionOf(body);
      // Shown again with the version the user sent, so that a later save still detects a conflict.
      const again = async (status: number, errors: Record<string, string>, notice: string | null = null) => {
        const page = await def.load(req, res, 'render');
        res.status(status);
        render(req, res, { ...page, version: page.version === undefined ? undefined : sent ?? page.version }, values, errors, notice);
      };
      const parsed = def.schema.safeParse(body);
      if (!parsed.success) return again(400, fieldErrors(parsed.error));
      if (loaded.version !== undefined) {
        if (sent === null) return again(400, { form: 'validation.version' });
        loaded.version = sent;
      }
      try {
        const next = await def.save(parsed.data, req, res, loaded);
        // A save that set its own message (a deletion says what it removed) keeps it.
        if (!req.session?.flash && req.session) {
          const text = def.saved?.(res, parsed.data) ?? defaultSaved(res, parsed.data);
          setFlash(req, savedFlash(res, text, next, /\/edit(?:\?|$)/.test(req.originalUrl) ? req.originalUrl : null, def.changed));
        }
        res.redirect(303, next);
      } catch (err) {
        if (err instanceof ValidationError) return again(400, err.fieldErrors);
        if (err instanceof ConflictError) return again(409, { form: 'validation.conflict' }, res.locals.t('form.conflictHelp'));
        throw err;
      }
    },
  };
}

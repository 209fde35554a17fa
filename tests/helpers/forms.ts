// Reading staff forms the way a browser would: the fields of a form, the error summary, the message
// beside a field and the value left in an input. Only for the markup this app renders.
import { decodeEntities } from './html';

export type Attrs = Record<string, string>;

export function attrsOf(tag: string): Attrs {
  const out: Attrs = {};
  for (const m of tag.matchAll(/([A-Za-z_:][-\w:.]*)(?:\s*=\s*"([^"]*)")?/g)) {
    if (m[1] && !(m[1] in out)) out[m[1]] = m[2] === undefined ? '' : decodeEntities(m[2]);
  }
  return out;
}

/** The markup of the first `<form method="post">` whose action matches. */
export function formHtml(html: string, action?: string | RegExp): string | undefined {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const a = attrsOf(m[1]!);
    if ((a.method ?? '').toLowerCase() !== 'post') continue;
    if (action === undefined || (typeof action === 'string' ? a.action === action : action.test(a.action ?? ''))) return m[0];
  }
  return undefined;
}

/**
 * The values a browser would submit from a form (without pressing a named button): inputs (checked
 * checkboxes only), the selected option of each select (the first when none is selected), textareas.
 */
export function formValues(form: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input\b([^>]*)>/g)) {
    const a = attrsOf(m[1]!);
    if (!a.name) continue;
    if (a.type === 'checkbox' || a.type === 'radio') {
      if ('checked' in a) out[a.name] = a.value ?? 'on';
      continue;
    }
    out[a.name] = a.value ?? '';
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const a = attrsOf(m[1]!);
    if (!a.name) continue;
    const options = [...m[2]!.matchAll(/<option\b([^>]*)>/g)].map((o) => attrsOf(o[1]!));
    const chosen = options.find((o) => 'selected' in o) ?? options[0];
    out[a.name] = chosen?.value ?? '';
  }
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const a = attrsOf(m[1]!);
    if (a.name) out[a.name] = decodeEntities(m[2]!);
  }
  return out;
}

/** The value shown in the control with this id (input value, textarea text, selected option). */
export function controlValue(html: string, id: string): string | undefined {
  const esc = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const input = new RegExp(`<input\\b[^>]*\\bid="${esc}"[^>]*>`).exec(html);
  if (input) return attrsOf(input[0].slice(6, -1)).value ?? '';
  const ta = new RegExp(`<textarea\\b[^>]*\\bid="${esc}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  if (ta) return decodeEntities(ta[1]!);
  const sel = new RegExp(`<select\\b[^>]*\\bid="${esc}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  if (sel) {
    const chosen = [...sel[1]!.matchAll(/<option\b([^>]*)>/g)].map((o) => attrsOf(o[1]!)).find((o) => 'selected' in o);
    return chosen?.value ?? '';
  }
  return undefined;
}

export interface ErrorSummary {
  /** The field names the summary links to (`#f-<name>`). */
  fields: string[];
  /** The visible text of the summary. */
  text: string;
}

const textOf = (s: string) => decodeEntities(s.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();

/** The GOV.UK-style error summary at the top of the page, or null when there is none. */
export function errorSummary(html: string): ErrorSummary | null {
  const m = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html);
  if (!m) return null;
  return { fields: [...m[1]!.matchAll(/href="#f-([^"]+)"/g)].map((x) => x[1]!), text: textOf(m[1]!) };
}

/** The message shown beside a field (`#f-<name>-error`), or undefined. */
export function fieldError(html: string, name: string): string | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`<p class="error-message" id="f-${esc}-error">([\\s\\S]*?)</p>`).exec(html);
  return m ? textOf(m[1]!) : undefined;
}

/** True when an element with this id is on the page (the target of an error-summary link). */
export function hasId(html: string, id: string): boolean {
  const esc = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\bid="${esc}"`).test(html);
}

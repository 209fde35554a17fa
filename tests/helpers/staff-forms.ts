// Submitting staff forms the way a browser does: open the page, take the form's own values (hidden
// version and CSRF token included), change some, post to the form's action.
import type request from 'supertest';
import { formHtml, formValues } from './forms';
import type { Agent } from './sign-in';

export interface PageForm {
  /** The form's action, as rendered (e.g. `/admin/milestones/new?batch=1`). */
  action: string;
  /** Everything a browser would send, `_csrf` and `version` included. */
  values: Record<string, string>;
}

/** The post form of a page (the first, or the one whose action matches). */
export async function pageForm(agent: Agent, pagePath: string, action?: string | RegExp): Promise<PageForm> {
  const res = await agent.get(pagePath);
  if (res.status !== 200) throw new Error(`GET ${pagePath} answered ${res.status}`);
  // the sign-out form in the header comes first on every signed-in page; skip it
  const form = formHtml(res.text, action ?? /^(?!\/logout$)/);
  if (!form) throw new Error(`no form${action ? ` for ${String(action)}` : ''} on ${pagePath}`);
  const a = /<form\b[^>]*\baction="([^"]*)"/.exec(form)?.[1] ?? pagePath;
  return { action: a.replace(/&amp;/g, '&'), values: formValues(form) };
}

/** Opens the page, changes `changes`, posts as a browser would; returns the answer. */
export async function submitForm(agent: Agent, pagePath: string, changes: Record<string, string | string[]>, action?: string | RegExp): Promise<request.Response> {
  const f = await pageForm(agent, pagePath, action);
  return agent.post(f.action).type('form').send({ ...f.values, ...changes });
}

/**
 * Valid changes for each staff form, relative to what the page shows. `isCorrection: ''` stands in
 * for the unticked box a browser leaves out (see the bug in staff-forms-submit.test.ts), and
 * `role: ''` for the field the users page's disable/reset forms lack.
 */
export const VALID_CHANGES = {
  villageNew: (n: string) => ({ nameZh: `测试村${n}`, householdsEntitled: '120', peopleEntitled: '400', demolitionDate: '2020-05-01' }),
  villageEdit: (n: string) => ({ note: `核对过 ${n}` }),
  projectNew: (n: string) => ({ nameZh: `测试项目${n}`, status: 'planned', plannedStart: '2025-01-01', plannedCompletion: '2027-06-30', landAreaM2: '1000.5' }),
  projectEdit: (n: string) => ({ developer: `开发单位${n}` }),
  batchNew: (n: string) => ({ nameZh: `第九批${n}`, targetDeliveryDate: '2027-12-31', targetPrecision: 'year' }),
  batchEdit: (n: string) => ({ households: String(100 + n.length) }),
  buildingNew: (n: string) => ({ code: `${n}#`, floors: '18', floorAreaM2: '12000.5', dwellingUnits: '144' }),
  buildingEdit: () => ({ floors: '18' }),
  milestone: () => ({ target: 'batch:1', stage: 'accepted', date: '2026-11-20' }),
  report: () => ({ scope: 'project:2', asOf: '2026-11-01', plannedAreaM2: '101800', startedAreaM2: '60000', isCorrection: '' }),
  settings: () => ({ staleAfterDays: '60' }),
} as const;

/**
 * A urlencoded body as a browser sends it: an array becomes the same name repeated (`a=1&a=2`),
 * which superagent's own encoder would turn into `a[0]=1&a[1]=2` instead.
 */
export function formBody(values: Record<string, string | readonly string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'string') p.append(k, v);
    else for (const x of v) p.append(k, x);
  }
  return p.toString();
}

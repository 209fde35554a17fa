// Names and links shared by the dashboard presenters: every row points at the page that lists the
// milestones and reports its figures come from.
import type { District } from '../../domain/entities';

export type T = (key: string, opts?: Record<string, unknown>) => string;
export type NameOf = (x: { nameZh: string; nameEn: string | null }) => string;

export interface LinkVm {
  id: number;
  name: string;
  href: string;
  isDemo: boolean;
}

/** Where the history of each kind of scope is listed (views/partials/history.ejs has `#h-history`). */
export const HISTORY_ANCHOR = '#h-history';

export const villageHref = (id: number) => `/villages/${id}`;
export const projectHref = (id: number) => `/projects/${id}`;
export const batchHref = (id: number) => `/batches/${id}`;
export const districtHref = (id: number) => `/?district=${id}`;

export function districtLink(d: District, nameOf: NameOf): LinkVm {
  return { id: d.id, name: nameOf(d), href: districtHref(d.id), isDemo: d.isDemo };
}

/** Nulls last whatever the direction; numbers and ISO dates compare as they are, names (`byName`) by locale. */
export function compareNullsLast(a: number | string | null, b: number | string | null, dir: 1 | -1, byName = false): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (byName) return String(a).localeCompare(String(b), 'zh-CN') * dir;
  return (a < b ? -1 : a > b ? 1 : 0) * dir;
}

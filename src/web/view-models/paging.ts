/** A page of a list: `page` counts from 1; past the end it is empty (with the total, so a client can tell). */
export interface PageQuery { page: number; limit: number }

export function pageOf<T>(items: readonly T[], q: PageQuery): { items: T[]; total: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / q.limit));
  return { items: items.slice((q.page - 1) * q.limit, q.page * q.limit), total: items.length, pages };
}

/** The rows a page of `limit` starting at page `page` skips. */
export const offsetOf = (q: PageQuery): number => (q.page - 1) * q.limit;

export interface PageLinkVm { n: number; href: string; current: boolean }

/** Previous / numbered / next links of a paged HTML list, and what to say past its end. */
export interface PagerVm {
  page: number;
  pages: number;
  total: number;
  /** The numbers (from 1) of the first and last item on this page; 0 and 0 when it is empty. */
  from: number;
  to: number;
  /** Asked for a page after the last: nothing to list, and a way back. */
  pastEnd: boolean;
  prev: string | null;
  next: string | null;
  /** The first, the last and the pages around this one; null stands for a gap (…). */
  links: (PageLinkVm | null)[];
  firstHref: string;
  lastHref: string;
}

const AROUND = 2;

export function pagerVm(total: number, q: PageQuery, hrefOf: (page: number) => string): PagerVm {
  const pages = Math.max(1, Math.ceil(total / q.limit));
  const pastEnd = q.page > pages;
  const here = Math.min(q.page, pages);
  const shown = [...new Set([1, ...Array.from({ length: 2 * AROUND + 1 }, (_, i) => here - AROUND + i), pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const links: (PageLinkVm | null)[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n - shown[i - 1]! > 1) links.push(null);
    links.push({ n, href: hrefOf(n), current: n === q.page });
  });
  const from = pastEnd || total === 0 ? 0 : offsetOf(q) + 1;
  return {
    page: q.page, pages, total, pastEnd, links,
    from, to: from === 0 ? 0 : Math.min(total, q.page * q.limit),
    prev: q.page > 1 ? hrefOf(Math.min(q.page - 1, pages)) : null,
    next: q.page < pages ? hrefOf(q.page + 1) : null,
    firstHref: hrefOf(1),
    lastHref: hrefOf(pages),
  };
}

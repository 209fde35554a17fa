/** A page of a list: `page` counts from 1; past the end it is empty (with the total, so a client can tell). */
export interface PageQuery { page: number; limit: number }

export function pageOf<T>(items: readonly T[], q: PageQuery): { items: T[]; total: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / q.limit));
  return { items: items.slice((q.page - 1) * q.limit, q.page * q.limit), total: items.length, pages };
}

// The pager of the paged HTML lists: which page links a page shows, and what is past the end.
import { pagerVm } from '../../src/web/view-models/paging';

describe('pagerVm', () => {
  const href = (n: number) => `/x?page=${n}`;
  const numbers = (links: ReturnType<typeof pagerVm>['links']) => links.map((l) => (l === null ? '…' : l.current ? `[${l.n}]` : String(l.n)));

  test('53 rows, 50 a page: the first page and the second', () => {
    const p1 = pagerVm(53, { page: 1, limit: 50 }, href);
    expect(p1).toMatchObject({ page: 1, pages: 2, total: 53, from: 1, to: 50, pastEnd: false, prev: null, next: '/x?page=2', firstHref: '/x?page=1', lastHref: '/x?page=2' });
    expect(numbers(p1.links)).toEqual(['[1]', '2']);
    const p2 = pagerVm(53, { page: 2, limit: 50 }, href);
    expect(p2).toMatchObject({ from: 51, to: 53, prev: '/x?page=1', next: null });
    expect(numbers(p2.links)).toEqual(['1', '[2]']);
  });

  test('past the end: nothing on it, and previous leads to the last page', () => {
    const p = pagerVm(53, { page: 999, limit: 50 }, href);
    expect(p).toMatchObject({ pastEnd: true, pages: 2, from: 0, to: 0, prev: '/x?page=2', next: null });
    expect(numbers(p.links)).toEqual(['1', '2']);
  });

  test('an empty list is one page, not past its end', () => {
    expect(pagerVm(0, { page: 1, limit: 50 }, href)).toMatchObject({ pages: 1, pastEnd: false, from: 0, to: 0, prev: null, next: null });
  });

  test('many pages: the first, the last and two either side of this one, gaps marked', () => {
    expect(numbers(pagerVm(1000, { page: 10, limit: 50 }, href).links)).toEqual(['1', '…', '8', '9', '[10]', '11', '12', '…', '20']);
    expect(numbers(pagerVm(1000, { page: 2, limit: 50 }, href).links)).toEqual(['1', '[2]', '3', '4', '…', '20']);
    expect(numbers(pagerVm(1000, { page: 4, limit: 50 }, href).links)).toEqual(['1', '2', '3', '[4]', '5', '6', '…', '20']);
    expect(numbers(pagerVm(1000, { page: 20, limit: 50 }, href).links)).toEqual(['1', '…', '18', '19', '[20]']);
  });
});

// Search for residents: GET /search?q= (a page; a form without JavaScript) and GET /search/suggest?q=
// (names as JSON, for suggestions while typing). Public, never cached: every query is its own.
import { Router } from 'express';
import type { Db } from '../../db/create-db';
import { search, suggest } from '../../services/search.service';
import { MAX_QUERY_CHARS } from '../../domain/search';
import { searchVm } from '../view-models/search.vm';
import { queryValue } from '../validate';

/** Longer than this is refused with a message, not cut: what was typed is shown back as it was. */
const MAX_TYPED = 200;

export function searchRoutes(db: Db): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const q = queryValue(req.query.q) ?? '';
    const t = res.locals.t;
    if (q.length > MAX_TYPED) {
      const vm = searchVm(await search(db, '', res.locals.asOf), res.locals.nameOf);
      res.status(400).render('pages/search', { vm: { ...vm, query: q.slice(0, MAX_TYPED) }, error: t('search.tooLong', { n: MAX_TYPED }), title: t('search.title'), hideSiteSearch: true });
      return;
    }
    const vm = searchVm(await search(db, q, res.locals.asOf), res.locals.nameOf);
    // results from generated demonstration data: the page says so at the top, as every page showing them does
    const hasDemo = vm.groups.some((g) => g.items.some((i) => i.isDemo));
    res.render('pages/search', { vm, hasDemo, title: q.trim() ? `${q.trim().slice(0, 40)} · ${t('search.title')}` : t('search.title'), hideSiteSearch: true });
  });

  router.get('/search/suggest', async (req, res) => {
    const q = (queryValue(req.query.q) ?? '').slice(0, MAX_QUERY_CHARS);
    const names = await suggest(db, q);
    const nameOf = res.locals.nameOf;
    res.set('Cache-Control', 'no-store');
    res.json({ suggestions: names.map((s) => ({ kind: s.kind, name: nameOf(s.row), where: s.where.map(nameOf).join(' · ') })) });
  });

  return router;
}

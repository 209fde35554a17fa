// Follow without an account: an Atom feed per district, village, project and batch
// (/feeds/<scope>/<id>.atom).
import { Router } from 'express';
import type { Db } from '../../db/create-db';
import { readFeed, type FeedScope } from '../../services/feed.service';
import { atomFeed } from '../view-models/feed.presenter';
import { parseId } from '../validate';

export const FEED_SCOPES: readonly FeedScope[] = ['district', 'village', 'project', 'batch'];

export function feedRoutes(db: Db): Router {
  const router = Router();
  for (const scope of FEED_SCOPES) {
    router.get(`/feeds/${scope}/:id.atom`, async (req, res) => {
      const id = parseId(req.params.id);
      const data = await readFeed(db, scope, id, res.locals.asOf);
      const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      res.type('application/atom+xml; charset=utf-8');
      res.send(atomFeed(data, { t: res.locals.t, fmt: res.locals.fmt, nameOf: res.locals.nameOf, base, self: `${base}${req.path}` }));
    });
  }
  return router;
}

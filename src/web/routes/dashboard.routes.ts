import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/create-db';
import { loadDashboard } from '../../services/dashboard.service';
import { makeLookup } from '../view-models/lookup';
import { dashboardVm } from '../view-models/dashboard.vm';
import { DEFAULT_VILLAGE_SORT, defaultDir, VILLAGE_SORT_KEYS } from '../view-models/dashboard-villages.vm';
import { parseId, queryValue } from '../validate';

// An unknown sort key or direction falls back to the default (a stale bookmark still works); a
// malformed district id is a 400, an unknown one a 404.
const dashboardQuery = z.object({
  district: z.string().optional(),
  sort: z.enum(VILLAGE_SORT_KEYS).catch(DEFAULT_VILLAGE_SORT),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
});

/** The officials' dashboard; access.ts lets only officials and administrators in. */
export function dashboardRoutes(db: Db): Router {
  const router = Router();

  router.get('/dashboard', async (req, res) => {
    const q = dashboardQuery.parse({
      district: queryValue(req.query.district),
      sort: queryValue(req.query.sort),
      dir: queryValue(req.query.dir),
    });
    const districtId = q.district === undefined ? null : parseId(q.district, 'district');
    const data = await loadDashboard(db, districtId, res.locals.asOf);
    const vm = dashboardVm(makeLookup(data), {
      districtId,
      sort: q.sort,
      dir: q.dir ?? defaultDir(q.sort),
      monthlyAllowanceYuanPerHousehold: data.monthlyAllowanceYuanPerHousehold ?? null,
      t: res.locals.t,
      fmt: res.locals.fmt,
      nameOf: res.locals.nameOf,
    });
    res.render('pages/dashboard', { vm, title: res.locals.t('dashboard.title') });
  });

  return router;
}

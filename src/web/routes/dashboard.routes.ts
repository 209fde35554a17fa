import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/create-db';
import { loadDashboard } from '../../services/dashboard.service';
import { readDashboardFeedback } from '../../services/feedback.service';
import { statsRow } from '../view-models/feedback.vm';
import { makeLookup } from '../view-models/lookup';
import { dashboardVm } from '../view-models/dashboard.vm';
import { DEFAULT_VILLAGE_SORT, defaultDir, VILLAGE_SORT_KEYS } from '../view-models/dashboard-villages.vm';
import { parseId, queryValue } from '../validate';
import { dashboardCsvTable } from '../view-models/dashboard-csv.presenter';
import { auditDashboardExport } from '../../services/export.service';
import { toCsv } from '../../services/import/write-table';
import { actorOf } from '../middleware/current-user';

// An unknown sort key or direction falls back to the default (a stale bookmark still works); a
// malformed district id is a 400, an unknown one a 404.
const dashboardQuery = z.object({
  district: z.string().optional(),
  sort: z.enum(VILLAGE_SORT_KEYS).catch(DEFAULT_VILLAGE_SORT),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
});

/**
 * The officials' dashboard; access.ts lets only officials and administrators in. It reads from
 * `db` (the read-only connection in production); an export's audit row goes through `writeDb`.
 */
export function dashboardRoutes(db: Db, writeDb: Db = db): Router {
  const router = Router();

  const read = async (req: Request, res: Response) => {
    const q = dashboardQuery.parse({
      district: queryValue(req.query.district),
      sort: queryValue(req.query.sort),
      dir: queryValue(req.query.dir),
    });
    const districtId = q.district === undefined ? null : parseId(q.district, 'district');
    const data = await loadDashboard(db, districtId, res.locals.asOf);
    return dashboardVm(makeLookup(data), {
      districtId,
      sort: q.sort,
      dir: q.dir ?? defaultDir(q.sort),
      monthlyAllowanceYuanPerHousehold: data.monthlyAllowanceYuanPerHousehold ?? null,
      allowance: data.allowance,
      t: res.locals.t,
      fmt: res.locals.fmt,
      nameOf: res.locals.nameOf,
    });
  };

  router.get('/dashboard', async (req, res) => {
    const vm = await read(req, res);
    const feedback = await readDashboardFeedback(db, vm.district?.id ?? null, res.locals.asOf);
    res.render('pages/dashboard', { vm, feedback: { ...feedback, stats: statsRow(vm.district?.name ?? res.locals.t('feedback.stats.site'), '/feedback', feedback.stats, res.locals.t, res.locals.fmt) }, title: res.locals.t('dashboard.title') });
  });

  // What an official may see, to take to a meeting: the dashboard's late list with its costs (the
  // public CSV has every project's figures). Audited like every export.
  router.get('/dashboard/export.csv', async (req, res) => {
    const vm = await read(req, res);
    const table = dashboardCsvTable(vm, res.locals.t);
    await auditDashboardExport(writeDb, actorOf(req, res), vm.district?.id ?? null, table.rows.length);
    res.type('text/csv; charset=utf-8');
    res.attachment(`dashboard-${vm.district?.id ?? 0}-${res.locals.asOf}.csv`);
    res.send(toCsv(table.headers, table.rows));
  });

  return router;
}

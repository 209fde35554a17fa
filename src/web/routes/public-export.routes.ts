import { Router } from 'express';
import type { Db } from '../../db/create-db';
import { readSite } from '../../services/site-read.service';
import { auditPublicExport } from '../../services/export.service';
import { toCsv } from '../../services/import/write-table';
import { actorOf } from '../middleware/current-user';
import { makeLookup } from '../view-models/lookup';
import { publicCsvTable } from '../view-models/public-csv.presenter';

/** GET /export/public.csv: the public figures of every project, for anyone (UTF-8 with a BOM for Excel). */
export function publicExportRoutes(db: Db, siteDb: Db = db): Router {
  const router = Router();
  router.get('/export/public.csv', async (req, res) => {
    const table = publicCsvTable(makeLookup(await readSite(siteDb, res.locals.asOf)), res.locals.t);
    // Anonymous downloads are public reads like the API (auditing them would let anyone grow the
    // append-only log); a signed-in user's export is audited like every other.
    const actor = actorOf(req, res);
    if (actor.userId !== null) await auditPublicExport(db, actor, table.rows.length);
    res.type('text/csv; charset=utf-8');
    res.attachment(`public-${res.locals.asOf}.csv`);
    res.send(toCsv(table.headers, table.rows));
  });
  return router;
}

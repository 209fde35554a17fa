// A poster for the site board (GET /projects/:id/poster): an A4 page to print and pin at the
// construction site, with the project's batches and targets and a QR code (SVG, qrcode) to the
// project page at the public address.
import { Router } from 'express';
import QRCode from 'qrcode';
import type { Db } from '../../db/create-db';
import { readProjectPage } from '../../services/scope-read.service';
import { projectVm } from '../view-models/detail.vm';
import { makeLookup } from '../view-models/lookup';
import { parseId } from '../validate';

export function posterRoutes(db: Db, publicBaseUrl: string | null): Router {
  const router = Router();
  router.get('/projects/:id/poster', async (req, res) => {
    const id = parseId(req.params.id);
    const view = await readProjectPage(db, id, res.locals.asOf);
    const vm = projectVm(makeLookup(view), view.records, id, res.locals.t, res.locals.fmt);
    const base = publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const pageUrl = `${base}/projects/${id}`;
    const qr = await QRCode.toString(pageUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    res.render('pages/poster', {
      vm, qr, title: res.locals.nameOf(vm.project),
      addresses: { page: pageUrl, feed: `${base}/feeds/project/${id}.atom`, feedback: `${base}/feedback/new?project=${id}`, search: `${base}/search` },
      baseFromRequest: publicBaseUrl === null,
    });
  });
  return router;
}

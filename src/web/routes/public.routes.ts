import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/create-db';
import { readBatchPage, readDistrict, readProjectPage, readScopeRecords, readVillagePage, type RecordsOf } from '../../services/scope-read.service';
import { makeLookup } from '../view-models/lookup';
import { overviewVm, SORT_KEYS, type SortKey } from '../view-models/overview.vm';
import { batchVm, projectVm, villageVm } from '../view-models/detail.vm';
import { offsetOf } from '../view-models/paging';
import { recordsPageVm } from '../view-models/records.vm';
import { buildingVm } from '../view-models/building.vm';
import { batchShare, buildingShare, overviewShare, projectShare, villageShare } from '../view-models/share.vm';
import { readBuildingPage } from '../../services/building-read.service';
import { readPageFeedback } from '../../services/feedback.service';
import { pageFeedbackVm } from '../view-models/feedback.vm';
import { parseEnum, parseId, parsePage, queryValue } from '../validate';

/** Rows a page of each list shows. */
export const PER_PAGE = { overview: 50, village: 20, records: 50 } as const;

/** The public pages: each reads its own scope (and the rollups inside it), nothing more. */
export function publicRoutes(db: Db): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const districtParam = queryValue(req.query.district);
    const districtId = districtParam === undefined ? null : parseId(districtParam, 'district');
    const sort = parseEnum<SortKey>(req.query.sort, SORT_KEYS, 'deadline');
    const dir = parseEnum(req.query.dir, ['asc', 'desc'] as const, sort === 'progress' || sort === 'updated' ? 'desc' : 'asc');
    const page = { page: parsePage(req.query.page), limit: PER_PAGE.overview };
    const view = await readDistrict(db, districtId, res.locals.asOf);
    const vm = overviewVm(makeLookup({ ...view, snapshot: { ...view.snapshot, districts: view.districts } }), { districtId, sort, dir, page, t: res.locals.t, fmt: res.locals.fmt, nameOf: res.locals.nameOf });
    res.render('pages/overview', { vm, title: res.locals.t('overview.title'), description: overviewShare(vm, res.locals.t, res.locals.fmt, res.locals.nameOf), feedHref: vm.district ? `/feeds/district/${vm.district.id}.atom` : null });
  });

  router.get('/villages/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const page = { page: parsePage(req.query.page), limit: PER_PAGE.village };
    const view = await readVillagePage(db, id, res.locals.asOf);
    const vm = villageVm(makeLookup(view), view.records, id, res.locals.t, page);
    res.render('pages/village', { vm, title: res.locals.nameOf(vm.village), description: villageShare(vm, res.locals.t, res.locals.fmt, res.locals.nameOf), feedHref: `/feeds/village/${id}.atom` });
  });

  router.get('/projects/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const view = await readProjectPage(db, id, res.locals.asOf);
    const vm = projectVm(makeLookup(view), view.records, id, res.locals.t, res.locals.fmt);
    const feedback = pageFeedbackVm('project', id, await readPageFeedback(db, 'project', id, res.locals.asOf), res.locals.t, res.locals.fmt);
    res.render('pages/project', { vm, feedback, title: res.locals.nameOf(vm.project), description: projectShare(vm, res.locals.t, res.locals.fmt, res.locals.nameOf), feedHref: `/feeds/project/${id}.atom`, calendarHref: `/calendar/project/${id}.ics` });
  });

  // A project's records, and a village's or a district's: all that happened inside it.
  const records = (of: RecordsOf) => async (req: Request, res: Response) => {
    const id = parseId(req.params.id);
    const page = { page: parsePage(req.query.page), limit: PER_PAGE.records };
    const vm = recordsPageVm(of, await readScopeRecords(db, of, id, { limit: page.limit, offset: offsetOf(page) }), page);
    res.render('pages/records', { vm, title: `${res.locals.nameOf(vm.scopeName)} · ${res.locals.t('records.title')}` });
  };
  router.get('/projects/:id/records', records('project'));
  router.get('/villages/:id/records', records('village'));
  router.get('/districts/:id/records', records('district'));

  router.get('/batches/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const view = await readBatchPage(db, id, res.locals.asOf);
    const vm = batchVm(makeLookup(view), view.records, id, res.locals.t, res.locals.fmt, view.batchHouseholds);
    const feedback = pageFeedbackVm('batch', id, await readPageFeedback(db, 'batch', id, res.locals.asOf), res.locals.t, res.locals.fmt);
    res.render('pages/batch', { vm, feedback, title: `${res.locals.nameOf(vm.project)} · ${res.locals.nameOf(vm.batch)}`, description: batchShare(vm.row, res.locals.t, res.locals.fmt, res.locals.nameOf), feedHref: `/feeds/batch/${id}.atom`, calendarHref: `/calendar/batch/${id}.ics` });
  });

  router.get('/buildings/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const vm = buildingVm(await readBuildingPage(db, id, res.locals.asOf), res.locals.t, res.locals.fmt);
    const name = vm.building.code ?? res.locals.t('building.unnamed', { n: vm.building.seq });
    const feedback = pageFeedbackVm('building', id, await readPageFeedback(db, 'building', id, res.locals.asOf), res.locals.t, res.locals.fmt);
    res.render('pages/building', { vm, feedback, title: `${name} · ${res.locals.nameOf(vm.batch)} · ${res.locals.nameOf(vm.project)}`, description: buildingShare(vm, res.locals.t, res.locals.fmt, res.locals.nameOf), feedHref: `/feeds/batch/${vm.batch.id}.atom`, calendarHref: `/calendar/batch/${vm.batch.id}.ics` });
  });

  return router;
}

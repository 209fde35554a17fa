import { Router, type Response } from 'express';
import type { FiguresCache } from '../../services/figures-cache';
import { makeLookup } from '../view-models/lookup';
import { overviewVm, SORT_KEYS, type SortKey } from '../view-models/overview.vm';
import { batchVm, projectVm, villageVm } from '../view-models/detail.vm';
import { parseEnum, parseId, queryValue } from '../validate';

export function publicRoutes(figures: FiguresCache): Router {
  const router = Router();
  // Anonymous readers may be answered from the last computed figures while newer ones are computed.
  const lookupFor = async (asOf: string, res: Response) => makeLookup(await figures.get(asOf, { stale: !res.locals.user }));

  router.get('/', async (req, res) => {
    const districtParam = queryValue(req.query.district);
    const districtId = districtParam === undefined ? null : parseId(districtParam, 'district');
    const sort = parseEnum<SortKey>(req.query.sort, SORT_KEYS, 'deadline');
    const dir = parseEnum(req.query.dir, ['asc', 'desc'] as const, sort === 'progress' || sort === 'updated' ? 'desc' : 'asc');
    const lookup = await lookupFor(res.locals.asOf, res);
    const vm = overviewVm(lookup, { districtId, sort, dir, t: res.locals.t, fmt: res.locals.fmt, nameOf: res.locals.nameOf });
    res.render('pages/overview', { vm, title: res.locals.t('overview.title') });
  });

  router.get('/villages/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const vm = villageVm(await lookupFor(res.locals.asOf, res), id, res.locals.t);
    res.render('pages/village', { vm, title: res.locals.nameOf(vm.village) });
  });

  router.get('/projects/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const vm = projectVm(await lookupFor(res.locals.asOf, res), id, res.locals.t, res.locals.fmt);
    res.render('pages/project', { vm, title: res.locals.nameOf(vm.project) });
  });

  router.get('/batches/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const vm = batchVm(await lookupFor(res.locals.asOf, res), id, res.locals.t, res.locals.fmt);
    res.render('pages/batch', { vm, title: `${res.locals.nameOf(vm.project)} · ${res.locals.nameOf(vm.batch)}` });
  });

  return router;
}

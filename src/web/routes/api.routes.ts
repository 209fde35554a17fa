import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/create-db';
import { readProject, readProjectList, readVillageList } from '../../services/scope-read.service';
import { readSite } from '../../services/site-read.service';
import type { ListFilter } from '../../services/scope-read.service';
import { makeLookup, must } from '../view-models/lookup';
import { batchJson, districtJson, projectJson, targetHistoryJson, villageJson, householdsJson } from '../view-models/api.presenter';
import { batchTarget, projectTarget } from '../view-models/detail.vm';
import type { PageQuery } from '../view-models/paging';
import { parseId, queryValue } from '../validate';
import { ValidationError } from '../../domain/errors';

export const API_LIMIT_DEFAULT = 50;
export const API_LIMIT_MAX = 200;

/** `?page=` (from 1) and `?limit=` (1–200, 50 by default); anything else is a 400 naming the parameter. */
function paging(req: Request): PageQuery {
  const page = queryValue(req.query.page);
  const limit = queryValue(req.query.limit);
  const p = page === undefined ? 1 : parseId(page, 'page');
  const l = limit === undefined ? API_LIMIT_DEFAULT : parseId(limit, 'limit');
  if (l > API_LIMIT_MAX) throw new ValidationError({ limit: `validation.max|${API_LIMIT_MAX}` });
  return { page: p, limit: l };
}

/** RFC 8288 links to the first, previous, next and last pages, keeping the filters. */
function linkHeader(req: Request, res: Response, q: PageQuery, total: number): void {
  const last = Math.max(1, Math.ceil(total / q.limit));
  const url = (page: number) => {
    const params = new URLSearchParams();
    for (const k of ['district', 'village'] as const) { const v = queryValue(req.query[k]); if (v !== undefined) params.set(k, v); }
    params.set('page', String(page));
    params.set('limit', String(q.limit));
    return `<${req.path}?${params}>`;
  };
  const links = [`${url(1)}; rel="first"`, `${url(last)}; rel="last"`];
  if (q.page > 1) links.push(`${url(Math.min(q.page - 1, last))}; rel="prev"`);
  if (q.page < last) links.push(`${url(q.page + 1)}; rel="next"`);
  res.set('Link', links.join(', '));
  res.set('X-Total-Count', String(total));
}

/** The district or village a list is filtered to (`?village=` wins when both are given). */
function filterOf(req: Request): ListFilter {
  const village = queryValue(req.query.village);
  const district = queryValue(req.query.district);
  if (village !== undefined) return { villageId: parseId(village, 'village') };
  if (district !== undefined) return { districtId: parseId(district, 'district') };
  return {};
}

/** Read-only JSON of public figures: m², yuan, fractions 0–1, ISO dates. Lists are paged. */
export function apiRoutes(db: Db, siteDb: Db = db): Router {
  const router = Router();

  router.get('/api/v1/summary', async (_req, res) => {
    const l = makeLookup(await readSite(siteDb, res.locals.asOf));
    res.json({
      asOf: l.figures.asOf,
      districts: l.snapshot.districts.map((d) => ({ ...districtJson(d, l.figures.districts.get(d.id)!, l.source), households: householdsJson(l.households?.districts.get(d.id)) })),
    });
  });

  router.get('/api/v1/villages', async (req, res) => {
    const q = paging(req);
    const view = await readVillageList(db, filterOf(req), { limit: q.limit, offset: (q.page - 1) * q.limit }, res.locals.asOf);
    const l = makeLookup(view);
    linkHeader(req, res, q, view.total);
    res.json({
      asOf: l.figures.asOf, total: view.total, page: q.page, limit: q.limit,
      villages: l.snapshot.villages.map((v) => ({ ...villageJson(v, l.figures.villages.get(v.id)!, l.source, (l.projectsOf.get(v.id) ?? []).length), households: householdsJson(l.households?.villages.get(v.id)) })),
    });
  });

  router.get('/api/v1/projects', async (req, res) => {
    const q = paging(req);
    const view = await readProjectList(db, filterOf(req), { limit: q.limit, offset: (q.page - 1) * q.limit }, res.locals.asOf);
    const l = makeLookup(view);
    linkHeader(req, res, q, view.total);
    res.json({
      asOf: l.figures.asOf, total: view.total, page: q.page, limit: q.limit,
      projects: l.snapshot.projects.map((p) => ({ ...projectJson(p, l.figures.projects.get(p.id)!, l.source), households: householdsJson(l.households?.projects.get(p.id)) })),
    });
  });

  router.get('/api/v1/projects/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const l = makeLookup(await readProject(db, id, res.locals.asOf));
    const p = must(l.project, id, 'project');
    res.json({
      asOf: l.figures.asOf,
      project: {
        ...projectJson(p, l.figures.projects.get(p.id)!, l.source),
        households: householdsJson(l.households?.projects.get(p.id)),
        targetHistory: targetHistoryJson(projectTarget(p, l.figures.projects.get(p.id)!, l).history),
        batches: (l.batchesOf.get(p.id) ?? []).map((b) => ({
          ...batchJson(b, l.figures.batches.get(b.id)!, l.buildingsOf.get(b.id) ?? []),
          households: householdsJson(l.households?.batches.get(b.id)),
          targetHistory: targetHistoryJson(batchTarget(b, l.figures.batches.get(b.id)!, l).history),
        })),
      },
    });
  });

  return router;
}

import { Router, type Response } from 'express';
import type { FiguresCache } from '../../services/figures-cache';
import { makeLookup, must } from '../view-models/lookup';
import { batchJson, districtJson, projectJson, villageJson } from '../view-models/api.presenter';
import { parseId } from '../validate';

/** Read-only JSON of public figures: m², yuan, fractions 0–1, ISO dates. */
export function apiRoutes(figures: FiguresCache): Router {
  const router = Router();
  // Anonymous readers may be answered from the last computed figures while newer ones are computed.
  const lookupFor = async (asOf: string, res: Response) => makeLookup(await figures.get(asOf, { stale: !res.locals.user }));

  router.get('/api/v1/summary', async (_req, res) => {
    const l = await lookupFor(res.locals.asOf, res);
    res.json({
      asOf: l.figures.asOf,
      districts: l.snapshot.districts.map((d) => districtJson(d, l.figures.districts.get(d.id)!, l.source)),
    });
  });

  router.get('/api/v1/villages', async (_req, res) => {
    const l = await lookupFor(res.locals.asOf, res);
    res.json({
      asOf: l.figures.asOf,
      villages: l.snapshot.villages.map((v) =>
        villageJson(v, l.figures.villages.get(v.id)!, l.source, (l.projectsOf.get(v.id) ?? []).length)),
    });
  });

  router.get('/api/v1/projects', async (_req, res) => {
    const l = await lookupFor(res.locals.asOf, res);
    res.json({
      asOf: l.figures.asOf,
      projects: l.snapshot.projects.map((p) => projectJson(p, l.figures.projects.get(p.id)!, l.source)),
    });
  });

  router.get('/api/v1/projects/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const l = await lookupFor(res.locals.asOf, res);
    const p = must(l.project, id, 'project');
    res.json({
      asOf: l.figures.asOf,
      project: {
        ...projectJson(p, l.figures.projects.get(p.id)!, l.source),
        batches: (l.batchesOf.get(p.id) ?? []).map((b) => batchJson(b, l.figures.batches.get(b.id)!, l.buildingsOf.get(b.id) ?? [])),
      },
    });
  });

  return router;
}

import { Router } from 'express';
import type { Config } from '../../../config';
import type { Db } from '../../../db/create-db';
import { loadCatalogue } from '../../../repositories/catalogue.repository';
import { formHandlers } from '../../forms/form-route';
import { villageForm, projectForm } from './catalogue.forms';
import { batchForm, editBuildingForm, newBuildingForm } from './batch-building.forms';
import { buildingDeleteForm } from './building-delete.forms';
import { milestoneForm, reportForm } from './milestone-report.forms';
import { householdForm } from './household.forms';
import { userRoutes } from './users.routes';
import { auditRoutes } from './audit.routes';
import { feedbackAdminRoutes } from './feedback.routes';
import { readFeedbackQueue } from '../../../services/feedback-staff.service';
import { settingsRoutes } from './settings.routes';
import { allowanceRoutes } from './allowance.routes';
import { importExportRoutes } from './import-export.routes';
import type { BackgroundWork } from '../../../services/background-work';

/** Staff and admin pages under /admin. Who may open each is decided in web/access.ts. */
export function adminRoutes(db: Db, config: Config, background?: BackgroundWork, now: () => Date = () => new Date()): Router {
  const router = Router();

  router.get('/admin', async (_req, res) => {
    const c = await loadCatalogue(db);
    const open = await readFeedbackQueue(db, { statuses: ['received', 'acknowledged'], category: null, districtId: null, overdueOnly: false }, res.locals.asOf);
    const feedback = { open: open.length, overdue: open.filter((i) => i.deadlines.acknowledgeOverdue || i.deadlines.answerOverdue).length };
    res.render('pages/admin/home', { title: res.locals.t('admin.home'), feedback, c: { ...c, districts: c.districts.filter((d) => !d.isDemo) } });
  });

  const forms: [string, ReturnType<typeof formHandlers>][] = [
    ['/admin/villages/new', formHandlers(villageForm(db, 'new'))],
    ['/admin/villages/:id/edit', formHandlers(villageForm(db, 'edit'))],
    ['/admin/projects/new', formHandlers(projectForm(db, 'new'))],
    ['/admin/projects/:id/edit', formHandlers(projectForm(db, 'edit'))],
    ['/admin/projects/:id/batches/new', formHandlers(batchForm(db, 'new'))],
    ['/admin/batches/:id/edit', formHandlers(batchForm(db, 'edit'))],
    ['/admin/batches/:id/buildings/new', formHandlers(newBuildingForm(db))],
    ['/admin/buildings/:id/edit', formHandlers(editBuildingForm(db))],
    ['/admin/buildings/:id/delete', formHandlers(buildingDeleteForm(db))],
    ['/admin/milestones/new', formHandlers(milestoneForm(db))],
    ['/admin/reports/new', formHandlers(reportForm(db))],
    ['/admin/households/new', formHandlers(householdForm(db))],
  ];
  for (const [path, h] of forms) {
    router.get(path, h.get);
    router.post(path, h.post);
  }

  router.use(userRoutes(db, config));
  router.use(auditRoutes(db));
  router.use(feedbackAdminRoutes(db, now));
  router.use(settingsRoutes(db));
  router.use(allowanceRoutes(db));
  router.use(importExportRoutes(db, config, background));
  return router;
}

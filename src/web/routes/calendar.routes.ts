// Follow without an account: an iCalendar file of the delivery targets per project and batch
// (/calendar/<scope>/<id>.ics), to open once or to subscribe to.
import { Router } from 'express';
import type { Db } from '../../db/create-db';
import { readCalendar, type CalendarScope } from '../../services/calendar.service';
import { icsCalendar } from '../view-models/calendar.presenter';
import { parseId } from '../validate';

export const CALENDAR_SCOPES: readonly CalendarScope[] = ['project', 'batch'];

export function calendarRoutes(db: Db, publicBaseUrl: string | null): Router {
  const router = Router();
  for (const scope of CALENDAR_SCOPES) {
    router.get(`/calendar/${scope}/:id.ics`, async (req, res) => {
      const id = parseId(req.params.id);
      const data = await readCalendar(db, scope, id, res.locals.asOf);
      const base = publicBaseUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      // the public address's host where one is configured, so that an event's UID does not depend on how the file was reached
      const uidDomain = publicBaseUrl ? new URL(publicBaseUrl).hostname : req.hostname;
      res.type('text/calendar; charset=utf-8');
      res.set('Content-Disposition', `inline; filename="${scope}-${id}.ics"`);
      res.send(icsCalendar(data, { t: res.locals.t, fmt: res.locals.fmt, nameOf: res.locals.nameOf, base, uidDomain, now: new Date() }));
    });
  }
  return router;
}

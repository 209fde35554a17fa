// A project's or a batch's iCalendar file (RFC 5545; the `ical-generator` library writes it): one
// all-day event per delivery target. An event's UID names only what it is the target of, so a
// revision updates the reader's event in place, and its SEQUENCE is the number of revisions.
import ical, { ICalCalendarMethod, ICalEventTransparency, escape } from 'ical-generator';
import { addDays } from '../../domain/dates';
import type { CalendarData, CalendarEvent } from '../../services/calendar.service';
import type { Formatter } from '../format';
import type { NameOf } from './dashboard-links';

type T = (key: string, opts?: Record<string, unknown>) => string;

const PAGE_OF: Record<CalendarEvent['scopeType'], string> = { project: '/projects/', batch: '/batches/' };

/** Subscribed calendars are asked to look again once a day (targets change by the month, not the minute). */
const REFRESH_SECONDS = 24 * 60 * 60;

export function icsCalendar(d: CalendarData, o: { t: T; fmt: Formatter; nameOf: NameOf; base: string; uidDomain: string; now: Date }): string {
  const { t, fmt, nameOf } = o;
  const pageOf = (scope: CalendarEvent['scopeType'], id: number) => `${o.base}${PAGE_OF[scope]}${id}`;
  const batchName = (b: CalendarEvent['name']) => t('calendar.batch', { project: nameOf(d.project), batch: nameOf(b) });
  const name = d.scope === 'batch' ? batchName(d.name) : nameOf(d.name);
  const cal = ical({
    prodId: { company: 'resettlement-tracker', product: 'calendar', language: fmt.lang === 'zh' ? 'ZH' : 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    // ical-generator writes the calendar's name and description as given: they are escaped here (RFC 5545 TEXT)
    name: escape(t('calendar.name', { name }), false),
    description: escape(t('calendar.description', { name }), false),
    url: pageOf(d.scope, d.id),
    ttl: REFRESH_SECONDS,
  });
  for (const e of d.events) {
    const dl = e.deadline;
    const delivered = dl.status === 'delivered' && dl.deliveredOn !== null;
    const title = e.scopeType === 'batch' ? batchName(e.name) : nameOf(e.name);
    const latest = e.revisions.at(-1);
    const url = pageOf(e.scopeType, e.id);
    const lines = [
      t('calendar.current', { date: fmt.date(dl.targetDate, dl.targetPrecision) }),
      dl.original ? t('calendar.original', { date: fmt.date(dl.original.targetDate, dl.original.targetPrecision) }) : null,
      latest ? t('calendar.revised', { n: fmt.number(e.revisions.length), count: e.revisions.length, date: fmt.date(latest.revisedOn), reason: latest.reason }) : null,
      delivered ? t('calendar.deliveredOn', { date: fmt.date(dl.deliveredOn) }) : null,
      t('calendar.page', { url }),
    ];
    cal.createEvent({
      id: `${e.scopeType}-${e.id}@${o.uidDomain}`,
      sequence: e.revisions.length,
      stamp: o.now,
      allDay: true,
      start: dl.targetDate,
      end: addDays(dl.targetDate, 1),
      summary: t(delivered ? 'calendar.delivered' : 'calendar.target', { name: title }),
      description: lines.filter((l) => l !== null).join('\n'),
      url,
      // a target takes no time of the reader's day
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return cal.toString();
}

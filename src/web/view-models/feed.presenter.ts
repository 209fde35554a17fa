// A scope's Atom 1.0 feed (the `feed` library writes the XML): one entry per record, target revision
// and household record, each with an id that stays the same on every fetch, newest first.
import { Feed } from 'feed';
import type { FeedData } from '../../services/feed.service';
import type { Formatter } from '../format';
import type { NameOf } from './dashboard-links';

type T = (key: string, opts?: Record<string, unknown>) => string;

/** A day as an instant: the start of that day in China (UTC+8), so every reader sorts it alike. */
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);

const PAGE_OF: Record<FeedData['scope'], string> = { district: '/?district=', village: '/villages/', project: '/projects/', batch: '/batches/' };

interface Entry { id: string; title: string; link: string; date: string; content: string }

export function atomFeed(d: FeedData, o: { t: T; fmt: Formatter; nameOf: NameOf; base: string; self: string }): string {
  const { t, fmt, nameOf } = o;
  const scopeKey = `urn:tracker:${d.scope}-${d.id}`;
  const project = new Map(d.places.projects.map((p) => [p.id, p]));
  const batch = new Map(d.places.batches.map((b) => [b.id, b]));
  const pageOf = (scope: FeedData['scope'], id: number) => `${o.base}${PAGE_OF[scope]}${id}`;
  const entries: Entry[] = [];
  for (const r of d.records.records) {
    if (r.kind === 'milestones') {
      const p = project.get(r.projectId);
      const what = t('history.reached', { n: fmt.count(r.buildings, 'buildings'), stage: t(`stage.${r.stage}`) });
      const title = `${p && d.scope !== 'project' && d.scope !== 'batch' ? `${nameOf(p)}${t('colon')}` : ''}${r.correctionReason !== null ? `${t('feed.correction')}${t('colon')}` : ''}${what}`;
      entries.push({
        id: `${scopeKey}:milestones:${r.projectId}:${r.date}:${r.stage}${r.correctionReason !== null ? ':correction' : ''}`,
        title, link: pageOf(d.scope, d.id), date: r.date,
        content: r.correctionReason ? `${title}${t('feed.reason', { reason: r.correctionReason })}` : title,
      });
    } else {
      entries.push({
        id: `${scopeKey}:report:${r.report.id}`, title: t('feed.report', { date: fmt.date(r.report.asOf) }),
        link: r.report.scopeType === 'project' ? pageOf('project', r.report.scopeId) : r.report.scopeType === 'village' ? pageOf('village', r.report.scopeId) : pageOf('district', r.report.scopeId),
        date: r.report.asOf, content: t('feed.report', { date: fmt.date(r.report.asOf) }),
      });
    }
  }
  for (const v of d.revisions) {
    const owner = v.scopeType === 'batch' ? batch.get(v.scopeId) : project.get(v.scopeId);
    const name = owner ? nameOf(owner) : '';
    const title = t('feed.revised', { name, date: v.targetDate ? fmt.date(v.targetDate, v.targetPrecision) : t('deadline.noCurrent'), reason: v.reason });
    entries.push({ id: `${scopeKey}:revision:${v.id}`, title, link: pageOf(v.scopeType, v.scopeId), date: v.revisedOn, content: title });
  }
  for (const h of d.households) {
    const b = batch.get(h.batchId);
    const title = t('feed.households', {
      name: b ? nameOf(b) : '', households: fmt.count(h.households, 'households'), allocated: fmt.number(h.allocated),
      handedOver: fmt.number(h.handedOver), movedIn: fmt.number(h.movedIn), certificates: fmt.number(h.certificates),
    });
    entries.push({ id: `${scopeKey}:households:${h.batchId}:${h.asOf}`, title, link: `${pageOf('batch', h.batchId)}#h-households`, date: h.asOf, content: title });
  }
  entries.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.id < b.id ? -1 : 1));
  const name = nameOf(d.places.name);
  const feed = new Feed({
    id: scopeKey,
    title: t('feed.title', { name }),
    description: t('feed.subtitle', { name }),
    link: pageOf(d.scope, d.id),
    language: fmt.lang === 'zh' ? 'zh-CN' : 'en',
    updated: entries[0] ? dayStart(entries[0].date) : new Date('2000-01-01T00:00:00Z'),
    feedLinks: { atom: o.self },
    generator: t('site.name'),
    copyright: t('feed.rights'),
  });
  for (const e of entries) feed.addItem({ id: e.id, title: e.title, link: e.link, date: dayStart(e.date), content: e.content });
  return feed.atom1();
}

// What a project's or a batch's calendar file is made of (GET /calendar/<scope>/<id>.ics): each
// batch's delivery target (a project without batches: its own, as its page's deadline), how it
// stands against it, and the target's revisions, read at one commit with the pages' own summaries.
import type { Db } from '../db/create-db';
import type { Deadline } from '../domain/scope-summary';
import type { TargetRevision, TargetScope } from '../domain/target-history';
import type { IsoDate } from '../domain/types';
import { loadBatchRows, loadProjectRows } from '../repositories/scope.repository';
import { viewIn, type Levels } from './scope-read.service';

export type CalendarScope = 'project' | 'batch';

type Name = { nameZh: string; nameEn: string | null };

export interface CalendarEvent {
  scopeType: TargetScope;
  id: number;
  name: Name;
  /** Its target (never null here), the original target and its delivery, as the page shows them. */
  deadline: Deadline & { targetDate: IsoDate };
  /** This target's revisions, oldest first: their number is the event's SEQUENCE. */
  revisions: TargetRevision[];
}

export interface CalendarData {
  scope: CalendarScope;
  id: number;
  project: Name & { id: number };
  /** The scope's own name (a batch's, or the project's). */
  name: Name;
  events: CalendarEvent[];
}

const ONE_PROJECT: Levels = { villages: false, districts: false, histories: 'all', revisions: true };

const nameOf = (x: Name): Name => ({ nameZh: x.nameZh, nameEn: x.nameEn });
const hasTarget = (d: Deadline): d is Deadline & { targetDate: IsoDate } => d.targetDate !== null;

export const readCalendar = (db: Db, scope: CalendarScope, id: number, asOf: IsoDate): Promise<CalendarData> =>
  db.transaction().execute(async (trx) => {
    const view = await viewIn(trx, asOf, (t) => (scope === 'project' ? loadProjectRows(t, id) : loadBatchRows(t, id)), ONE_PROJECT, { entity: scope, id });
    const project = view.snapshot.projects[0]!;
    const revisionsOf = (type: TargetScope, of: number) => (view.revisions ?? []).filter((r) => r.scopeType === type && r.scopeId === of);
    const events: CalendarEvent[] = [];
    for (const b of view.snapshot.batches) {
      const deadline = view.figures.batches.get(b.id)?.deadline;
      if (deadline && hasTarget(deadline)) events.push({ scopeType: 'batch', id: b.id, name: nameOf(b), deadline, revisions: revisionsOf('batch', b.id) });
    }
    // A project's deadlines are its batches'; one without batches has its own (as its deadline counts, scope-summary.ts).
    const own = view.figures.projects.get(project.id)?.deadline;
    if (scope === 'project' && view.snapshot.batches.length === 0 && own && hasTarget(own)) {
      events.push({ scopeType: 'project', id: project.id, name: nameOf(project), deadline: own, revisions: revisionsOf('project', project.id) });
    }
    const batch = scope === 'batch' ? view.snapshot.batches[0]! : null;
    return { scope, id, project: { id: project.id, ...nameOf(project) }, name: nameOf(batch ?? project), events };
  });

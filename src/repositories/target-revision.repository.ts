import type { TargetRevisionRow } from '../db/schema';
import type { TargetRevision, TargetScope } from '../domain/target-history';
import type { DatePrecision, IsoDate } from '../domain/types';
import type { Conn } from './catalogue.repository';

const toRevision = (r: TargetRevisionRow): TargetRevision => ({
  id: Number(r.id), scopeType: r.scope_type, scopeId: Number(r.scope_id), revisedOn: r.revised_on, targetDate: r.target_date,
  targetPrecision: r.target_precision, reason: r.reason, author: r.username,
});

export interface NewTargetRevision {
  scopeType: TargetScope;
  scopeId: number;
  revisedOn: IsoDate;
  targetDate: IsoDate | null;
  targetPrecision: DatePrecision;
  reason: string;
  userId: number | null;
  username: string | null;
}

export async function insertTargetRevision(db: Conn, r: NewTargetRevision): Promise<void> {
  await db.insertInto('target_revisions').values({
    scope_type: r.scopeType, scope_id: r.scopeId, revised_on: r.revisedOn, target_date: r.targetDate, target_precision: r.targetPrecision,
    reason: r.reason, user_id: r.userId, username: r.username, created_at: new Date().toISOString(),
  }).execute();
}

/** The revisions of these batches or projects, in the order they were made. */
export async function revisionsOf(db: Conn, scopeType: TargetScope, ids: readonly number[]): Promise<TargetRevision[]> {
  if (ids.length === 0) return [];
  const out: TargetRevision[] = [];
  // In slices: SQLite allows a bounded number of parameters per statement.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('target_revisions').selectAll()
      .where('scope_type', '=', scopeType).where('scope_id', 'in', ids.slice(i, i + 500)).orderBy('id').execute();
    out.push(...rows.map(toRevision));
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Sets a batch's or project's baseline: only ever once, where none is stored yet. */
export async function setBaselineOnce(db: Conn, scopeType: TargetScope, id: number, date: IsoDate, precision: DatePrecision): Promise<void> {
  if (scopeType === 'batch') {
    await db.updateTable('batches').set({ baseline_target_date: date, baseline_target_precision: precision }).where('id', '=', id).where('baseline_target_date', 'is', null).execute();
  } else {
    await db.updateTable('projects').set({ baseline_completion: date, baseline_completion_precision: precision }).where('id', '=', id).where('baseline_completion', 'is', null).execute();
  }
}

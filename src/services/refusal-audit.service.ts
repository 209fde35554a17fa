// Refused requests (a role without access, a missing or wrong CSRF token) in the audit log, bounded:
// a flood from one address writes one row per address, route and minute, then one row with the
// count of the repeats; past a cap per minute, further refusals are only counted, in one row.
import type { Db } from '../db/create-db';
import { audit, type Actor } from './audit.service';

export type RefusalKind = 'access_denied' | 'csrf_failed';

export interface Refusal {
  kind: RefusalKind;
  actor: Actor;
  method: string;
  /** The route pattern (`/admin/users/:id`), not the path asked for: the key stays bounded. */
  route: string;
}

/** Rows written in one minute before refusals are only counted. */
export const MAX_REFUSAL_ROWS_PER_MINUTE = 100;

export class RefusalAudit {
  private minute = -1;
  /** Per key, the refusals after the first in this minute (not written one by one). */
  private repeats = new Map<string, { refusal: Refusal; count: number }>();
  private rows = 0;
  private uncounted = 0;

  constructor(private readonly db: Db, private readonly now: () => number = Date.now, private readonly maxRows = MAX_REFUSAL_ROWS_PER_MINUTE) {}

  async record(r: Refusal): Promise<void> {
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.minute) {
      this.minute = minute; // before the await: a refusal arriving meanwhile belongs to the new minute
      await this.flush();
    }
    const key = `${r.kind}|${r.actor.ip ?? ''}|${r.actor.userId ?? ''}|${r.method} ${r.route}`;
    const seen = this.repeats.get(key);
    if (seen) {
      seen.count += 1;
      return;
    }
    if (this.rows >= this.maxRows) {
      this.uncounted += 1;
      return;
    }
    this.repeats.set(key, { refusal: r, count: 0 });
    this.rows += 1;
    await this.write(r, 1);
  }

  /** The repeats of the minute that ended: one row per key that had any, and one for the uncounted. */
  private async flush(): Promise<void> {
    const pending = [...this.repeats.values()].filter((p) => p.count > 0);
    const uncounted = this.uncounted;
    this.repeats = new Map();
    this.rows = 0;
    this.uncounted = 0;
    for (const p of pending) await this.write(p.refusal, p.count, 'repeats in the same minute');
    if (uncounted > 0) {
      await audit(this.db, { userId: null, username: null, ip: null }, {
        action: 'refusals_uncounted', result: 'denied', detail: `${uncounted} more refusals in one minute, past ${this.maxRows} rows`, after: { count: uncounted },
      });
    }
  }

  private write(r: Refusal, count: number, note?: string): Promise<void> {
    return audit(this.db, r.actor, {
      action: r.kind, result: 'denied', detail: `${r.method} ${r.route}${note ? ` (${note})` : ''}`,
      after: { method: r.method, route: r.route, count },
    });
  }
}

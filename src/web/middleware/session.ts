import session, { Store, type SessionData } from 'express-session';
import type { RequestHandler } from 'express';
import type { Config } from '../../config';
import type { Db } from '../../db/create-db';
import { deleteExpiredSessions, deleteSession, getSession, saveSession, touchSession } from '../../repositories/session.repository';

declare module 'express-session' {
  interface SessionData {
    userId: number;
    signedInAt: number;
    flash: string | { text: string; links: { href: string; label: string }[] };
  }
}

/**
 * Over HTTPS the cookie is `__Host-` prefixed: browsers then accept it only with Secure, Path=/ and
 * no Domain, so no other host or plain-HTTP page can plant or overwrite it. Over plain HTTP a
 * `__Host-` cookie would be refused by the browser, so the plain name is used there.
 */
export function sessionCookieName(config: Pick<Config, 'secureCookies'>): string {
  return config.secureCookies ? '__Host-tracker.sid' : 'tracker.sid';
}

/**
 * Sessions in our own table through Kysely (the npm SQLite store is GPL-3 and leaks a timer). The
 * repository stores only a hash of each id, so a copy of the database holds no usable session.
 */
export class KyselySessionStore extends Store {
  /** Writes since expired rows were last swept. */
  private writes = 0;

  constructor(private readonly db: Db, private readonly readDb: Db = db) {
    super();
  }

  /**
   * The cookie's own expiry: sessions() always sets `maxAge`, and `rolling` renews it on every
   * answer. A session without one (none is made) would be expired at once, not kept for ever.
   */
  private expiry(s: SessionData): string {
    return new Date(s.cookie.expires ?? 0).toISOString();
  }

  override get(sid: string, cb: (err: unknown, s?: SessionData | null) => void): void {
    getSession(this.readDb, sid, new Date().toISOString()).then((data) => cb(null, data ? (JSON.parse(data) as SessionData) : null), cb);
  }

  override set(sid: string, s: SessionData, cb?: (err?: unknown) => void): void {
    // Expired rows are swept now and then on a write, so no timer is needed.
    this.writes += 1;
    const due = this.writes >= SWEEP_EVERY_WRITES;
    if (due) this.writes = 0;
    const sweep = due ? deleteExpiredSessions(this.db, new Date().toISOString()) : Promise.resolve();
    sweep
      .then(() => saveSession(this.db, { sid, userId: s.userId ?? null, data: JSON.stringify(s), expiresAt: this.expiry(s) }))
      // Stryker disable next-line OptionalChaining: express-session passes a callback on every call (the Store type makes it optional)
      .then(() => cb?.(), (err) => cb?.(err));
  }

  /**
   * Not awaited: extending an idle deadline must not hold a response behind a long write. Written
   * at most once a minute per session: each write is a commit with its disk flush, which a staff
   * member's next write would wait behind (the deadline is early by that minute at most).
   */
  override touch(sid: string, s: SessionData, cb?: () => void): void {
    touchSession(this.db, sid, this.expiry(s), TOUCH_SLACK_MS).catch(() => undefined);
    // Stryker disable next-line OptionalChaining: express-session passes a callback on every call (the Store type makes it optional)
    cb?.();
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    // Stryker disable next-line OptionalChaining: express-session passes a callback on every call (the Store type makes it optional)
    deleteSession(this.db, sid).then(() => cb?.(), (err) => cb?.(err));
  }
}

/** Expired session rows are deleted on every this many session writes. */
export const SWEEP_EVERY_WRITES = 100;

/** How far behind the last request an idle deadline may lag before it is written again. */
export const TOUCH_SLACK_MS = 60_000;

export function sessions(db: Db, config: Config, secret: string, readDb: Db = db): RequestHandler {
  const idleMs = config.sessionIdleMinutes * 60_000;
  return session({
    name: sessionCookieName(config),
    secret,
    store: new KyselySessionStore(db, readDb),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    // Stryker disable next-line StringLiteral: no route sets req.session to null today; one that does ends the stored session, not keeps it
    unset: 'destroy',
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: idleMs, path: '/' },
  });
}

// A real app on a fresh SQLite file, with signed-in browsers: GET /login for the session cookie and
// the CSRF token, POST /login, then keep the cookie. Passwords are hashed cheaply (scrypt N = 2^12).
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createDb, type Db } from '../../src/db/create-db';
import { freshDatabase } from './test-db';
import { migrateToLatest } from '../../src/db/migrate';
import type { Role } from '../../src/db/schema';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { createUser } from '../../src/services/user.service';
import { seedIfEmpty } from '../../seeds';

export interface StaffContext {
  app: Express;
  db: Db;
  config: Config;
  dir: string;
  close(): Promise<void>;
}

/** `env` adds to (or overrides) the test configuration. */
export async function createStaffContext(opts: { seed?: boolean; asOf?: string; env?: Record<string, string> } = {}): Promise<StaffContext> {
  const fresh = await freshDatabase();
  const config = loadConfig({
    NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '0', DATABASE_URL: fresh.url, AS_OF: opts.asOf ?? '2026-11-26', LOG_LEVEL: 'silent', SCRYPT_LOG_N: '12',
    ...opts.env,
  });
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);
  if (opts.seed !== false) await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
  const app = createApp({ config, db, logger: pino({ level: 'silent' }) });
  return {
    app, db, config, dir: fresh.dir,
    async close() {
      await db.destroy();
      await fresh.drop();
    },
  };
}

/** The CSRF token of the first form on a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

const PASSWORD = 'lantern-orchard-7-quietly';

/** A browser signed in with a new account of the given role. */
export async function signedIn(ctx: StaffContext, role: Role, username = `${role}-user`): Promise<ReturnType<typeof request.agent>> {
  await createUser(ctx.db, ctx.config, SYSTEM_ACTOR, { username, role, password: PASSWORD });
  const agent = request.agent(ctx.app);
  const login = await agent.get('/login');
  const res = await agent.post('/login').type('form').send({ _csrf: csrfOf(login.text), username, password: PASSWORD });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status}`);
  return agent;
}

// Signing in through the real form: GET /login for a CSRF token, POST /login, keep the cookie.
import crypto from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../src/db/create-db';
import type { Role } from '../../src/db/schema';
import { insertUser } from '../../src/repositories/user.repository';
import { hashPassword } from '../../src/services/passwords';

export type Agent = ReturnType<typeof request.agent>;

export interface SignedIn {
  agent: Agent;
  username: string;
  password: string;
  userId: number;
}

export interface SignInOptions {
  username?: string;
  password?: string;
  /** scrypt cost of the stored hash; 12 keeps tests fast. */
  scryptLogN?: number;
  /** Sent as X-Forwarded-For on every request of the agent (the app trusts the loopback proxy). */
  ip?: string;
  /** Sent as Accept-Language on every request of the agent. */
  lang?: string;
  /** Create the account first (default true); false signs in an account that already exists. */
  create?: boolean;
  /** Set must_change_password on the new account. */
  mustChange?: boolean;
}

let counter = 0;

/** A password that passes both the ASVS and the 等保 rules. */
export function strongPassword(): string {
  return `Qz7!${crypto.randomBytes(9).toString('base64url')}-Lp`;
}

/** The hidden `_csrf` field of the first form on a page. */
export function csrfOf(html: string): string {
  const m = /<input type="hidden" name="_csrf" value="([^"]+)">/.exec(html);
  if (!m) throw new Error('no _csrf field on the page');
  return m[1]!;
}

/** A fresh CSRF token of the agent's session, read from a form page (GET /login by default). */
export async function csrfFrom(agent: Agent, path = '/login'): Promise<string> {
  const res = await agent.get(path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}, expected a form page`);
  return csrfOf(res.text);
}

/** Creates an account straight in the database (no audit row), returning its id. */
export async function createAccount(db: Db, u: { username: string; password: string; role: Role; scryptLogN?: number; mustChange?: boolean }): Promise<number> {
  const passwordHash = await hashPassword(u.password, u.scryptLogN ?? 12);
  return insertUser(db, { username: u.username, role: u.role, passwordHash, now: new Date().toISOString(), mustChange: u.mustChange ?? false });
}

/** An agent that configured headers are applied to. */
export function newAgent(app: Express, opts: { ip?: string; lang?: string } = {}): Agent {
  const agent = request.agent(app);
  if (opts.ip) agent.set('X-Forwarded-For', opts.ip);
  if (opts.lang) agent.set('Accept-Language', opts.lang);
  return agent;
}

/** Signs an agent in through the form; throws unless the app answers 303. */
export async function signIn(agent: Agent, username: string, password: string): Promise<request.Response> {
  const token = await csrfFrom(agent, '/login');
  const res = await agent.post('/login').type('form').send({ username, password, _csrf: token });
  if (res.status !== 303) throw new Error(`sign-in of ${username} answered ${res.status}, expected 303`);
  return res;
}

/**
 * A supertest agent signed in as a new account of `role` (or an existing one with `create: false`),
 * plus the username and password used.
 */
export async function signedInAgent(app: Express, db: Db, role: Role, opts: SignInOptions = {}): Promise<SignedIn> {
  counter += 1;
  const username = opts.username ?? `${role}${counter}_${crypto.randomBytes(3).toString('hex')}`;
  const password = opts.password ?? strongPassword();
  let userId: number;
  if (opts.create === false) {
    const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    userId = Number(row.id);
  } else {
    userId = await createAccount(db, { username, password, role, scryptLogN: opts.scryptLogN, mustChange: opts.mustChange });
  }
  const agent = newAgent(app, opts);
  await signIn(agent, username, password);
  return { agent, username, password, userId };
}

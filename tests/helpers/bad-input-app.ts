// One app per bad-input test file, with a signed-in agent per role (pages read in English), and the
// checks every refusal shares: nothing written, nothing leaked, nothing reflected raw.
import request from 'supertest';
import type { Role } from '../../src/db/schema';
import { createStaffApp, snapshotData, type StaffApp } from './staff-app';
import { createAccount, signedInAgent, strongPassword, type Agent } from './sign-in';
import type { Who } from './bad-input-routes';
import { submitFeedback } from '../../src/services/feedback.service';
import { recordHouseholds } from '../../src/services/household.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';

export interface BadInputApp {
  s: StaffApp;
  agents: Record<Role, Agent>;
  /** An account the admin's user forms act on (never the admin itself). */
  targetUserId: number;
  agentFor(who: Who): Agent | ReturnType<typeof request>;
  /** Fills `:id` (1, or the target user) and `*path` of a route pattern. */
  fill(param: string, pattern: string): string;
}

export async function badInputApp(): Promise<BadInputApp> {
  const s = await createStaffApp({ env: { LOGIN_ATTEMPTS_PER_IP_PER_15_MIN: '10000', LOCKOUT_THRESHOLD: '100' } });
  const agents = {} as Record<Role, Agent>;
  for (const role of ['staff', 'admin', 'official'] as const) agents[role] = (await signedInAgent(s.app, s.db, role, { lang: 'en' })).agent;
  // Templates are compiled once, as in production: the suite renders a few thousand pages.
  s.app.enable('view cache');
  const targetUserId = await createAccount(s.db, { username: 'bad_input_target', password: strongPassword(), role: 'staff' });
  // a resident's message (its page and the staff step form), and keys handed over in batch 2 (its rating form)
  const feedbackCode = await submitFeedback(s.db, { scope: 'project', scopeId: 1, kind: 'question', category: 'delay', body: '第一批什么时候交房？' }, new Date('2026-11-25T02:00:00Z'));
  await recordHouseholds(s.db, SYSTEM_ACTOR, '2026-11-26', { batchId: 2, asOf: '2026-11-20', households: 10, allocated: 10, notices: 10, handedOver: 4, movedIn: 0, certificates: 0, correctionReason: null });
  return {
    s,
    agents,
    targetUserId,
    agentFor: (who) => (who === 'anonymous' ? request(s.app) : agents[who]),
    fill: (param, pattern) => (param === 'path' ? 'css/app.css' : param === 'code' ? feedbackCode : pattern.startsWith('/admin/users/') ? String(targetUserId) : '1'),
  };
}

/** Every data table, audit log and users included, as one comparable value. */
export async function fingerprint(s: StaffApp): Promise<string> {
  return JSON.stringify(await snapshotData(s.db));
}

/** Audit rows added since `before` (a snapshot's length), as action/result pairs. */
export async function auditSince(s: StaffApp, count: number): Promise<{ action: string; result: string; username: string | null }[]> {
  const rows = await s.db.selectFrom('audit_log').select(['action', 'result', 'username']).orderBy('id').execute();
  return rows.slice(count);
}

export async function auditCount(s: StaffApp): Promise<number> {
  return Number((await s.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

// The session table through its store (session.ts), below express-session: each row expires when its
// cookie does, expired rows are swept on every 100th write (no timer), and a database that fails
// answers each call with the error instead of hanging the request.
import type { SessionData } from 'express-session';
import { sql } from 'kysely';
import { KyselySessionStore } from '../../src/web/middleware/session';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';

let s: StaffApp;
beforeEach(async () => {
  s = await createStaffApp({ seed: false });
});
afterEach(() => s.close());

const sessionEnding = (expires: Date) => ({ cookie: { expires, originalMaxAge: null } }) as unknown as SessionData;
const call = (f: (cb: (err?: unknown) => void) => void) => new Promise<unknown>((resolve) => f((err) => resolve(err ?? null)));
const rows = () => s.db.selectFrom('sessions').select(['expires_at']).orderBy('expires_at').execute();

test('a row expires exactly when its cookie does', async () => {
  const store = new KyselySessionStore(s.db);
  expect(await call((cb) => store.set('sid-a', sessionEnding(new Date('2099-03-04T05:06:07.000Z')), cb))).toBeNull();
  expect(await rows()).toEqual([{ expires_at: '2099-03-04T05:06:07.000Z' }]);
});

test('expired rows are deleted by the 100th write, not before, and live ones are kept', async () => {
  const store = new KyselySessionStore(s.db);
  const live = sessionEnding(new Date('2099-01-01T00:00:00.000Z'));
  await call((cb) => store.set('expired', sessionEnding(new Date('2001-01-01T00:00:00.000Z')), cb)); // write 1
  for (let i = 2; i <= 99; i++) await call((cb) => store.set('live', live, cb));
  expect((await rows()).map((r) => r.expires_at)).toEqual(['2001-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z']);
  await call((cb) => store.set('live', live, cb)); // write 100
  expect((await rows()).map((r) => r.expires_at)).toEqual(['2099-01-01T00:00:00.000Z']);
  // and again 100 writes later, not at the 101st
  await call((cb) => store.set('expired-2', sessionEnding(new Date('2002-01-01T00:00:00.000Z')), cb)); // write 101
  await call((cb) => store.set('live', live, cb)); // write 102
  expect(await rows()).toHaveLength(2);
});

test('destroy removes the row and answers', async () => {
  const store = new KyselySessionStore(s.db);
  await call((cb) => store.set('sid-b', sessionEnding(new Date('2099-01-01T00:00:00.000Z')), cb));
  expect(await call((cb) => store.destroy('sid-b', cb))).toBeNull();
  expect(await rows()).toEqual([]);
});

test('on a database that fails, set, get and destroy answer with the error', async () => {
  const store = new KyselySessionStore(s.db);
  await sql`drop table sessions`.execute(s.db);
  const errors = [
    await call((cb) => store.set('sid-c', sessionEnding(new Date('2099-01-01T00:00:00.000Z')), cb)),
    await call((cb) => store.get('sid-c', (err) => cb(err))),
    await call((cb) => store.destroy('sid-c', cb)),
  ];
  expect(errors.map((e) => /sessions/.test(String((e as Error | null)?.message)))).toEqual([true, true, true]);
});

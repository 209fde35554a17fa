import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../src/db/create-db';
import { getDataVersion } from '../../src/repositories/version.repository';

/**
 * An anonymous GET that must show the latest committed data at once: every read after a commit, in
 * any process, shows it (no stale answers while figures are computed: there is no such wait any more).
 */
export async function freshGet(app: Express, db: Db, path: string): Promise<request.Response> {
  const latest = await getDataVersion(db);
  const res = await request(app).get(path);
  const v = Number(res.headers['x-data-version']);
  if (!Number.isInteger(v)) throw new Error(`${path} sent no X-Data-Version`);
  if (v !== latest) throw new Error(`${path} answered from version ${v}, the latest committed is ${latest}`);
  return res;
}

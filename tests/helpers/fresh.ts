import request from 'supertest';
import type { Express } from 'express';
import type { Db } from '../../src/db/create-db';
import { getDataVersion } from '../../src/repositories/version.repository';

/**
 * An anonymous GET once it shows the latest committed data: anonymous readers are answered from the
 * last computed figures while newer ones are computed (FiguresCache), which takes a few event-loop
 * turns here. Fails if the answer does not catch up within about two seconds, or ever goes back.
 */
export async function freshGet(app: Express, db: Db, path: string): Promise<request.Response> {
  const latest = await getDataVersion(db);
  let seen = 0;
  for (let i = 0; i < 200; i++) {
    const res = await request(app).get(path);
    const v = Number(res.headers['x-data-version']);
    if (!Number.isInteger(v)) throw new Error(`${path} sent no X-Data-Version`);
    if (v < seen) throw new Error(`${path} went back from version ${seen} to ${v}`);
    seen = v;
    if (v >= latest) return res;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${path} still shows version ${seen} of ${latest}`);
}

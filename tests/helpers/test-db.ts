import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A fresh, empty database for one test context: a SQLite file in a temporary folder, or, when
 * TEST_DATABASE_URL names a PostgreSQL server (e.g. postgres://tracker:tracker@127.0.0.1/postgres),
 * a new database on it that is dropped again afterwards.
 */
export async function freshDatabase(): Promise<{ url: string; dir: string; drop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-db-'));
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    return { url: path.join(dir, 'test.db'), dir, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `tracker_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    drop: async () => {
      const c = new Client({ connectionString: server });
      await c.connect();
      try {
        // FORCE cannot end a connection still authenticating (it has no role yet): wait and try again.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`drop database if exists ${name} with (force)`);
            break;
          } catch (err) {
            if (attempt >= 10 || !/member of the role/.test((err as Error).message)) throw err;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      } finally {
        await c.end();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

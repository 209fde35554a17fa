// `node dist/scripts/query-profile.js <sqlite file> overview|summary [asOf]`: one read of the overview
// (the first district) or of the whole site's summary on an existing database, with the time of
// every query it ran, summed by statement: where a read spends its time in the database.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database as Schema } from '../src/db/schema';
import { readDistrict } from '../src/services/scope-read.service';
import { readSite } from '../src/services/site-read.service';

async function main(file: string | undefined, what: string | undefined, asOf = new Date().toISOString().slice(0, 10)): Promise<void> {
  if (!file || (what !== 'overview' && what !== 'summary')) throw new Error('usage: query-profile <sqlite file> overview|summary [asOf]');
  const stats = new Map<string, { n: number; ms: number }>();
  const db = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: new Database(file, { readonly: true, fileMustExist: true }) }),
    log: (e) => {
      const key = e.query.sql.replace(/\?(, \?)*/g, '?…').slice(0, 140);
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n += 1;
      s.ms += e.queryDurationMillis;
      stats.set(key, s);
    },
  });
  try {
    const t = performance.now();
    if (what === 'overview') await readDistrict(db, null, asOf);
    else await readSite(db, asOf);
    const total = [...stats.values()].reduce((a, s) => a + s.ms, 0);
    console.log(`${what}: ${Math.round(performance.now() - t)} ms, of which ${Math.round(total)} ms in ${[...stats.values()].reduce((a, s) => a + s.n, 0)} queries`);
    for (const [sql, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) console.log(`${String(Math.round(s.ms)).padStart(6)} ms ${String(s.n).padStart(4)}× ${sql}`);
  } finally {
    await db.destroy();
  }
}

main(process.argv[2], process.argv[3], process.argv[4]).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

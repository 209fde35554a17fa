// Backups carry a deadline's history: a backup restored brings back the revisions and the baselines
// as they were; a backup from before migration 0007 comes back with each baseline taken from the
// target it held. SQLite files only (PostgreSQL is backed up with pg_dump).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { migrations } from '../../db/migrations';
import { seedIfEmpty } from '../../seeds';
import { cli } from '../helpers/run-cli';
import { createDb } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { updateBatch } from '../../src/services/batch-building.service';
import { onPostgres } from '../helpers/test-db';

const describeSqlite = onPostgres ? describe.skip : describe;

let dir: string;
const saved = { ...process.env };
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-target-backup-'));
  process.env.LOG_LEVEL = 'silent';
  process.env.BACKUP_DIR = path.join(dir, 'backups');
});
afterEach(() => {
  process.env = { ...saved };
  fs.rmSync(dir, { recursive: true, force: true });
});

async function withDb<T>(file: string, f: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const db = createDb(file);
  try {
    return await f(db);
  } finally {
    await db.destroy();
  }
}

const history = (file: string) => withDb(file, async (db) => ({
  revisions: (await db.selectFrom('target_revisions').select(['scope_type', 'scope_id', 'revised_on', 'target_date', 'reason', 'username']).orderBy('id').execute()),
  batches: await db.selectFrom('batches').select(['id', 'target_delivery_date', 'baseline_target_date', 'baseline_target_precision']).orderBy('id').execute(),
}));

describeSqlite('backup and restore', () => {
  test('a restored backup has the revisions and baselines it was taken with', async () => {
    const source = path.join(dir, 'source.db');
    await withDb(source, async (db) => {
      await migrateToLatest(db);
      await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
      const b = await db.selectFrom('batches').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
      await updateBatch(db, SYSTEM_ACTOR, '2026-11-26', 1, Number(b.version), {
        nameZh: b.name_zh, nameEn: b.name_en, targetDeliveryDate: '2027-06-30', targetPrecision: 'month', actualDeliveryDate: b.actual_delivery_date,
        households: b.households, note: b.note, targetReason: '征迁扫尾滞后',
      });
    });
    const backup = path.join(dir, 'backup.db');
    expect((await cli(source, ['backup', backup])).code).toBe(0);
    const target = path.join(dir, 'tracker.db');
    await withDb(target, async (db) => {
      await migrateToLatest(db);
      await seedIfEmpty(db, '2026-11-26T00:00:00.000Z');
    });
    expect((await history(target)).revisions).toEqual([]);
    expect((await cli(target, ['restore', backup])).code).toBe(0);
    const restored = await history(target);
    expect(restored).toEqual(await history(source));
    expect(restored.revisions).toEqual([{ scope_type: 'batch', scope_id: 1, revised_on: '2026-11-26', target_date: '2027-06-30', reason: '征迁扫尾滞后', username: 'cli' }]);
    // the seed's batch 1 was due by the end of 2023: that stays its original target
    expect(restored.batches[0]).toEqual({ id: 1, target_delivery_date: '2027-06-30', baseline_target_date: '2023-12-31', baseline_target_precision: 'year' });
  });

  test('a backup from before target revisions were kept comes back with each target as its baseline', async () => {
    const old = path.join(dir, 'old.db');
    await withDb(old, async (db) => {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0005-rollups')).error).toBeUndefined();
      const raw = db as unknown as { insertInto: (t: string) => any };
      const d = await raw.insertInto('districts').values({ name_zh: '旧区' }).returning('id').executeTakeFirstOrThrow();
      const v = await raw.insertInto('villages').values({ district_id: d.id, name_zh: '旧村' }).returning('id').executeTakeFirstOrThrow();
      const p = await raw.insertInto('projects').values({ village_id: v.id, name_zh: '旧项目', kind: 'resettlement' }).returning('id').executeTakeFirstOrThrow();
      await raw.insertInto('batches').values({ project_id: p.id, sequence: 1, name_zh: '第一批', target_delivery_date: '2024-12-31', target_precision: 'year' }).execute();
    });
    const backup = path.join(dir, 'old-backup.db');
    expect((await cli(old, ['backup', backup])).code).toBe(0);
    const target = path.join(dir, 'tracker.db');
    await withDb(target, async (db) => { await migrateToLatest(db); });
    const r = await cli(target, ['restore', backup]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('0007-target-revisions');
    expect(await history(target)).toEqual({
      revisions: [],
      batches: [{ id: 1, target_delivery_date: '2024-12-31', baseline_target_date: '2024-12-31', baseline_target_precision: 'year' }],
    });
  });
});

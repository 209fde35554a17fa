import type { Db } from '../src/db/create-db';
import { countDistricts } from '../src/repositories/catalogue.repository';
import { seedRealData, seedRealEnglishNotes } from './seed-real';
import { rebuildRollups } from '../src/services/rollup.service';

/** Seeds the real data set into an empty database; does nothing when any district exists. */
export async function seedIfEmpty(db: Db, now: string = new Date().toISOString()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    if ((await countDistricts(trx)) > 0) return false;
    await seedRealData(trx, now);
    await seedRealEnglishNotes(trx);
    await rebuildRollups(trx); // a bulk load: the rollups are built once, at the end
    return true;
  });
}

// The oracle: every figure computed from scratch over the whole model (the domain's
// computeSnapshotFigures from the buildings and their events), to compare what pages serve with.
import type { Db } from '../../src/db/create-db';
import { computeSnapshotFigures } from '../../src/domain/scopes';
import { loadCatalogue } from '../../src/repositories/catalogue.repository';
import { getNumberSetting, getSetting, getStageWeights } from '../../src/repositories/settings.repository';
import type { FiguresView } from '../../src/services/scope-read.service';

export async function fromScratch(db: Db, asOf: string): Promise<FiguresView> {
  return db.transaction().execute(async (trx) => {
    const snapshot = await loadCatalogue(trx);
    const allowance = await getSetting(trx, 'monthly_allowance_yuan_per_household');
    const monthly = allowance === null || allowance.trim() === '' ? null : Number(allowance);
    const staleAfterDays = await getNumberSetting(trx, 'stale_after_days', 90);
    const figures = computeSnapshotFigures(snapshot, { weights: await getStageWeights(trx), asOf, staleAfterDays, monthlyAllowanceYuanPerHousehold: monthly });
    return { snapshot, figures, staleAfterDays, monthlyAllowanceYuanPerHousehold: monthly };
  });
}

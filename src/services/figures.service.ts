import type { Db } from '../db/create-db';
import type { ModelSnapshot } from '../domain/entities';
import { computeSnapshotFigures, type SnapshotFigures } from '../domain/scopes';
import type { IsoDate } from '../domain/types';
import { loadCatalogue } from '../repositories/catalogue.repository';
import { getNumberSetting, getSetting, getStageWeights } from '../repositories/settings.repository';
import { getDataVersion } from '../repositories/version.repository';

export interface FiguresView {
  snapshot: ModelSnapshot;
  figures: SnapshotFigures;
  staleAfterDays: number;
  /** The data version the snapshot was read at (absent in hand-built views). */
  version?: number;
  /** The rate the costs of delay were computed with; null when no administrator has set it. */
  monthlyAllowanceYuanPerHousehold?: number | null;
}

/** Loads the model in one read transaction (a consistent snapshot) and computes every public figure as of `asOf`. */
export async function loadFigures(db: Db, asOf: IsoDate): Promise<FiguresView> {
  const { snapshot, weights, staleAfterDays, allowance, version } = await db.transaction().execute(async (trx) => ({
    version: await getDataVersion(trx),
    snapshot: await loadCatalogue(trx),
    weights: await getStageWeights(trx),
    staleAfterDays: await getNumberSetting(trx, 'stale_after_days', 90),
    allowance: await getSetting(trx, 'monthly_allowance_yuan_per_household'),
  }));
  const parsed = allowance === null || allowance.trim() === '' ? null : Number(allowance);
  const monthly = parsed !== null && Number.isFinite(parsed) ? parsed : null;
  const figures = computeSnapshotFigures(snapshot, { weights, asOf, staleAfterDays, monthlyAllowanceYuanPerHousehold: monthly });
  return { snapshot, figures, staleAfterDays, version, monthlyAllowanceYuanPerHousehold: monthly };
}

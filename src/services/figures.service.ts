import type { Db } from '../db/create-db';
import type { ModelSnapshot } from '../domain/entities';
import { computeSnapshotFigures, type SnapshotFigures } from '../domain/scopes';
import type { IsoDate } from '../domain/types';
import { loadCatalogue } from '../repositories/catalogue.repository';
import { getNumberSetting, getSetting, getStageWeights } from '../repositories/settings.repository';

export interface FiguresView {
  snapshot: ModelSnapshot;
  figures: SnapshotFigures;
  staleAfterDays: number;
}

/** Loads the model and computes every public figure as of `asOf`. */
export async function loadFigures(db: Db, asOf: IsoDate): Promise<FiguresView> {
  const [snapshot, weights, staleAfterDays, allowance] = await Promise.all([
    loadCatalogue(db),
    getStageWeights(db),
    getNumberSetting(db, 'stale_after_days', 90),
    getSetting(db, 'monthly_allowance_yuan_per_household'),
  ]);
  const monthly = allowance === null || allowance.trim() === '' ? null : Number(allowance);
  const figures = computeSnapshotFigures(snapshot, {
    weights,
    asOf,
    staleAfterDays,
    monthlyAllowanceYuanPerHousehold: monthly !== null && Number.isFinite(monthly) ? monthly : null,
  });
  return { snapshot, figures, staleAfterDays };
}

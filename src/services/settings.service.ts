import type { Db } from '../db/create-db';
import { validateStageWeights } from '../domain/stages';
import type { StageWeights } from '../domain/types';
import { getNumberSetting, getSetting, getStageWeights, setSetting, setStageWeights } from '../repositories/settings.repository';
import type { Actor } from './audit.service';
import { throwIfErrors, writeAudited } from './write-helpers';

export interface Settings {
  weights: StageWeights;
  monthlyAllowanceYuanPerHousehold: number | null;
  staleAfterDays: number;
}

export async function loadSettings(db: Db): Promise<Settings> {
  const allowance = await getSetting(db, 'monthly_allowance_yuan_per_household');
  return {
    weights: await getStageWeights(db),
    monthlyAllowanceYuanPerHousehold: allowance && allowance.trim() !== '' ? Number(allowance) : null,
    staleAfterDays: await getNumberSetting(db, 'stale_after_days', 90),
  };
}

/** Stage weights must rise from 0 to 100; every change is audited with the values before and after. */
export async function saveSettings(db: Db, actor: Actor, next: Settings): Promise<void> {
  const problems = validateStageWeights(next.weights);
  throwIfErrors(problems.length ? { weights: 'validation.weights' } : {});
  await writeAudited(db, actor, async (trx) => {
    const before = await loadSettings(db);
    await setStageWeights(trx, next.weights);
    await setSetting(trx, 'monthly_allowance_yuan_per_household', next.monthlyAllowanceYuanPerHousehold === null ? '' : String(next.monthlyAllowanceYuanPerHousehold));
    await setSetting(trx, 'stale_after_days', String(next.staleAfterDays));
    return { result: undefined, objectType: 'settings', objectId: 0, action: 'update', before, after: next };
  });
}

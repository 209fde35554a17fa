import type { Db } from '../db/create-db';
import type { Conn } from '../repositories/catalogue.repository';
import { STAGES } from '../domain/types';
import { validateStageWeights } from '../domain/stages';
import type { StageWeights } from '../domain/types';
import { getNumberSetting, getSetting, getStageWeights, setSetting, setStageWeights } from '../repositories/settings.repository';
import type { Actor } from './audit.service';
import { throwIfErrors, writeAudited } from './write-helpers';
import { serviceDeadlines } from './feedback.service';

export interface Settings {
  weights: StageWeights;
  monthlyAllowanceYuanPerHousehold: number | null;
  staleAfterDays: number;
  /** After how many months from keys a household still without its certificate counts as late. */
  certificateLagMonths: number;
  /** Working days staff have to acknowledge a resident's message, and to answer it. */
  feedbackAcknowledgeDays: number;
  feedbackAnswerDays: number;
}

export async function loadSettings(db: Conn): Promise<Settings> {
  const allowance = await getSetting(db, 'monthly_allowance_yuan_per_household');
  return {
    weights: await getStageWeights(db),
    monthlyAllowanceYuanPerHousehold: allowance && allowance.trim() !== '' ? Number(allowance) : null,
    staleAfterDays: await getNumberSetting(db, 'stale_after_days', 90),
    certificateLagMonths: await getNumberSetting(db, 'certificate_lag_months', 12),
    ...(({ acknowledgeDays, answerDays }) => ({ feedbackAcknowledgeDays: acknowledgeDays, feedbackAnswerDays: answerDays }))(await serviceDeadlines(db)),
  };
}

/** The error sits on the first stage whose weight breaks the rule, so the form can show it there. */
function weightErrors(weights: StageWeights): Record<string, string> {
  if (validateStageWeights(weights).length === 0) return {};
  const bad = STAGES.find((stage, i) => {
    const w = weights[stage];
    if (stage === 'planned') return w !== 0;
    if (stage === 'delivered' && w !== 100) return true;
    return w < weights[STAGES[i - 1]!];
  });
  return { [`weight_${bad ?? 'planned'}`]: 'validation.weights' };
}

/** Stage weights must rise from 0 to 100; every change is audited with the values before and after. */
export async function saveSettings(db: Db, actor: Actor, next: Settings): Promise<void> {
  throwIfErrors(weightErrors(next.weights));
  if (next.feedbackAnswerDays < next.feedbackAcknowledgeDays) throwIfErrors({ feedbackAnswerDays: 'validation.feedback_answer_before_ack' });
  await writeAudited(db, actor, async (trx) => {
    const before = await loadSettings(trx);
    await setStageWeights(trx, next.weights);
    await setSetting(trx, 'monthly_allowance_yuan_per_household', next.monthlyAllowanceYuanPerHousehold === null ? '' : String(next.monthlyAllowanceYuanPerHousehold));
    await setSetting(trx, 'stale_after_days', String(next.staleAfterDays));
    await setSetting(trx, 'certificate_lag_months', String(next.certificateLagMonths));
    await setSetting(trx, 'feedback_acknowledge_days', String(next.feedbackAcknowledgeDays));
    await setSetting(trx, 'feedback_answer_days', String(next.feedbackAnswerDays));
    return { result: undefined, objectType: 'settings', objectId: 0, action: 'update', before, after: next };
  });
}

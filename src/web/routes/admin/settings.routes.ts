import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../../db/create-db';
import { STAGES, type Stage } from '../../../domain/types';
import { loadSettings, saveSettings } from '../../../services/settings.service';
import { field } from '../../forms/fields';
import { formHandlers, type FieldView } from '../../forms/form-route';
import { actorOf } from '../../middleware/current-user';

const schema = z.object({
  ...Object.fromEntries(STAGES.map((s) => [`weight_${s}`, field.decimal(0, 100)])),
  monthlyAllowanceYuanPerHousehold: field.optionalDecimal(0, 1_000_000),
  staleAfterDays: field.integer(1, 3650),
  certificateLagMonths: field.integer(1, 240),
  feedbackAcknowledgeDays: field.integer(1, 60),
  feedbackAnswerDays: field.integer(1, 120),
}) as unknown as z.ZodType<Record<`weight_${Stage}`, number> & { monthlyAllowanceYuanPerHousehold: number | null; staleAfterDays: number; certificateLagMonths: number; feedbackAcknowledgeDays: number; feedbackAnswerDays: number }>;

/** Administrators configure stage weights, the transitional allowance and when figures count as stale. */
export function settingsRoutes(db: Db): Router {
  const router = Router();
  const h = formHandlers({
    schema,
    title: (res) => res.locals.t('admin.settings'),
    intro: (res) => res.locals.t('admin.settingsIntro'),
    fields: (): FieldView[] => [
      ...STAGES.map((s): FieldView => ({ name: `weight_${s}`, label: `stage.${s}`, kind: 'number', required: true, unit: 'unit.percent' })),
      { name: 'monthlyAllowanceYuanPerHousehold', kind: 'number', unit: 'unit.yuanPerHouseholdMonth', hint: 'hint.allowance' },
      { name: 'staleAfterDays', kind: 'number', integer: true, required: true, unit: 'unit.days' },
      { name: 'certificateLagMonths', kind: 'number', integer: true, required: true, unit: 'unit.months', hint: 'hint.certificateLag' },
      { name: 'feedbackAcknowledgeDays', kind: 'number', integer: true, required: true, unit: 'unit.workingDays', hint: 'hint.feedbackDeadlines' },
      { name: 'feedbackAnswerDays', kind: 'number', integer: true, required: true, unit: 'unit.workingDays' },
    ],
    saved: (res) => res.locals.t('form.savedSettings'),
    changed: { objectType: 'settings' },
    load: async () => {
      const s = await loadSettings(db);
      const values: Record<string, string> = {
        monthlyAllowanceYuanPerHousehold: s.monthlyAllowanceYuanPerHousehold === null ? '' : String(s.monthlyAllowanceYuanPerHousehold),
        staleAfterDays: String(s.staleAfterDays),
        certificateLagMonths: String(s.certificateLagMonths),
        feedbackAcknowledgeDays: String(s.feedbackAcknowledgeDays),
        feedbackAnswerDays: String(s.feedbackAnswerDays),
      };
      for (const stage of STAGES) values[`weight_${stage}`] = String(s.weights[stage]);
      return { values, context: null };
    },
    save: async (input, req, res) => {
      const weights = Object.fromEntries(STAGES.map((s) => [s, input[`weight_${s}`]])) as Record<Stage, number>;
      await saveSettings(db, actorOf(req, res), { weights, monthlyAllowanceYuanPerHousehold: input.monthlyAllowanceYuanPerHousehold, staleAfterDays: input.staleAfterDays, certificateLagMonths: input.certificateLagMonths, feedbackAcknowledgeDays: input.feedbackAcknowledgeDays, feedbackAnswerDays: input.feedbackAnswerDays });
      return '/admin/settings';
    },
  });
  router.get('/admin/settings', h.get);
  router.post('/admin/settings', h.post);
  return router;
}

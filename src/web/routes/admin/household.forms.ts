// The staff form for a batch's household counts as of a day (选房、交房通知、交房、入住、办证): counts
// only, never names. Opened from a batch, it offers that batch; otherwise every batch, searchable.
import { z } from 'zod';
import type { Response } from 'express';
import type { Db } from '../../../db/create-db';
import { milestoneTargets, type TargetOption } from '../../../repositories/milestone-target.repository';
import { recordHouseholds } from '../../../services/household.service';
import { field } from '../../forms/fields';
import { searchOf } from './milestone-report.forms';
import type { FieldView, FormDef } from '../../forms/form-route';
import { actorOf } from '../../middleware/current-user';
import { queryValue } from '../../validate';

const COUNT = () => field.optionalInteger(0, 1e7);

export const householdSchema = z.object({
  batchId: field.text(12).pipe(z.string().regex(/^[1-9]\d{0,9}$/, 'validation.choice')).transform(Number),
  asOf: field.date(),
  households: COUNT(),
  allocated: COUNT(),
  notices: COUNT(),
  handedOver: COUNT(),
  movedIn: COUNT(),
  certificates: COUNT(),
  correctionReason: field.optionalText(500),
});


function batchOptions(res: Response, targets: TargetOption[]): { value: string; label: string; group: string }[] {
  const { t, nameOf } = res.locals;
  return targets.filter((o) => o.building === null).map((o) => {
    const demo = o.demo ? ` ${t('admin.demoMark')}` : '';
    return { value: o.value.replace(/^batch:/, ''), group: `${nameOf(o.district)} · ${nameOf(o.village)}${demo}`, label: `${nameOf(o.project)} · ${nameOf(o.batch)}${demo}` };
  });
}

export function householdForm(db: Db): FormDef<typeof householdSchema, { targets: TargetOption[]; batchId: number | null }> {
  const count = (name: string, hint?: string): FieldView => ({ name, kind: 'number', unit: 'unit.households', integer: true, hint });
  return {
    schema: householdSchema,
    title: (res) => res.locals.t('admin.recordHouseholds'),
    intro: (res) => res.locals.t('admin.householdsIntro'),
    fields: (res, c): FieldView[] => [
      { name: 'batchId', kind: 'select', required: true, options: batchOptions(res, c.targets) },
      { name: 'asOf', kind: 'date', required: true },
      count('households', 'hint.householdsTotal'), count('allocated'), count('notices'), count('handedOver'), count('movedIn'), count('certificates'),
      { name: 'correctionReason', kind: 'text', hint: 'hint.householdsCorrection' },
    ],
    filter: (req, res, c) => {
      const q = searchOf(req);
      const found = c.targets.filter((o) => o.building === null).length;
      return {
        name: 'q', value: q ?? '', label: res.locals.t('admin.targetSearch'), keep: c.batchId ? [{ name: 'batch', value: String(c.batchId) }] : [],
        result: q === null ? null : found ? res.locals.t('admin.targetsFound', { count: found, q }) : res.locals.t('admin.targetsNone', { q }),
        clear: q === null ? null : c.batchId ? `/admin/households/new?batch=${c.batchId}` : '/admin/households/new',
      };
    },
    saved: (res, input) => res.locals.t('form.savedHouseholds', { date: res.locals.fmt.date(input.asOf) }),
    load: async (req, res, purpose) => {
      const batch = queryValue(req.query.batch);
      const batchId = batch && /^[1-9]\d{0,9}$/.test(batch) ? Number(batch) : null;
      const targets = purpose === 'render' ? (await milestoneTargets(db, batchId, searchOf(req))).filter((o) => o.building === null) : [];
      return { values: { batchId: batchId ? String(batchId) : '', asOf: res.locals.asOf } as Record<string, string>, context: { targets, batchId } };
    },
    save: async (input, req, res) => {
      await recordHouseholds(db, actorOf(req, res), res.locals.asOf, input);
      return `/batches/${input.batchId}`;
    },
  };
}

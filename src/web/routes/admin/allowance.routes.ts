// Administrators keep each district's transitional allowance rules (过渡费标准): from a date, per
// household or per m² a month, escalation steps past the target, and until when it is paid. The
// rules in force are listed above the form; saving a district and date already there replaces it.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../../db/create-db';
import { ALLOWANCE_BASES, PAID_UNTIL, parseEscalation, type AllowanceRule } from '../../../domain/allowance';
import type { District } from '../../../domain/entities';
import { allowanceSettings, saveAllowanceRule } from '../../../services/allowance.service';
import { field } from '../../forms/fields';
import { formHandlers, type FieldView } from '../../forms/form-route';
import { actorOf } from '../../middleware/current-user';
import { ruleText } from '../../view-models/allowance-rule.vm';

const schema = z.object({
  districtId: field.id(),
  effectiveFrom: field.date(),
  basis: field.choice(ALLOWANCE_BASES),
  amountYuan: field.decimal(0, 1_000_000),
  minAreaM2: field.optionalDecimal(0, 100_000),
  paidUntil: field.choice(PAID_UNTIL),
  escalation: field.optionalText(200).transform((v, ctx) => {
    const steps = parseEscalation(v ?? '');
    if (steps === null) {
      ctx.addIssue({ code: 'custom', message: 'validation.escalation' });
      return z.NEVER;
    }
    return steps;
  }),
  remove: field.checkbox(),
});

export function allowanceRoutes(db: Db): Router {
  const router = Router();
  const h = formHandlers<typeof schema, { districts: District[]; rules: AllowanceRule[] }>({
    schema,
    title: (res) => res.locals.t('allowance.title'),
    intro: (res) => res.locals.t('allowance.intro'),
    details: (res, c) => {
      const groups = new Map<string, AllowanceRule[]>();
      for (const r of c.rules) groups.set(`${r.districtId}|${r.effectiveFrom}`, [...(groups.get(`${r.districtId}|${r.effectiveFrom}`) ?? []), r]);
      const nameOf = (id: number) => { const d = c.districts.find((x) => x.id === id); return d ? res.locals.nameOf(d) : String(id); };
      if (groups.size === 0) return [{ label: res.locals.t('allowance.rules'), value: res.locals.t('allowance.none') }];
      return [...groups.values()].map((steps) => ({
        label: res.locals.t('allowance.ruleOf', { district: nameOf(steps[0]!.districtId), date: res.locals.fmt.date(steps[0]!.effectiveFrom) }),
        value: ruleText(res.locals.t, res.locals.fmt, steps),
      }));
    },
    fields: (res, c): FieldView[] => [
      { name: 'districtId', label: 'field.district', kind: 'select', required: true, options: c.districts.map((d) => ({ value: String(d.id), label: res.locals.nameOf(d) })) },
      { name: 'effectiveFrom', kind: 'date', required: true },
      { name: 'basis', kind: 'select', required: true, options: ALLOWANCE_BASES.map((b) => ({ value: b, label: res.locals.t(`allowance.basis.${b}`) })) },
      { name: 'amountYuan', kind: 'number', required: true, unit: 'unit.yuanPerMonth' },
      { name: 'minAreaM2', kind: 'number', unit: 'unit.m2', hint: 'hint.minArea' },
      { name: 'paidUntil', kind: 'select', required: true, options: PAID_UNTIL.map((p) => ({ value: p, label: res.locals.t(`allowance.paidUntil.${p}`) })) },
      { name: 'escalation', kind: 'text', hint: 'hint.escalation' },
      { name: 'remove', kind: 'checkbox' },
    ],
    saved: (res, input) => res.locals.t(input.remove ? 'allowance.removed' : 'allowance.saved', { date: res.locals.fmt.date(input.effectiveFrom) }),
    changed: { objectType: 'district' },
    load: async () => {
      const c = await allowanceSettings(db);
      return { values: { basis: 'household', paidUntil: 'handover_month' }, context: c };
    },
    save: async (input, req, res) => {
      await saveAllowanceRule(db, actorOf(req, res), input);
      return '/admin/allowance';
    },
  });
  router.get('/admin/allowance', h.get);
  router.post('/admin/allowance', h.post);
  return router;
}

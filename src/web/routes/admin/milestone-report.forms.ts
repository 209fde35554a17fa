// Staff forms for the two things recorded most often: a milestone and a periodic report.
import { z } from 'zod';
import type { Request, Response } from 'express';
import type { Db } from '../../../db/create-db';
import { STAGES } from '../../../domain/types';
import { reportScopeOptions } from '../../../repositories/lookup.repository';
import { getBuilding } from '../../../repositories/entity.repository';
import { milestoneTargets, type TargetOption } from '../../../repositories/milestone-target.repository';
import { recordMilestone, submitReport } from '../../../services/milestone-report.service';
import { field, withoutInvisible } from '../../forms/fields';
import type { FieldView, FormDef } from '../../forms/form-route';
import { actorOf } from '../../middleware/current-user';
import { queryValue } from '../../validate';

const options = (res: Response, prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: res.locals.t(`${prefix}.${v}`) }));
const ref = (kinds: string) => field.text(40).pipe(z.string().regex(new RegExp(`^(${kinds}):[1-9]\\d{0,9}$`), 'validation.choice'));
const split = (v: string) => {
  const [kind, id] = v.split(':');
  return { kind: kind!, id: Number(id) };
};

/** Grouped by district and village (real data first); demonstration data says so in its group and its option. */
function targetOptions(res: Response, targets: TargetOption[]): { value: string; label: string; group: string }[] {
  const { t, nameOf } = res.locals;
  return targets.map((o) => {
    const demo = o.demo ? ` ${t('admin.demoMark')}` : '';
    return {
      value: o.value,
      group: `${nameOf(o.district)} · ${nameOf(o.village)}${demo}`,
      label: `${nameOf(o.project)} · ${nameOf(o.batch)} · ${o.building ?? t('admin.allBuildings', { count: o.buildings })}${demo}`,
    };
  });
}

/** The search of the milestone form's list: a plain GET parameter, so it works without JavaScript. */
export const searchOf = (req: Request): string | null => {
  const raw = queryValue(req.query.q);
  const q = raw === undefined ? undefined : withoutInvisible(raw).trim().slice(0, 100);
  return q ? q : null;
};

export const milestoneSchema = z.object({
  target: ref('batch|building'),
  stage: field.choice(STAGES),
  date: field.date(),
  note: field.note(500),
  correctionReason: field.optionalText(500),
});

export function milestoneForm(db: Db): FormDef<typeof milestoneSchema, { targets: TargetOption[]; batchId: number | null }> {
  return {
    schema: milestoneSchema,
    title: (res) => res.locals.t('admin.recordMilestone'),
    intro: (res) => res.locals.t('admin.milestoneIntro'),
    fields: (res, c): FieldView[] => [
      { name: 'target', kind: 'select', required: true, options: targetOptions(res, c.targets) },
      { name: 'stage', kind: 'select', required: true, options: options(res, 'stage', STAGES) },
      { name: 'date', kind: 'date', required: true },
      { name: 'note', kind: 'textarea' },
      { name: 'correctionReason', kind: 'text', hint: 'hint.stageCorrection' },
    ],
    filter: (req, res, c) => {
      const q = searchOf(req);
      const batches = c.targets.filter((o) => o.building === null).length;
      return {
        name: 'q', value: q ?? '', label: res.locals.t('admin.targetSearch'), keep: c.batchId ? [{ name: 'batch', value: String(c.batchId) }] : [],
        result: q === null ? null : batches ? res.locals.t('admin.targetsFound', { count: batches, q }) : res.locals.t('admin.targetsNone', { q }),
        clear: q === null ? null : c.batchId ? `/admin/milestones/new?batch=${c.batchId}` : '/admin/milestones/new',
      };
    },
    saved: (res, input) => res.locals.t('form.savedMilestone', { date: res.locals.fmt.date(input.date), stage: res.locals.t(`stage.${input.stage}`) }),
    load: async (req, res, purpose) => {
      const batch = queryValue(req.query.batch);
      // Opened from a batch, the list holds that batch and its buildings; otherwise every batch.
      const batchId = batch && /^[1-9]\d{0,9}$/.test(batch) ? Number(batch) : null;
      const target = batchId ? `batch:${batchId}` : '';
      const targets = purpose === 'render' ? await milestoneTargets(db, batchId, searchOf(req)) : [];
      return { values: { target, date: res.locals.asOf } as Record<string, string>, context: { targets, batchId } };
    },
    save: async (input, req, res, loaded) => {
      const t = split(input.target);
      await recordMilestone(db, actorOf(req, res), res.locals.asOf, {
        target: { kind: t.kind as 'batch' | 'building', id: t.id }, stage: input.stage, date: input.date, note: input.note,
        correctionReason: input.correctionReason,
      });
      const batchId = t.kind === 'batch' ? t.id : (await getBuilding(db, t.id))?.batchId;
      return batchId ? `/batches/${batchId}` : '/admin';
    },
  };
}


export const reportSchema = z.object({
  scope: ref('district|village|project'),
  asOf: field.date(),
  plannedAreaM2: field.optionalDecimal(0, 1e10),
  startedAreaM2: field.optionalDecimal(0, 1e10),
  deliveredAreaM2: field.optionalDecimal(0, 1e10),
  householdsEntitled: field.optionalInteger(0, 1e8),
  householdsReturned: field.optionalInteger(0, 1e8),
  peopleEntitled: field.optionalInteger(0, 1e9),
  peopleReturned: field.optionalInteger(0, 1e9),
  publishedStartRate: field.optionalRate(),
  publishedDeliveryRate: field.optionalRate(),
  publishedReturnRate: field.optionalRate(),
  sourceTitle: field.optionalText(300),
  note: field.note(),
  isCorrection: field.checkbox(),
  correctionReason: field.optionalText(500),
});

export function reportForm(db: Db): FormDef<typeof reportSchema, { scopes: { value: string; label: string }[] }> {
  const num = (name: string, unit: string, integer = false): FieldView => ({ name, kind: 'number', unit, integer });
  const rate = (name: string): FieldView => ({ name, kind: 'number', hint: 'hint.rate' });
  return {
    schema: reportSchema,
    title: (res) => res.locals.t('admin.submitReport'),
    intro: (res) => res.locals.t('admin.reportIntro'),
    fields: (_res, c): FieldView[] => [
      { name: 'scope', kind: 'select', required: true, options: c.scopes },
      { name: 'asOf', kind: 'date', required: true },
      num('plannedAreaM2', 'unit.m2'), num('startedAreaM2', 'unit.m2'), num('deliveredAreaM2', 'unit.m2'),
      num('householdsEntitled', 'unit.households', true), num('householdsReturned', 'unit.households', true),
      num('peopleEntitled', 'unit.people', true), num('peopleReturned', 'unit.people', true),
      rate('publishedStartRate'), rate('publishedDeliveryRate'), rate('publishedReturnRate'),
      { name: 'sourceTitle', kind: 'text', hint: 'hint.source' },
      { name: 'note', kind: 'textarea' },
      { name: 'isCorrection', kind: 'checkbox' },
      { name: 'correctionReason', kind: 'text', hint: 'hint.correction' },
    ],
    saved: (res, input) => res.locals.t('form.savedReport', { date: res.locals.fmt.date(input.asOf) }),
    load: async (req, res, purpose) => {
      const scope = queryValue(req.query.scope);
      return {
        values: { scope: scope && /^(district|village|project):\d+$/.test(scope) ? scope : '', asOf: res.locals.asOf } as Record<string, string>,
        context: { scopes: purpose === 'render' ? await reportScopeOptions(db) : [] },
      };
    },
    save: async (input, req, res) => {
      const s = split(input.scope);
      await submitReport(db, actorOf(req, res), res.locals.asOf, { ...input, scopeType: s.kind as 'district' | 'village' | 'project', scopeId: s.id });
      return s.kind === 'district' ? `/?district=${s.id}` : s.kind === 'village' ? `/villages/${s.id}` : `/projects/${s.id}`;
    },
  };
}

// Staff forms for batches and buildings.
import { z } from 'zod';
import type { Response } from 'express';
import type { Db } from '../../../db/create-db';
import { NotFoundError } from '../../../domain/errors';
import { DATE_PRECISIONS, STAGES, type DatePrecision } from '../../../domain/types';
import { batchesOfProject, getBatch, getBuilding, getProject } from '../../../repositories/entity.repository';
import { createBatch, createBuilding, updateBatch, updateBuilding } from '../../../services/batch-building.service';
import { field } from '../../forms/fields';
import type { FieldView, FormDef } from '../../forms/form-route';
import { actorOf } from '../../middleware/current-user';
import { parseId } from '../../validate';

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(Number(v.toFixed(6))) : v);
const options = (res: Response, prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: res.locals.t(`${prefix}.${v}`) }));

export const batchSchema = z.object({
  nameZh: field.text(100),
  nameEn: field.optionalText(100),
  targetDeliveryDate: field.optionalDate(),
  targetPrecision: field.choice(DATE_PRECISIONS),
  actualDeliveryDate: field.optionalDate(),
  households: field.optionalInteger(0, 1_000_000),
  note: field.note(),
  noteEn: field.note(),
  targetReason: field.optionalText(500),
});

const batchFields = (res: Response, mode: 'new' | 'edit'): FieldView[] => [
  { name: 'nameZh', kind: 'text', required: true },
  { name: 'nameEn', kind: 'text' },
  { name: 'targetDeliveryDate', kind: 'date', hint: 'hint.targetDate' },
  { name: 'targetPrecision', kind: 'select', required: true, options: options(res, 'precision', DATE_PRECISIONS) },
  // the first target is the baseline; changing it later is a revision, with its reason
  ...(mode === 'edit' ? [{ name: 'targetReason', kind: 'text', hint: 'hint.targetReason' } satisfies FieldView] : []),
  { name: 'actualDeliveryDate', kind: 'date' },
  { name: 'households', kind: 'number', integer: true, unit: 'unit.households', hint: 'hint.batchHouseholds' },
  { name: 'note', kind: 'textarea' },
  { name: 'noteEn', kind: 'textarea', hint: 'hint.noteEn' },
];

type Ctx = { id: number; parentName: string; baseline?: { date: string; precision: DatePrecision } | null };

export function batchForm(db: Db, mode: 'new' | 'edit'): FormDef<typeof batchSchema, Ctx> {
  return {
    schema: batchSchema,
    title: (res, c) => res.locals.t(mode === 'new' ? 'admin.newBatch' : 'admin.editBatch', { name: c.parentName }),
    fields: (res) => batchFields(res, mode),
    // the original target stays whatever is typed below: said before the fields
    intro: (res, c) => (c.baseline ? res.locals.t('admin.baselineIntro', { date: res.locals.fmt.date(c.baseline.date, c.baseline.precision) }) : null),
    load: async (req) => {
      const id = parseId(req.params.id);
      if (mode === 'new') {
        const p = await getProject(db, id);
        if (!p) throw new NotFoundError('project', id);
        return { values: { targetPrecision: 'day' } as Record<string, string>, context: { id, parentName: p.nameZh } };
      }
      const b = await getBatch(db, id);
      if (!b) throw new NotFoundError('batch', id);
      return {
        version: b.version,
        context: { id, parentName: b.nameZh, baseline: b.baselineTargetDate ? { date: b.baselineTargetDate, precision: b.baselineTargetPrecision ?? 'day' } : null },
        values: {
          nameZh: b.nameZh, nameEn: str(b.nameEn), targetDeliveryDate: str(b.targetDeliveryDate), targetPrecision: b.targetPrecision,
          actualDeliveryDate: str(b.actualDeliveryDate), households: str(b.households), note: str(b.note), noteEn: str(b.noteEn), targetReason: '',
        },
      };
    },
    save: async (input, req, res, loaded) => {
      const { id } = loaded.context;
      if (mode === 'new') return `/batches/${await createBatch(db, actorOf(req, res), res.locals.asOf, id, input)}`;
      await updateBatch(db, actorOf(req, res), res.locals.asOf, id, loaded.version!, input);
      return `/batches/${id}`;
    },
  };
}

export const buildingSchema = z.object({
  code: field.optionalText(20),
  floors: field.optionalInteger(1, 200),
  floorAreaM2: field.optionalDecimal(0, 1e7),
  dwellingUnits: field.optionalInteger(0, 100_000),
  stage: field.choice(STAGES),
  stageDate: field.optionalDate(),
});

/** A stored building can also be moved to another batch and, with a reason, put back to an earlier stage. */
export const buildingEditSchema = buildingSchema.extend({
  batchId: field.id(),
  correctionReason: field.optionalText(500),
});

const buildingFields = (res: Response): FieldView[] => [
  { name: 'code', kind: 'text', hint: 'hint.buildingCode' },
  { name: 'floors', kind: 'number', integer: true, unit: 'unit.floors' },
  { name: 'floorAreaM2', kind: 'number', unit: 'unit.m2', hint: 'hint.unknownBlank' },
  { name: 'dwellingUnits', kind: 'number', integer: true, unit: 'unit.units' },
  { name: 'stage', kind: 'select', required: true, options: options(res, 'stage', STAGES) },
  { name: 'stageDate', kind: 'date', hint: 'hint.stageDate' },
];

export function newBuildingForm(db: Db): FormDef<typeof buildingSchema, Ctx> {
  return {
    schema: buildingSchema,
    title: (res, c) => res.locals.t('admin.newBuilding', { name: c.parentName }),
    fields: (res) => buildingFields(res),
    load: async (req) => {
      const id = parseId(req.params.id);
      const b = await getBatch(db, id);
      if (!b) throw new NotFoundError('batch', id);
      return { values: { stage: 'planned' } as Record<string, string>, context: { id, parentName: b.nameZh } };
    },
    save: async (input, req, res, loaded) => {
      await createBuilding(db, actorOf(req, res), res.locals.asOf, loaded.context.id, input);
      return `/batches/${loaded.context.id}`;
    },
  };
}

type EditCtx = Ctx & { batches: { value: string; label: string }[] };

export function editBuildingForm(db: Db): FormDef<typeof buildingEditSchema, EditCtx> {
  return {
    schema: buildingEditSchema,
    title: (res, c) => res.locals.t('admin.editBuilding', { name: c.parentName }),
    fields: (res, c) => [
      ...buildingFields(res),
      { name: 'correctionReason', kind: 'text', hint: 'hint.stageCorrection' },
      { name: 'batchId', kind: 'select', required: true, options: c.batches, hint: 'hint.batchMove' },
    ],
    links: (res, c) => [{ href: `/admin/buildings/${c.id}/delete`, label: res.locals.t('admin.deleteBuildingLink'), danger: true }],
    load: async (req, res, purpose) => {
      const id = parseId(req.params.id);
      const b = await getBuilding(db, id);
      if (!b) throw new NotFoundError('building', id);
      // Where it may move: the batches of its own project (the service refuses any other).
      const own = purpose === 'render' ? await getBatch(db, b.batchId) : null;
      const batches = own ? (await batchesOfProject(db, own.projectId)).map((x) => ({ value: String(x.id), label: res.locals.nameOf(x) })) : [];
      return {
        version: b.version,
        context: { id, parentName: b.code ?? `#${b.seq}`, batches },
        values: {
          code: str(b.code), floors: str(b.floors), floorAreaM2: str(b.floorAreaM2), dwellingUnits: str(b.dwellingUnits),
          stage: b.stage, stageDate: str(b.stageDate), correctionReason: '', batchId: String(b.batchId),
        },
      };
    },
    save: async (input, req, res, loaded) => {
      await updateBuilding(db, actorOf(req, res), res.locals.asOf, loaded.context.id, loaded.version!, input);
      return `/batches/${input.batchId}`;
    },
  };
}

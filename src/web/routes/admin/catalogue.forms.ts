// Staff forms for villages and projects: schema, fields and what to load, one definition each.
import { z } from 'zod';
import type { Response } from 'express';
import type { Db } from '../../../db/create-db';
import { NotFoundError } from '../../../domain/errors';
import { DATE_PRECISIONS, PROJECT_KINDS, type DatePrecision } from '../../../domain/types';
import { formatMu } from '../../../domain/import-cells';
import { MAX_LAND_AREA_M2 } from '../../../domain/import-tables';
import { PROJECT_HALTS } from '../../../domain/entities';
import { getProject, getVillage } from '../../../repositories/entity.repository';
import { listDistrictNames, listVillageOptions } from '../../../repositories/lookup.repository';
import { loadCatalogue } from '../../../repositories/catalogue.repository';
import { createProject, createVillage, updateProject, updateVillage } from '../../../services/village-project.service';
import { field } from '../../forms/fields';
import type { FieldView, FormDef } from '../../forms/form-route';
import { actorOf } from '../../middleware/current-user';
import { parseId } from '../../validate';

// Numbers go into the form as the form accepts them back (areas converted from mu carry float noise).
const str = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(Number(v.toFixed(6))) : v);
const options = (res: Response, prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: res.locals.t(`${prefix}.${v}`) }));

export const villageSchema = z.object({
  districtName: field.text(100),
  nameZh: field.text(100),
  nameEn: field.optionalText(100),
  householdsEntitled: field.optionalInteger(0, 10_000_000),
  peopleEntitled: field.optionalInteger(0, 50_000_000),
  demolitionDate: field.optionalDate(),
  note: field.note(),
  noteEn: field.note(),
});

const villageFields = (districts: string[]): FieldView[] => [
  { name: 'districtName', kind: 'text', required: true, list: districts, hint: 'hint.districtName' },
  { name: 'nameZh', kind: 'text', required: true },
  { name: 'nameEn', kind: 'text' },
  { name: 'householdsEntitled', kind: 'number', integer: true, unit: 'unit.households' },
  { name: 'peopleEntitled', kind: 'number', integer: true, unit: 'unit.people' },
  { name: 'demolitionDate', kind: 'date' },
  { name: 'note', kind: 'textarea' },
  { name: 'noteEn', kind: 'textarea', hint: 'hint.noteEn' },
];

export function villageForm(db: Db, mode: 'new' | 'edit'): FormDef<typeof villageSchema, { districts: string[]; id: number | null }> {
  return {
    schema: villageSchema,
    title: (res) => res.locals.t(mode === 'new' ? 'admin.newVillage' : 'admin.editVillage'),
    fields: (_res, c) => villageFields(c.districts),
    load: async (req) => {
      const districts = await listDistrictNames(db);
      if (mode === 'new') return { values: { districtName: districts[0] ?? '' } as Record<string, string>, context: { districts, id: null } };
      const id = parseId(req.params.id);
      const v = await getVillage(db, id);
      if (!v) throw new NotFoundError('village', id);
      const district = (await loadCatalogue(db)).districts.find((d) => d.id === v.districtId);
      return {
        version: v.version,
        context: { districts, id },
        values: {
          districtName: district?.nameZh ?? '', nameZh: v.nameZh, nameEn: str(v.nameEn), householdsEntitled: str(v.householdsEntitled),
          peopleEntitled: str(v.peopleEntitled), demolitionDate: str(v.demolitionDate), note: str(v.note), noteEn: str(v.noteEn),
        },
      };
    },
    save: async (input, req, res, loaded) => {
      if (mode === 'new') return `/villages/${await createVillage(db, actorOf(req, res), res.locals.asOf, input)}`;
      await updateVillage(db, actorOf(req, res), res.locals.asOf, loaded.context.id!, loaded.version!, input);
      return `/villages/${loaded.context.id}`;
    },
  };
}

export const projectSchema = z.object({
  villageId: field.id(),
  nameZh: field.text(200),
  nameEn: field.optionalText(200),
  kind: field.choice(PROJECT_KINDS),
  halted: field.optionalChoice(PROJECT_HALTS),
  landAreaM2: field.optionalArea('mu', MAX_LAND_AREA_M2),
  plannedFloorAreaM2: field.optionalDecimal(0, 1e9),
  investmentYuan: field.optionalDecimal(0, 1e13),
  developer: field.optionalText(200),
  constructionEntity: field.optionalText(200),
  plannedStart: field.optionalDate(),
  plannedCompletion: field.optionalDate(),
  plannedCompletionPrecision: field.choice(DATE_PRECISIONS),
  actualStart: field.optionalDate(),
  actualCompletion: field.optionalDate(),
  note: field.note(),
  noteEn: field.note(),
  completionReason: field.optionalText(500),
});

const projectFields = (res: Response, villages: { id: number; label: string }[], mode: 'new' | 'edit'): FieldView[] => [
  { name: 'villageId', kind: 'select', required: true, options: villages.map((v) => ({ value: String(v.id), label: v.label })) },
  { name: 'nameZh', kind: 'text', required: true },
  { name: 'nameEn', kind: 'text' },
  { name: 'kind', kind: 'select', required: true, options: options(res, 'kind', PROJECT_KINDS) },
  { name: 'halted', kind: 'select', options: [{ value: '', label: res.locals.t('projectHalt.none') }, ...options(res, 'projectHalt', PROJECT_HALTS)] },
  { name: 'landAreaM2', kind: 'number', unit: 'unit.mu', hint: 'hint.mu' },
  { name: 'plannedFloorAreaM2', kind: 'number', unit: 'unit.m2' },
  { name: 'investmentYuan', kind: 'number', unit: 'unit.yuan', hint: 'hint.yuan' },
  { name: 'developer', kind: 'text' },
  { name: 'constructionEntity', kind: 'text' },
  { name: 'plannedStart', kind: 'date' },
  { name: 'plannedCompletion', kind: 'date' },
  { name: 'plannedCompletionPrecision', kind: 'select', required: true, options: options(res, 'precision', DATE_PRECISIONS) },
  // the first planned completion is the baseline; changing it later is a revision, with its reason
  ...(mode === 'edit' ? [{ name: 'completionReason', kind: 'text', hint: 'hint.targetReason' } satisfies FieldView] : []),
  { name: 'actualStart', kind: 'date' },
  { name: 'actualCompletion', kind: 'date' },
  { name: 'note', kind: 'textarea' },
  { name: 'noteEn', kind: 'textarea', hint: 'hint.noteEn' },
];

type ProjectCtx = { villages: { id: number; label: string }[]; id: number | null; baseline?: { date: string; precision: DatePrecision } | null };

export function projectForm(db: Db, mode: 'new' | 'edit'): FormDef<typeof projectSchema, ProjectCtx> {
  return {
    schema: projectSchema,
    title: (res) => res.locals.t(mode === 'new' ? 'admin.newProject' : 'admin.editProject'),
    fields: (res, c) => projectFields(res, c.villages, mode),
    // the original planned completion stays whatever is typed below: said before the fields
    intro: (res, c) => (c.baseline ? res.locals.t('admin.baselineIntro', { date: res.locals.fmt.date(c.baseline.date, c.baseline.precision) }) : null),
    load: async (req) => {
      const villages = await listVillageOptions(db);
      if (mode === 'new') {
        const v = typeof req.query.village === 'string' ? req.query.village : '';
        return { values: { villageId: v, halted: '', plannedCompletionPrecision: 'day', kind: 'resettlement' } as Record<string, string>, context: { villages, id: null } };
      }
      const id = parseId(req.params.id);
      const p = await getProject(db, id);
      if (!p) throw new NotFoundError('project', id);
      return {
        version: p.version,
        context: { villages, id, baseline: p.baselineCompletion ? { date: p.baselineCompletion, precision: p.baselineCompletionPrecision ?? 'day' } : null },
        values: {
          villageId: String(p.villageId), nameZh: p.nameZh, nameEn: str(p.nameEn), kind: p.kind, halted: str(p.halted),
          landAreaM2: p.landAreaM2 === null ? '' : formatMu(p.landAreaM2), plannedFloorAreaM2: str(p.plannedFloorAreaM2), investmentYuan: str(p.investmentYuan),
          developer: str(p.developer), constructionEntity: str(p.constructionEntity), plannedStart: str(p.plannedStart),
          plannedCompletion: str(p.plannedCompletion), plannedCompletionPrecision: p.plannedCompletionPrecision,
          actualStart: str(p.actualStart), actualCompletion: str(p.actualCompletion), note: str(p.note), noteEn: str(p.noteEn), completionReason: '',
        },
      };
    },
    save: async (input, req, res, loaded) => {
      if (mode === 'new') return `/projects/${await createProject(db, actorOf(req, res), res.locals.asOf, input)}`;
      await updateProject(db, actorOf(req, res), res.locals.asOf, loaded.context.id!, loaded.version!, input);
      return `/projects/${loaded.context.id}`;
    },
  };
}

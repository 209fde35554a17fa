// Deleting a building entered by mistake: a page that says what goes with it (its stage events),
// then the pattern of every staff form: the CSRF token, the version read, 409 when someone saved
// the building since, and back to its batch with a notice.
import { z } from 'zod';
import type { Db } from '../../../db/create-db';
import { NotFoundError } from '../../../domain/errors';
import type { Stage } from '../../../domain/types';
import { eventsOfBuilding, getBatch, getBuilding } from '../../../repositories/entity.repository';
import { deleteBuilding } from '../../../services/batch-building.service';
import type { FormDef } from '../../forms/form-route';
import { actorOf } from '../../middleware/current-user';
import { setFlash } from '../../middleware/flash';
import { parseId } from '../../validate';

/** Nothing to fill in: the version the page was read at is all a deletion needs. */
export const buildingDeleteSchema = z.object({});

interface Ctx {
  id: number;
  /** `1#`, or `#3` (its place in the batch) when the source gives no number. */
  name: string;
  code: string | null;
  seq: number;
  batch: { nameZh: string; nameEn: string | null };
  stage: Stage;
  stageDate: string | null;
  floorAreaM2: number | null;
  events: number;
}

export function buildingDeleteForm(db: Db): FormDef<typeof buildingDeleteSchema, Ctx> {
  return {
    schema: buildingDeleteSchema,
    title: (res, c) => res.locals.t('admin.deleteBuilding', { name: c.name }),
    intro: (res, c) => res.locals.t('admin.deleteBuildingIntro', { name: c.name, n: c.events }),
    details: (res, c) => {
      const { t, fmt, nameOf } = res.locals;
      return [
        { label: t('field.batchId'), value: nameOf(c.batch) },
        { label: t('field.code'), value: c.code ?? t('building.unnamed', { n: c.seq }) },
        { label: t('field.stage'), value: c.stageDate ? `${t(`stage.${c.stage}`)} · ${fmt.date(c.stageDate)}` : t(`stage.${c.stage}`) },
        { label: t('field.floorAreaM2'), value: c.floorAreaM2 === null ? t('unknown') : fmt.area(c.floorAreaM2) },
        { label: t('admin.stageEvents'), value: fmt.number(c.events) },
      ];
    },
    fields: () => [],
    submit: { label: 'admin.deleteConfirm', danger: true },
    cancel: (c) => `/admin/buildings/${c.id}/edit`,
    load: async (req) => {
      const id = parseId(req.params.id);
      const b = await getBuilding(db, id);
      if (!b) throw new NotFoundError('building', id);
      const batch = await getBatch(db, b.batchId);
      if (!batch) throw new NotFoundError('batch', b.batchId);
      const events = (await eventsOfBuilding(db, id)).length;
      return {
        version: b.version,
        values: {},
        context: { id, name: b.code ?? `#${b.seq}`, code: b.code, seq: b.seq, batch, stage: b.stage, stageDate: b.stageDate, floorAreaM2: b.floorAreaM2, events },
      };
    },
    save: async (_input, req, res, loaded) => {
      const { id, name, events } = loaded.context;
      const batchId = await deleteBuilding(db, actorOf(req, res), id, loaded.version!);
      setFlash(req, res.locals.t('admin.buildingDeleted', { name, n: events }));
      return `/batches/${batchId}`;
    },
  };
}

import type { Conn } from './catalogue.repository';

export interface TargetOption {
  value: string;
  village: string;
  project: string;
  batch: string;
  building: string | null;
  buildings: number;
}

/**
 * What a milestone can be recorded for: every batch, and, when the form is opened for one batch,
 * that batch's buildings. Never every building of the city in one list.
 */
export async function milestoneTargets(db: Conn, batchId: number | null): Promise<TargetOption[]> {
  const batches = await db
    .selectFrom('batches')
    .innerJoin('projects', 'projects.id', 'batches.project_id')
    .innerJoin('villages', 'villages.id', 'projects.village_id')
    .select((eb) => [
      'batches.id as id', 'batches.name_zh as batch', 'projects.name_zh as project', 'villages.name_zh as village',
      eb.selectFrom('buildings').whereRef('buildings.batch_id', '=', 'batches.id').select((e) => e.fn.countAll<number>().as('n')).as('buildings'),
    ])
    .$if(batchId !== null, (q) => q.where('batches.id', '=', batchId!))
    .orderBy('villages.id').orderBy('projects.id').orderBy('batches.sequence')
    .execute();
  const out: TargetOption[] = [];
  for (const b of batches) {
    out.push({ value: `batch:${b.id}`, village: b.village, project: b.project, batch: b.batch, building: null, buildings: Number(b.buildings ?? 0) });
    if (batchId === null) continue;
    const buildings = await db.selectFrom('buildings').select(['id', 'code', 'seq']).where('batch_id', '=', b.id).orderBy('seq').execute();
    for (const x of buildings) out.push({ value: `building:${x.id}`, village: b.village, project: b.project, batch: b.batch, building: x.code ?? `#${x.seq}`, buildings: 1 });
  }
  return out;
}

import { DEFAULT_STAGE_WEIGHTS, STAGES, type Stage, type StageWeights } from '../domain/types';
import type { Conn } from './catalogue.repository';

export async function getStageWeights(db: Conn): Promise<StageWeights> {
  const rows = await db.selectFrom('stage_weights').select(['stage', 'weight']).execute();
  const weights: Record<Stage, number> = { ...DEFAULT_STAGE_WEIGHTS };
  for (const row of rows) {
    if ((STAGES as readonly string[]).includes(row.stage)) weights[row.stage as Stage] = Number(row.weight);
  }
  return weights;
}

export async function getSetting(db: Conn, key: string): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function getNumberSetting(db: Conn, key: string, fallback: number): Promise<number> {
  const value = Number(await getSetting(db, key));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export async function setSetting(db: Conn, key: string, value: string): Promise<void> {
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

export async function setStageWeights(db: Conn, weights: StageWeights): Promise<void> {
  for (const stage of STAGES) await db.updateTable('stage_weights').set({ weight: weights[stage] }).where('stage', '=', stage).execute();
}

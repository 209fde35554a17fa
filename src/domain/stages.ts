// Building stages: order, names and the administrator-configurable progress weights.
import { STAGES, type Stage, type StageWeights } from './types';

export const STAGE_NAMES_ZH: Readonly<Record<Stage, string>> = Object.freeze({
  planned: '未开工',
  foundation: '基础施工',
  structure: '主体施工',
  topped_out: '主体封顶',
  finishing: '装饰装修',
  landscaping: '园建配套',
  accepted: '竣工验收',
  delivered: '已交付',
});

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

/** Construction has begun: anything past `planned` counts toward the started area. */
export function isStarted(stage: Stage): boolean {
  return stageIndex(stage) > stageIndex('planned');
}

export function isDelivered(stage: Stage): boolean {
  return stage === 'delivered';
}

function isStage(s: string): s is Stage {
  return (STAGES as readonly string[]).includes(s);
}

/** An identifier (any case) or the Chinese name, as staff type it or spreadsheets hold it. */
export function parseStage(input: string): Stage | null {
  const trimmed = input.trim();
  const lower = trimmed.toLowerCase();
  if (isStage(lower)) return lower;
  for (const stage of STAGES) {
    if (STAGE_NAMES_ZH[stage] === trimmed) return stage;
  }
  return null;
}

/** Problems with a weight table an administrator proposes; empty when it is usable. */
export function validateStageWeights(weights: StageWeights): string[] {
  const errors: string[] = [];
  let previous: { stage: Stage; weight: number } | null = null;
  for (const stage of STAGES) {
    const weight = weights[stage];
    // Stryker disable next-line ConditionalExpression: `typeof` is implied by Number.isFinite, which is false for anything not a number
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 100) {
      errors.push(`${stage}: weight must be a number from 0 to 100`);
      continue;
    }
    if (previous && weight < previous.weight) {
      errors.push(`${stage}: weight ${weight} is below ${previous.stage} (${previous.weight})`);
    }
    previous = { stage, weight };
  }
  if (weights.planned !== 0) errors.push('planned: weight must be 0');
  if (weights.delivered !== 100) errors.push('delivered: weight must be 100');
  return errors;
}

import {
  STAGE_NAMES_ZH,
  isDelivered,
  isStarted,
  parseStage,
  stageIndex,
  validateStageWeights,
} from '../../src/domain/stages';
import { DEFAULT_STAGE_WEIGHTS, STAGES, type StageWeights } from '../../src/domain/types';

describe('stage order', () => {
  it('indexes stages in construction order', () => {
    expect(stageIndex('planned')).toBe(0);
    expect(stageIndex('topped_out')).toBe(3);
    expect(stageIndex('delivered')).toBe(7);
  });

  it('counts a building as started from foundation onwards', () => {
    expect(isStarted('planned')).toBe(false);
    expect(isStarted('foundation')).toBe(true);
    expect(isStarted('delivered')).toBe(true);
  });

  it('counts only the delivered stage as delivered', () => {
    expect(isDelivered('accepted')).toBe(false);
    expect(isDelivered('delivered')).toBe(true);
  });
});

describe('parseStage', () => {
  it.each([
    ['未开工', 'planned'],
    ['基础施工', 'foundation'],
    ['主体施工', 'structure'],
    ['主体封顶', 'topped_out'],
    ['装饰装修', 'finishing'],
    ['园建配套', 'landscaping'],
    ['竣工验收', 'accepted'],
    ['已交付', 'delivered'],
  ])('reads the Chinese name %s', (zh, stage) => expect(parseStage(zh)).toBe(stage));

  it('reads identifiers in any case, trimmed', () => {
    expect(parseStage('  Topped_Out ')).toBe('topped_out');
    expect(parseStage('DELIVERED')).toBe('delivered');
    expect(parseStage('\t园建配套\n')).toBe('landscaping');
  });

  it('returns null for anything else', () => {
    expect(parseStage('')).toBeNull();
    expect(parseStage('topped out')).toBeNull();
    expect(parseStage('封顶')).toBeNull();
  });

  it('has a distinct Chinese name for every stage', () => {
    const names = STAGES.map((s) => STAGE_NAMES_ZH[s]);
    expect(new Set(names).size).toBe(8);
    for (const stage of STAGES) expect(parseStage(STAGE_NAMES_ZH[stage])).toBe(stage);
  });
});

describe('validateStageWeights', () => {
  it('accepts the defaults', () => {
    expect(validateStageWeights(DEFAULT_STAGE_WEIGHTS)).toEqual([]);
  });

  it('reports a weight that goes down along the stages', () => {
    const w: StageWeights = { ...DEFAULT_STAGE_WEIGHTS, finishing: 50 };
    expect(validateStageWeights(w)).toEqual(['finishing: weight 50 is below topped_out (60)']);
  });

  it('reports out-of-range and non-finite weights', () => {
    const w: StageWeights = { ...DEFAULT_STAGE_WEIGHTS, structure: -5, accepted: Number.NaN };
    const errors = validateStageWeights(w);
    expect(errors).toContain('structure: weight must be a number from 0 to 100');
    expect(errors).toContain('accepted: weight must be a number from 0 to 100');
  });

  it('requires planned 0 and delivered 100', () => {
    const w: StageWeights = { ...DEFAULT_STAGE_WEIGHTS, planned: 5, delivered: 99 };
    expect(validateStageWeights(w)).toEqual([
      'planned: weight must be 0',
      'delivered: weight must be 100',
    ]);
  });

  it('allows equal neighbouring weights', () => {
    const w: StageWeights = { ...DEFAULT_STAGE_WEIGHTS, accepted: 90 };
    expect(validateStageWeights(w)).toEqual([]);
  });
});

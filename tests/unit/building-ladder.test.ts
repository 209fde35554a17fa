// A building's own ladder: the day it reached each stage, by its stage days (corrections applied). By hand.
import { buildingLadder } from '../../src/domain/building-ladder';
import type { DayEvent } from '../../src/domain/tally';
import type { Stage } from '../../src/domain/types';

const rungs = (events: DayEvent[], fallback: { stage: Stage; stageDate: string | null } = { stage: 'planned', stageDate: null }) =>
  buildingLadder(events, fallback).map((r) => [r.stage, r.reached, r.reachedOn, r.current]);

test('step by step: each stage on its day, the last one current, the rest not yet', () => {
  expect(rungs([
    { stage: 'foundation', date: '2025-01-10', id: 1 }, { stage: 'structure', date: '2025-03-01', id: 2 }, { stage: 'topped_out', date: '2025-06-01', id: 3 },
  ])).toEqual([
    ['planned', true, null, false],
    ['foundation', true, '2025-01-10', false],
    ['structure', true, '2025-03-01', false],
    ['topped_out', true, '2025-06-01', true],
    ['finishing', false, null, false], ['landscaping', false, null, false], ['accepted', false, null, false], ['delivered', false, null, false],
  ]);
});

test('a stage passed over in one step is reached on the day of the step', () => {
  const r = rungs([{ stage: 'structure', date: '2025-03-01', id: 1 }]);
  expect(r[1]).toEqual(['foundation', true, '2025-03-01', false]);
  expect(r[2]).toEqual(['structure', true, '2025-03-01', true]);
});

test('a correction back to 主体施工 undoes 主体封顶 and keeps the day 主体施工 was first reached', () => {
  const r = rungs([
    { stage: 'structure', date: '2025-03-01', id: 1 }, { stage: 'topped_out', date: '2025-06-01', id: 2 },
    { stage: 'structure', date: '2025-07-01', id: 3, isCorrection: true },
  ]);
  expect(r[2]).toEqual(['structure', true, '2025-03-01', true]);
  expect(r[3]).toEqual(['topped_out', false, null, false]);
});

test('set back below a stage and reached again: its day is the later one', () => {
  const r = rungs([
    { stage: 'topped_out', date: '2025-06-01', id: 1 }, { stage: 'foundation', date: '2025-07-01', id: 2, isCorrection: true }, { stage: 'structure', date: '2025-09-01', id: 3 },
  ]);
  expect(r[2]).toEqual(['structure', true, '2025-09-01', true]);
  expect(r[1]).toEqual(['foundation', true, '2025-06-01', false]);
});

test('a stage given without any event or date: reached, days not known', () => {
  expect(rungs([], { stage: 'finishing', stageDate: null }).slice(3, 6)).toEqual([
    ['topped_out', true, null, false], ['finishing', true, null, true], ['landscaping', false, null, false],
  ]);
});

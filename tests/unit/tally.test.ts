// DESIGN.md, Figures: startedArea = Σ area of buildings past `planned`, deliveredArea = Σ area at
// `delivered`, counted as of asOf. tally.ts keeps those sums as dated changes per stage; these tests
// state each step of it directly, with the changes written out by hand.
import {
  BEGINNING, addTallies, allDeliveredSince, buildingChanges, changeDelta, currentStage, emptyTally, lastEventDay, mergeChanges,
  stageDays, tallyAsOf, toCm2, totalsOf, wouldSetBack, type TallyChange,
} from '../../src/domain/tally';
import type { Stage } from '../../src/domain/types';

/** -0 (a negated 0) and 0 are the same count. */
const norm = (cs: TallyChange[]) => cs.map((c) => ({ ...c, buildings: c.buildings + 0, areaCm2: c.areaCm2 + 0, unknownArea: c.unknownArea + 0, events: c.events + 0 }));
const ch = (date: string, stage: Stage, buildings: number, areaCm2: number, events = 1, unknownArea = 0): TallyChange => ({ date, stage, buildings, areaCm2, unknownArea, events });

describe('Figures rule: a building counts at its stage from the day it reached it', () => {
  test('areas are counted in whole 0.01 m²', () => {
    expect(toCm2(10.5)).toBe(1050);
    expect(toCm2(0.004)).toBe(0);
  });

  test('a correction recorded on a day overrides that day; of two corrections the later recorded wins; a later plain event does not override a correction', () => {
    const d = '2024-03-01';
    expect(stageDays([{ stage: 'finishing', date: d, id: 5 }, { stage: 'structure', date: d, id: 7, isCorrection: true }], { stage: 'planned', stageDate: null })).toEqual([{ date: d, stage: 'structure' }]);
    expect(stageDays([{ stage: 'foundation', date: d, id: 9, isCorrection: true }, { stage: 'structure', date: d, id: 7, isCorrection: true }], { stage: 'planned', stageDate: null })).toEqual([{ date: d, stage: 'foundation' }]);
    expect(stageDays([{ stage: 'structure', date: d, id: 7, isCorrection: true }, { stage: 'finishing', date: d, id: 8 }], { stage: 'planned', stageDate: null })).toEqual([{ date: d, stage: 'structure' }]);
    // on a day without corrections the furthest stage counts, whatever the order recorded
    expect(stageDays([{ stage: 'finishing', date: d }, { stage: 'structure', date: d }], { stage: 'planned', stageDate: null })).toEqual([{ date: d, stage: 'finishing' }]);
  });

  test('recording order does not matter: the later-recorded correction wins, and without corrections the furthest stage', () => {
    const d = '2024-03-01';
    const none = { stage: 'planned' as const, stageDate: null };
    expect(stageDays([{ stage: 'structure', date: d, id: 7, isCorrection: true }, { stage: 'foundation', date: d, id: 9, isCorrection: true }], none)).toEqual([{ date: d, stage: 'foundation' }]);
    expect(stageDays([{ stage: 'structure', date: d }, { stage: 'finishing', date: d }], none)).toEqual([{ date: d, stage: 'finishing' }]);
  });

  test('the current stage is the last day\'s; none at all is planned; a stage from the beginning has no date', () => {
    expect(currentStage([])).toEqual({ stage: 'planned', date: null });
    expect(currentStage([{ date: '2024-01-01', stage: 'foundation' }, { date: '2024-02-01', stage: 'structure' }])).toEqual({ stage: 'structure', date: '2024-02-01' });
    expect(currentStage([{ date: BEGINNING, stage: 'topped_out' }])).toEqual({ stage: 'topped_out', date: null });
  });

  test('a building of 100 m²: in at planned from the beginning, then out of one stage and into the next on each day it moved', () => {
    const days = [{ date: '2024-01-01', stage: 'foundation' as const }, { date: '2024-02-01', stage: 'foundation' as const }, { date: '2024-03-01', stage: 'structure' as const }];
    expect(norm(buildingChanges(100, days))).toEqual([
      ch(BEGINNING, 'planned', 1, 10000, 0),
      ch('2024-01-01', 'planned', -1, -10000, 0), ch('2024-01-01', 'foundation', 1, 10000),
      ch('2024-02-01', 'foundation', 0, 0), // the same stage recorded again: an event, no move
      ch('2024-03-01', 'foundation', -1, -10000, 0), ch('2024-03-01', 'structure', 1, 10000),
    ]);
    // a building of unknown area counts by number only
    expect(norm(buildingChanges(null, [{ date: '2024-01-01', stage: 'foundation' }]))).toEqual([
      ch(BEGINNING, 'planned', 1, 0, 0, 1), ch('2024-01-01', 'planned', -1, 0, 0, -1), ch('2024-01-01', 'foundation', 1, 0, 1, 1),
    ]);
  });

  test('changes are summed per day and stage, in date then stage order, and what nets to nothing is dropped', () => {
    const changes = [ch('2024-02-01', 'structure', 1, 500), ch('2024-01-01', 'structure', 1, 100), ch('2024-01-01', 'foundation', 2, 300), ch('2024-01-01', 'structure', 1, 200), ch('2024-03-01', 'planned', 1, 10, 0), ch('2024-03-01', 'planned', -1, -10, 0)];
    expect(mergeChanges(changes)).toEqual([ch('2024-01-01', 'foundation', 2, 300), ch('2024-01-01', 'structure', 2, 300, 2), ch('2024-02-01', 'structure', 1, 500)]);
    expect(mergeChanges([ch('2024-01-01', 'foundation', 2, 300, 1, 1)], -1)).toEqual([ch('2024-01-01', 'foundation', -2, -300, -1, -1)]);
    // a building of 0 m² leaving a stage with no event is still a change of the count
    expect(mergeChanges([ch('2024-01-01', 'planned', -1, 0, 0)])).toEqual([ch('2024-01-01', 'planned', -1, 0, 0)]);
    // an event that moves nothing is kept: it is a day with news
    expect(mergeChanges([ch('2024-01-01', 'foundation', 0, 0, 1)])).toEqual([ch('2024-01-01', 'foundation', 0, 0, 1)]);
    expect(mergeChanges([ch('2024-01-01', 'foundation', 0, 0, 0, 1)])).toEqual([ch('2024-01-01', 'foundation', 0, 0, 0, 1)]);
  });

  test('what turns one building\'s changes into another\'s is their difference; the same changes give none', () => {
    const before = buildingChanges(100, [{ date: '2024-01-01', stage: 'foundation' }]);
    const after = buildingChanges(100, [{ date: '2024-02-01', stage: 'foundation' }]);
    expect(changeDelta(before, before)).toEqual([]);
    // the move to foundation goes from 2024-01-01 to 2024-02-01
    expect(changeDelta(before, after)).toEqual([
      ch('2024-01-01', 'planned', 1, 10000, 0), ch('2024-01-01', 'foundation', -1, -10000, -1),
      ch('2024-02-01', 'planned', -1, -10000, 0), ch('2024-02-01', 'foundation', 1, 10000, 1),
    ]);
    expect(changeDelta([], [ch('2024-01-01', 'foundation', 1, 5, 1, 1)])).toEqual([ch('2024-01-01', 'foundation', 1, 5, 1, 1)]);
    expect(changeDelta([ch('2024-01-01', 'foundation', 1, 5, 1, 1)], [])).toEqual([ch('2024-01-01', 'foundation', -1, -5, -1, -1)]);
  });

  test('the tally as of a day takes every change dated on or before it, none after', () => {
    const changes = [ch(BEGINNING, 'planned', 2, 300, 0, 1), ch('2024-01-01', 'planned', -1, -100, 0, 0), ch('2024-01-01', 'foundation', 1, 100), ch('2024-01-02', 'planned', -1, -200, 0, -1), ch('2024-01-02', 'structure', 1, 200, 1, 1)];
    const t = tallyAsOf(changes, '2024-01-01');
    expect(t.planned).toEqual({ buildings: 1, areaCm2: 200, unknownArea: 1 });
    expect(t.foundation).toEqual({ buildings: 1, areaCm2: 100, unknownArea: 0 });
    expect(t.structure).toEqual({ buildings: 0, areaCm2: 0, unknownArea: 0 });
    expect(tallyAsOf(changes, '2024-01-02').structure).toEqual({ buildings: 1, areaCm2: 200, unknownArea: 1 });
    expect(totalsOf(t)).toEqual({ buildings: 2, areaCm2: 300, unknownArea: 1 });
  });

  test('a scope\'s tally is the sum of its parts\' tallies, stage by stage', () => {
    const a = tallyAsOf([ch(BEGINNING, 'planned', 1, 100, 0, 0), ch(BEGINNING, 'delivered', 2, 50, 0, 1)], '2024-01-01');
    const b = tallyAsOf([ch(BEGINNING, 'delivered', 1, 7, 0, 1)], '2024-01-01');
    const sum = addTallies([a, b]);
    expect(sum.planned).toEqual({ buildings: 1, areaCm2: 100, unknownArea: 0 });
    expect(sum.delivered).toEqual({ buildings: 3, areaCm2: 57, unknownArea: 2 });
    expect(addTallies([])).toEqual(emptyTally());
  });
});

describe('Figures rule: staleness follows the latest milestone on or before asOf', () => {
  test('the last day with a stage event, on or before asOf; moves with no event and the beginning do not count', () => {
    const changes = [ch(BEGINNING, 'planned', 1, 100, 1), ch('2024-01-01', 'foundation', 1, 100), ch('2024-02-01', 'planned', 0, 0, 1), ch('2024-03-01', 'structure', 1, 0, 0), ch('2024-04-01', 'structure', 0, 0, 1)];
    expect(lastEventDay(changes, '2024-03-15')).toBe('2024-02-01');
    expect(lastEventDay(changes, '2024-04-01')).toBe('2024-04-01');
    expect(lastEventDay(changes, '2023-12-31')).toBeNull();
    // the latest, whatever the order given
    expect(lastEventDay([ch('2024-02-01', 'foundation', 0, 0), ch('2024-01-01', 'foundation', 0, 0)], '2024-12-31')).toBe('2024-02-01');
  });
});

describe('Figures rule: a batch is delivered once every one of its buildings is', () => {
  const building = (area: number, days: { date: string; stage: Stage }[]) => buildingChanges(area, days);
  const two = mergeChanges([
    ...building(10, [{ date: '2024-01-01', stage: 'delivered' }]),
    ...building(20, [{ date: '2024-03-01', stage: 'delivered' }]),
  ]);

  test('two buildings delivered on 2024-01-01 and 2024-03-01: delivered from 2024-03-01, not before', () => {
    expect(allDeliveredSince(two, '2024-02-29')).toBeNull();
    expect(allDeliveredSince(two, '2024-03-01')).toBe('2024-03-01');
    expect(allDeliveredSince(two, '2025-01-01')).toBe('2024-03-01');
  });

  test('a building set back from delivered breaks the run: delivered again from its new day', () => {
    const setBack = mergeChanges([
      ...building(10, [{ date: '2024-01-01', stage: 'delivered' }, { date: '2024-04-01', stage: 'accepted' }, { date: '2024-05-01', stage: 'delivered' }]),
      ...building(20, [{ date: '2024-03-01', stage: 'delivered' }]),
    ]);
    expect(allDeliveredSince(setBack, '2024-04-15')).toBeNull();
    expect(allDeliveredSince(setBack, '2024-06-01')).toBe('2024-05-01');
  });

  test('no buildings is not delivered; delivered since the beginning has no known day', () => {
    // a scope whose only building has left it holds no building from that day: not delivered
    expect(allDeliveredSince([ch(BEGINNING, 'planned', 1, 10, 0), ch('2024-01-01', 'planned', -1, -10, 0)], '2024-06-01')).toBeNull();
    expect(allDeliveredSince([], '2024-01-01')).toBeNull();
    expect(allDeliveredSince([ch(BEGINNING, 'delivered', 1, 10, 0)], '2024-01-01')).toBeNull();
  });
});

describe('a step back of a building needs a reason', () => {
  const events = [{ stage: 'structure' as const, date: '2024-01-01', id: 1 }];
  const fallback = { stage: 'structure' as const, stageDate: '2024-01-01' };

  test('a lower stage on a later day sets it back; a lower stage for an earlier day, or a higher one, does not', () => {
    expect(wouldSetBack(events, { stage: 'foundation', date: '2024-02-01' }, fallback)).toEqual({ from: 'structure', to: 'foundation' });
    expect(wouldSetBack(events, { stage: 'foundation', date: '2023-12-01' }, fallback)).toBeNull();
    expect(wouldSetBack(events, { stage: 'finishing', date: '2024-02-01' }, fallback)).toBeNull();
    expect(wouldSetBack(events, { stage: 'structure', date: '2024-02-01' }, fallback)).toBeNull();
  });

  test('on the same day a lower plain event changes nothing; a lower correction sets it back', () => {
    expect(wouldSetBack(events, { stage: 'foundation', date: '2024-01-01' }, fallback)).toBeNull();
    expect(wouldSetBack(events, { stage: 'foundation', date: '2024-01-01', isCorrection: true }, fallback)).toEqual({ from: 'structure', to: 'foundation' });
  });
});

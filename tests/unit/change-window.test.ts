// A list of many scopes reads a window of each scope's rows and the sums of what lies before it
// (src/domain/change-window.ts): the figures must be those of every row.
import fc from 'fast-check';
import { foldBefore, needsAll, windowStart } from '../../src/domain/change-window';
import { changesOfBuilding } from '../../src/domain/scopes';
import { summariseBatch, summariseVillage } from '../../src/domain/scope-summary';
import { lastEventDay, mergeChanges, tallyAsOf, type TallyChange } from '../../src/domain/tally';
import { DEFAULT_STAGE_WEIGHTS, STAGES } from '../../src/domain/types';
import { batch } from './snapshot-builder';
import { propertyRuns } from '../helpers/property-runs';

const AS_OF = '2026-11-26';
const settings = { weights: DEFAULT_STAGE_WEIGHTS, asOf: AS_OF, staleAfterDays: 90, monthlyAllowanceYuanPerHousehold: null };
const change = (date: string, stage: TallyChange['stage'], buildings: number, areaCm2: number, events = 1): TallyChange => ({ date, stage, buildings, areaCm2, unknownArea: 0, events });

describe('windowStart', () => {
  test('365 days before the last event day, or the latest report date if that is earlier; no event, no window', () => {
    // 2023-07-01 to 2024-06-30 is 365 days (2024-02-29 between them)
    expect(windowStart('2024-06-30', null)).toBe('2023-07-01');
    expect(windowStart('2025-03-01', null)).toBe('2024-03-01');
    expect(windowStart('2025-03-01', '2023-12-31')).toBe('2023-12-31');
    expect(windowStart('2025-03-01', '2024-12-31')).toBe('2024-03-01');
    expect(windowStart(null, '2024-12-31')).toBeNull();
  });
});

describe('foldBefore', () => {
  test('rows before the start become one beginning state per stage; rows from the start on stay', () => {
    // two buildings of 10 m² and 20 m²: in at planned, both to foundation on 2023-03-01, one to structure on 2024-05-01
    const rows = [
      change('0000-01-01', 'planned', 2, 3000, 0),
      change('2023-03-01', 'planned', -2, -3000), change('2023-03-01', 'foundation', 2, 3000),
      change('2024-05-01', 'foundation', -1, -1000), change('2024-05-01', 'structure', 1, 1000),
    ];
    const { changes, prefix } = foldBefore('2024-01-01', [], rows);
    expect(changes).toEqual([
      { date: '0000-01-01', stage: 'foundation', buildings: 2, areaCm2: 3000, unknownArea: 0, events: 0 },
      change('2024-05-01', 'foundation', -1, -1000), change('2024-05-01', 'structure', 1, 1000),
    ]);
    expect(prefix.foundation).toEqual({ buildings: 2, areaCm2: 3000, unknownArea: 0 });
    expect(prefix.planned).toEqual({ buildings: 0, areaCm2: 0, unknownArea: 0 });
    // sums read from the database for before the window add to the same state
    expect(foldBefore('2024-01-01', [change('0000-01-01', 'delivered', 1, 500, 0)], []).changes).toEqual([
      { date: '0000-01-01', stage: 'delivered', buildings: 1, areaCm2: 500, unknownArea: 0, events: 0 },
    ]);
  });

  test('a row dated on the window start stays a row; an unknown-area building folds in by its count alone', () => {
    const unknown = (date: string, stage: TallyChange['stage'], buildings: number, events = 1): TallyChange => ({ date, stage, buildings, areaCm2: 0, unknownArea: buildings, events });
    // one building of unknown area: in at planned, to foundation on 2023-12-31, to structure on 2024-01-01 (the start)
    const rows = [unknown('0000-01-01', 'planned', 1, 0), unknown('2023-12-31', 'planned', -1), unknown('2023-12-31', 'foundation', 1), unknown('2024-01-01', 'foundation', -1), unknown('2024-01-01', 'structure', 1)];
    expect(foldBefore('2024-01-01', [], rows).changes).toEqual([
      { date: '0000-01-01', stage: 'foundation', buildings: 1, areaCm2: 0, unknownArea: 1, events: 0 },
      unknown('2024-01-01', 'foundation', -1), unknown('2024-01-01', 'structure', 1),
    ]);
    // no window start: every row kept as it is
    expect(foldBefore(null, [], rows).changes).toEqual(rows);
  });

  test('the folded state and the rows come out in date then stage order, a building of 0 m² counted too', () => {
    // sums from before the window: one delivered building of 0 m² (known area, nothing to add); rows from the beginning on, no window start
    const rows = [change('0000-01-01', 'planned', 1, 100, 0), change('2024-01-01', 'planned', -1, -100), change('2024-01-01', 'foundation', 1, 100)];
    expect(foldBefore(null, [change('0000-01-01', 'delivered', 1, 0, 0)], rows).changes).toEqual([
      change('0000-01-01', 'planned', 1, 100, 0),
      { date: '0000-01-01', stage: 'delivered', buildings: 1, areaCm2: 0, unknownArea: 0, events: 0 },
      change('2024-01-01', 'planned', -1, -100), change('2024-01-01', 'foundation', 1, 100),
    ]);
  });

  test('a scope complete before its window must be read whole: the day it became complete lies further back', () => {
    expect(needsAll(foldBefore('2024-01-01', [change('0000-01-01', 'delivered', 3, 0, 0)], []).prefix)).toBe(true);
    expect(needsAll(foldBefore('2024-01-01', [change('0000-01-01', 'delivered', 2, 0, 0), change('0000-01-01', 'accepted', 1, 0, 0)], []).prefix)).toBe(false);
    expect(needsAll(foldBefore('2024-01-01', [], []).prefix)).toBe(false);
  });
});

test('a batch delivered in 2021 whose delivery was recorded again in 2023 keeps its delivery day of 2021', () => {
  // in at planned; delivered on 2021-01-01; "delivered" recorded again on 2023-06-01 (an event, no move)
  const rows = [change('0000-01-01', 'planned', 1, 100, 0), change('2021-01-01', 'planned', -1, -100), change('2021-01-01', 'delivered', 1, 100), change('2023-06-01', 'delivered', 0, 0)];
  const b = batch(1, 1, { targetDeliveryDate: '2021-06-30' });
  const summary = summariseBatch(b, windowed(rows, null, true), settings);
  expect(summary.deadline.deliveredOn).toBe('2021-01-01');
  expect(summary.deadline.status).toBe('delivered');
});

/** A batch's rows from a few buildings' stage events, spread over years (so that windows cut them). */
const batchRows = fc.array(
  fc.record({
    area: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: null }),
    events: fc.array(fc.record({ stage: fc.oneof(fc.constantFrom(...STAGES), fc.constant('delivered' as const)), day: fc.integer({ min: 0, max: 2400 }), isCorrection: fc.boolean() }), { maxLength: 6 }),
  }),
  { minLength: 1, maxLength: 5 },
).map((buildings) => mergeChanges(buildings.flatMap((b, i) => changesOfBuilding(
  { floorAreaM2: b.area, stage: 'planned', stageDate: null },
  b.events.map((e, j) => ({ stage: e.stage, date: new Date(Date.UTC(2020, 0, 1) + e.day * 86_400_000).toISOString().slice(0, 10), isCorrection: e.isCorrection, id: i * 10 + j })),
))));

/** What the list pages do: fold before the window unless the scope is to be read whole. */
function windowed(rows: readonly TallyChange[], keepFrom: string | null, deliveryDay: boolean): TallyChange[] {
  const known = rows.filter((c) => c.date <= AS_OF);
  const { changes, prefix } = foldBefore(windowStart(lastEventDay(rows, AS_OF), keepFrom), [], known);
  return deliveryDay && needsAll(prefix) ? [...rows] : changes;
}

const withoutHistory = <T extends { history: unknown }>(s: T) => ({ ...s, history: undefined });

test('a batch summarised from its window equals the batch summarised from every row (but for the history it does not show)', () => {
  fc.assert(fc.property(batchRows, fc.option(fc.integer({ min: 0, max: 2400 }), { nil: null }), (rows, target) => {
    const b = batch(1, 1, { targetDeliveryDate: target === null ? null : new Date(Date.UTC(2020, 0, 1) + target * 86_400_000).toISOString().slice(0, 10), households: 10 });
    expect(withoutHistory(summariseBatch(b, windowed(rows, null, true), settings))).toEqual(withoutHistory(summariseBatch(b, rows, settings)));
  }), { numRuns: propertyRuns(400) });
});

test('an area scope from its window: the same tally, forecast and tally on the latest report\'s day', () => {
  fc.assert(fc.property(batchRows, fc.integer({ min: 0, max: 2400 }), (rows, reportDay) => {
    const reportDate = new Date(Date.UTC(2020, 0, 1) + reportDay * 86_400_000).toISOString().slice(0, 10);
    const part = windowed(rows, reportDate, false);
    expect(tallyAsOf(part, AS_OF)).toEqual(tallyAsOf(rows, AS_OF));
    if (reportDate <= AS_OF) expect(tallyAsOf(part, reportDate)).toEqual(tallyAsOf(rows, reportDate));
    const village = { id: 1, districtId: 1, subdistrictId: null, nameZh: '村', nameEn: null, householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null, noteEn: null, isDemo: false, version: 1 };
    expect(withoutHistory(summariseVillage(village, part, [], [], settings))).toEqual(withoutHistory(summariseVillage(village, rows, [], [], settings)));
  }), { numRuns: propertyRuns(400) });
});

// A delivered batch or project is not flagged as "not updated for long": its construction is over.
// Anything not delivered still is, after staleAfterDays without a milestone. Worked out by hand.
import { summariseBatch, summariseProject } from '../../src/domain/scope-summary';
import type { TallyChange } from '../../src/domain/tally';
import { DEFAULT_STAGE_WEIGHTS } from '../../src/domain/types';
import { batch, project } from './snapshot-builder';

const AS_OF = '2026-11-26';
const settings = { weights: DEFAULT_STAGE_WEIGHTS, asOf: AS_OF, staleAfterDays: 90, monthlyAllowanceYuanPerHousehold: null };
const change = (date: string, stage: TallyChange['stage'], buildings: number, events = 1): TallyChange => ({ date, stage, buildings, areaCm2: 0, unknownArea: buildings, events });

// two buildings in at planned, both to structure on 2024-01-10; delivered (or, in the other batch, only topped out) on 2024-03-15
const delivered = [change('0000-01-01', 'planned', 2, 0), change('2024-01-10', 'planned', -2), change('2024-01-10', 'structure', 2), change('2024-03-15', 'structure', -2), change('2024-03-15', 'delivered', 2)];
const toppedOut = [change('0000-01-01', 'planned', 2, 0), change('2024-01-10', 'planned', -2), change('2024-01-10', 'structure', 2), change('2024-03-15', 'structure', -2), change('2024-03-15', 'topped_out', 2)];

test('a batch delivered on 2024-03-15 keeps its date and age (986 days on 2026-11-26) but is not flagged', () => {
  const s = summariseBatch(batch(1, 1, { targetDeliveryDate: '2024-06-30' }), delivered, settings);
  expect(s.deadline.deliveredOn).toBe('2024-03-15');
  // 2024-03-15 → 2026-03-15 is 730 days, → 2026-11-15 245 more, → 2026-11-26 11 more
  expect(s.staleness).toEqual({ lastReported: '2024-03-15', daysSince: 986, stale: false });
});

test('a batch last seen at 主体封顶 on the same day is flagged: 986 days is past 90', () => {
  const s = summariseBatch(batch(1, 1, { targetDeliveryDate: '2024-06-30' }), toppedOut, settings);
  expect(s.deadline.deliveredOn).toBeNull();
  expect(s.staleness).toEqual({ lastReported: '2024-03-15', daysSince: 986, stale: true });
});

test('a project whose every batch is delivered is not flagged; one with a batch still under way is', () => {
  const b1 = batch(1, 1, { targetDeliveryDate: '2024-06-30' });
  const b2 = batch(2, 1, { targetDeliveryDate: '2024-06-30', sequence: 2 });
  const done = summariseProject(project(1), [...delivered, ...delivered], [
    { batch: b1, summary: summariseBatch(b1, delivered, settings) }, { batch: b2, summary: summariseBatch(b2, delivered, settings) },
  ], [], settings);
  expect(done.deadline.deliveredOn).toBe('2024-03-15');
  expect(done.staleness.stale).toBe(false);
  const open = summariseProject(project(1), [...delivered, ...toppedOut], [
    { batch: b1, summary: summariseBatch(b1, delivered, settings) }, { batch: b2, summary: summariseBatch(b2, toppedOut, settings) },
  ], [], settings);
  expect(open.deadline.deliveredOn).toBeNull();
  expect(open.staleness).toEqual({ lastReported: '2024-03-15', daysSince: 986, stale: true });
});

test('a delivery recorded for a day after asOf is not known yet: still flagged', () => {
  const s = summariseBatch(batch(1, 1, { targetDeliveryDate: '2024-06-30', actualDeliveryDate: '2026-12-31' }), toppedOut, settings);
  expect(s.staleness.stale).toBe(true);
});

// DESIGN.md, Figures: a batch's and a project's status is derived, judged against asOf. What is
// dated after asOf is not known on that day; what is dated on asOf is.
import { deriveStatus, projectStatus, recordedAsDerived } from '../../src/domain/status';

const asOf = '2024-01-01';

describe('Figures rule: status derived as of asOf', () => {
  test('delivered on asOf itself counts as delivered that day', () => {
    expect(deriveStatus({ deliveredOn: '2024-01-01', buildingsStarted: 3, startedOn: null, asOf })).toEqual({ status: 'delivered', deliveredOn: '2024-01-01' });
  });

  test('a delivery dated after asOf is not known yet: under construction, no delivery date', () => {
    expect(deriveStatus({ deliveredOn: '2024-01-02', buildingsStarted: 3, startedOn: null, asOf })).toEqual({ status: 'under_construction', deliveredOn: null });
  });

  test('a delivery dated after asOf with nothing started yet: not started', () => {
    expect(deriveStatus({ deliveredOn: '2024-06-01', buildingsStarted: 0, startedOn: null, asOf })).toEqual({ status: 'not_started', deliveredOn: null });
  });

  test('a project started on asOf itself is under construction that day, one started the day after is not', () => {
    expect(deriveStatus({ deliveredOn: null, buildingsStarted: 0, startedOn: '2024-01-01', asOf }).status).toBe('under_construction');
    expect(deriveStatus({ deliveredOn: null, buildingsStarted: 0, startedOn: '2024-01-02', asOf }).status).toBe('not_started');
  });

  test('one started building is enough to be under construction', () => {
    expect(deriveStatus({ deliveredOn: null, buildingsStarted: 1, startedOn: null, asOf }).status).toBe('under_construction');
    expect(deriveStatus({ deliveredOn: null, buildingsStarted: 0, startedOn: null, asOf }).status).toBe('not_started');
  });

  test('a status typed by hand is shown only where it disagrees with what the buildings show', () => {
    expect(recordedAsDerived('planned')).toBe('not_started');
    expect(recordedAsDerived('under_construction')).toBe('under_construction');
    expect(recordedAsDerived('delivered')).toBe('delivered');
    expect(recordedAsDerived('completed')).toBe('delivered');
    const derived = { status: 'under_construction' as const, deliveredOn: null };
    expect(projectStatus(derived, 'under_construction', null)).toEqual({ status: 'under_construction', deliveredOn: null, halted: null, recordedDiffers: null });
    expect(projectStatus(derived, 'delivered', null).recordedDiffers).toBe('delivered');
    expect(projectStatus(derived, 'planned', null).recordedDiffers).toBe('not_started');
  });
});

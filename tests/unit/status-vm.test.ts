// The status badge's presenter: which word a batch or a project shows, and when the typed status is said.
import { recordedNote, statusVm } from '../../src/web/view-models/status.vm';
import type { ProjectStatusOf } from '../../src/domain/status';

const overdue = { status: 'overdue' as const, daysLate: 40 };
const noTarget = { status: null, daysLate: null };

describe('statusVm', () => {
  test('what the buildings show, with the deadline beside it', () => {
    expect(statusVm({ status: 'under_construction', deliveredOn: null }, overdue, null)).toEqual({
      word: 'under_construction', label: 'derivedStatus.under_construction', deliveredOn: null, derived: 'under_construction',
      deadline: { status: 'overdue', daysLate: 40 },
    });
    expect(statusVm({ status: 'not_started', deliveredOn: null }, noTarget, null)).toMatchObject({ word: 'not_started', label: 'derivedStatus.not_started', deadline: noTarget });
  });

  test('a halt stands in for what is not delivered, and keeps what the buildings show beside it', () => {
    expect(statusVm({ status: 'under_construction', deliveredOn: null }, overdue, 'suspended')).toMatchObject({
      word: 'suspended', label: 'haltStatus.suspended', derived: 'under_construction', deadline: overdue,
    });
    expect(statusVm({ status: 'not_started', deliveredOn: null }, noTarget, 'cancelled')).toMatchObject({ word: 'cancelled', label: 'haltStatus.cancelled', derived: 'not_started' });
  });

  test('a delivery stands even where the project was halted afterwards, with its day', () => {
    const delivered = { status: 'delivered' as const, deliveredOn: '2024-06-01' };
    expect(statusVm(delivered, { status: 'delivered', daysLate: 1 }, 'suspended')).toEqual({
      word: 'delivered', label: 'derivedStatus.delivered', deliveredOn: '2024-06-01', derived: 'delivered', deadline: { status: 'delivered', daysLate: 1 },
    });
    // delivered without any target: the day is still there to show, never "no target"
    expect(statusVm(delivered, noTarget, null)).toMatchObject({ word: 'delivered', deliveredOn: '2024-06-01' });
  });
});

describe('recordedNote', () => {
  const of = (o: Partial<ProjectStatusOf>): ProjectStatusOf => ({ status: 'under_construction', deliveredOn: null, halted: null, recordedDiffers: null, ...o });

  test('nothing to say where the typed status agrees with the buildings', () => {
    expect(recordedNote(of({}), 'under_construction')).toBeNull();
  });

  test('the sentence is chosen by what the buildings show; the typed status is carried as typed', () => {
    expect(recordedNote(of({ status: 'delivered', deliveredOn: '2024-06-01', recordedDiffers: 'under_construction' }), 'under_construction'))
      .toEqual({ key: 'recordedDiffers.delivered', recorded: 'under_construction', deliveredOn: '2024-06-01' });
    expect(recordedNote(of({ status: 'not_started', recordedDiffers: 'delivered' }), 'completed'))
      .toEqual({ key: 'recordedDiffers.not_started', recorded: 'completed', deliveredOn: null });
  });
});

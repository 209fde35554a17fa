// A building's own page (GET /buildings/:id), in English.
import type { zhBuilding } from './zh-building';
import type { WithPlurals } from './plurals';

export const enBuilding: WithPlurals<typeof zhBuilding> = {
  buildingPage: {
    inBatch: 'in {{batch}}',
    lead: 'Now at “{{stage}}” (since {{since}}).',
    leadNoDate: 'Now at “{{stage}}”; the day it got there was not published.',
    leadPlanned: 'No start of work has been recorded yet.',
    ladder: 'Construction stages',
    reachedOn: 'reached on {{date}}',
    reachedNoDate: 'reached, day not published',
    start: 'the start: registered, work not begun',
    notYet: 'not yet',
    here: 'it is at this stage now',
    batch: 'Its batch: delivery date and progress',
    batchLead: 'Delivery dates are set per batch: this building is delivered with {{batch}}.',
    events: 'Milestones of this building',
    eventsEmpty: 'No milestone has been recorded for this building yet.',
    eventsMore: 'The latest {{shown}} of {{n}}.',
    event: 'reached “{{stage}}”',
    correction: 'correction',
    batchRecords: 'All records of this batch',
  },
};

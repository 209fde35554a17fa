// What residents read beyond the figures, in English (see zh-residents.ts).
import type { zhResidents } from './zh-residents';
import type { WithPlurals } from './plurals';
import { enSearch } from './en-search';
import { enBuilding } from './en-building';
import { enShare } from './en-share';
import { enFeed } from './en-feed';
import { enCalendar } from './en-calendar';
import { enPoster } from './en-poster';
import { enFeedback } from './en-feedback';

export const enResidents: WithPlurals<typeof zhResidents> = {
  ...enSearch,
  ...enBuilding,
  ...enShare,
  ...enFeed,
  ...enCalendar,
  ...enPoster,
  ...enFeedback,
  history: {
    title: 'Records',
    empty: 'No milestones or reports yet.',
    milestones: 'Milestones',
    reports: 'Reported cumulative figures',
    reached: '{{n}} reached “{{stage}}”',
    source: 'Source:',
    correction: 'correction',
    correctionReason: 'reason',
    all: 'All records ({{n}})',
    batchLatest: 'The latest {{shown}} records of this batch (of {{n}}).',
    allOfProject: 'All records of this project',
  },
};

import type { zhDeadlines } from './zh-deadlines';

export const enDeadlines: typeof zhDeadlines = {
  deadline: {
    story: 'Originally {{original}} → now {{current}}',
    noCurrent: 'none set',
    postponedOnce: 'postponed once',
    postponedMany: 'postponed {{n}} times',
    changedMany: 'changed {{n}} times, postponed {{p}} of them',
    changedNone: 'changed {{n}} times, never postponed',
    reasons: 'reasons: {{reasons}}',
    sep: '; ',
    reasonSep: '; ',
    open: ' (',
    close: ')',
    against: 'Against the original target: ',
    againstCurrent: 'Against the current target: ',
    revisions: 'Changes of the target ({{n}})',
    step: '{{date}}: {{from}} → {{to}}',
    moved: { later: '{{days}} days later', earlier: '{{days}} days earlier', reworded: 'same date, precision changed', withdrawn: 'target withdrawn', set: 'target set again' },
    stepReason: 'Reason: {{reason}}',
    certainty: { confirmed: 'confirmed', planned: 'planned', estimated: 'estimated' },
  },
  slips: {
    title: 'Slips by quarter',
    intro: 'Every time a target date is put back, a reason must be given. Listed here by when the target was changed, quarter by quarter: which batches and projects slipped, by how many days, and why.',
    empty: 'No target date in this district has been put back yet.',
    period: 'Q{{q}} {{year}}',
    periodSummary: '{{n}} postponements, {{days}} days in all',
    scope: 'Batch or project', from: 'Previous target', to: 'New target', days: 'Put back by', reason: 'Reason', on: 'Changed on', original: 'Original',
  },
};

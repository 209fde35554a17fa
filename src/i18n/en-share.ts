// The sentence a page is shared with (description, Open Graph), in English.
import type { zhShare } from './zh-share';
import type { WithPlurals } from './plurals';

export const enShare: WithPlurals<typeof zhShare> = {
  share: {
    site: 'Progress of urban-village renewal and resettlement: the stage, delivery date and return of households for every village, project, batch and building, each figure with its source and date.',
    sep: ', ',
    listSep: ', ',
    deadline: { on_track: 'on track', at_risk: 'at risk of delay', overdue: 'overdue' },
    due: 'due {{date}} (original target)',
    batch: '{{name}}, {{buildings}}: {{at}}; {{due}}; {{status}}',
    building: '{{name}}: {{stage}}. {{batch}}',
    project: '{{name}}: {{status}}, {{batches}} batches, construction {{progress}} done',
    project_one: '{{name}}: {{status}}, 1 batch, construction {{progress}} done',
    village: '{{name}}: {{projects}} projects, construction {{progress}} done',
    village_one: '{{name}}: 1 project, construction {{progress}} done',
    district: '{{name}}: {{villages}} villages, {{projects}} projects; {{overdue}} batches overdue, {{delivered}} delivered',
  },
};

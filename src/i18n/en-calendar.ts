// Calendar files (GET /calendar/<scope>/<id>.ics), in English.
import type { zhCalendar } from './zh-calendar';
import type { WithPlurals } from './plurals';

export const enCalendar: WithPlurals<typeof zhCalendar> = {
  calendar: {
    name: '{{name}} · delivery targets',
    description: 'The target delivery dates of {{name}}; a subscribed calendar follows when a target changes.',
    batch: '{{project}}, {{batch}}',
    target: '{{name}}: target delivery',
    delivered: '{{name}}: delivered',
    current: 'Target delivery: {{date}}',
    original: 'Original target: {{date}}',
    revised: 'Target changed {{n}} times. The latest change ({{date}}), reason: {{reason}}',
    revised_one: 'Target changed once ({{date}}), reason: {{reason}}',
    deliveredOn: 'Delivered on {{date}}.',
    page: 'Details: {{url}}',
    add: 'Add to calendar (.ics)',
  },
};

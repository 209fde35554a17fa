// Atom feeds (GET /feeds/<scope>/<id>.atom), in English.
import type { zhFeed } from './zh-feed';
import type { WithPlurals } from './plurals';

export const enFeed: WithPlurals<typeof zhFeed> = {
  feed: {
    title: '{{name}} · updates',
    subtitle: 'Stages reached, deliveries, reports, target changes and household counts of {{name}}, newest first.',
    rights: 'From published reports and submissions of the agencies concerned.',
    correction: 'Correction',
    reason: ' (reason: {{reason}})',
    report: 'Report published: cumulative figures as of {{date}}',
    revised: '{{name}}: delivery target changed to {{date}}; reason: {{reason}}',
    households: '{{name}} households ({{households}} to resettle): {{allocated}} chose flats, {{handedOver}} got keys, {{movedIn}} moved in, {{certificates}} have certificates',
    follow: 'Follow updates (Atom)',
  },
};

// The site-board poster (GET /projects/:id/poster), in English.
import type { zhPoster } from './zh-poster';
import type { WithPlurals } from './plurals';

export const enPoster: WithPlurals<typeof zhPoster> = {
  poster: {
    title: 'Site board poster',
    kicker: 'Urban-village renewal and resettlement · progress notice',
    batches: 'Delivery batches',
    noBatches: 'This project has no delivery batches yet.',
    batch: 'Batch',
    buildings: 'Buildings',
    original: 'Original target',
    current: 'Current target',
    status: 'Status',
    scan: 'Scan for the latest progress',
    qrLabel: 'QR code to {{url}}',
    feed: 'Follow updates',
    feedback: 'Leave a message (anonymous)',
    search: 'Find your building',
    asOf: 'Figures as of {{date}}, when this poster was printed; the web page always has the latest.',
    setup: 'Note: the QR code uses the address this page was opened at. Before the poster is put up, an administrator should set PUBLIC_BASE_URL (the address residents can reach). This note is not printed.',
    howto: 'Print it from the browser on A4 paper.',
    back: 'Back to the project page',
    link: 'Print a site-board poster (A4, with a QR code)',
  },
};

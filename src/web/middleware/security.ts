import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** Helmet with a CSP that allows no inline script and nothing from other origins. */
export function securityHeaders(opts: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        // helmet's default allows fonts from any https: origin; every font here is the reader's own
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': null,
      },
    },
    // Only when served over HTTPS (SECURE_COOKIES=true): over plain HTTP, inside government networks,
    // the header is ignored by browsers at best and locks users out of a later plain-HTTP site at worst.
    strictTransportSecurity: opts.https ? { maxAge: 365 * 24 * 3600, includeSubDomains: false } : false,
  });
}

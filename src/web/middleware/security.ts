import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** Helmet with a CSP that allows no inline script and nothing from other origins. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': null,
      },
    },
    // Served over plain HTTP inside government networks too; HSTS belongs to the HTTPS proxy.
    strictTransportSecurity: false,
  });
}

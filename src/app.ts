import crypto from 'node:crypto';
import path from 'node:path';
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import pino, { type Logger } from 'pino';
import { PROJECT_ROOT, type Config } from './config';
import type { Db } from './db/create-db';
import { todayInChina } from './clock';
import { securityHeaders } from './web/middleware/security';
import { detect, i18n, rememberLanguage } from './web/middleware/i18n';
import { pageLocals } from './web/middleware/locals';
import { sessionCookieName, sessions } from './web/middleware/session';
import { csrfProtection, csrfToken } from './web/middleware/csrf';
import { isResidentForm } from './web/routes/feedback-guard';
import { loadCurrentUser } from './web/middleware/current-user';
import { takeFlash } from './web/middleware/flash';
import { errorHandler, notFound } from './web/middleware/errors';
import { auditRefusals } from './web/middleware/audit-refusals';
import { RefusalAudit } from './services/refusal-audit.service';
import { requestLog } from './web/middleware/request-log';
import { authorize, ruleFor } from './web/access';
import { publicPageCache } from './web/middleware/page-cache';
import { compressAnswers } from './web/middleware/compression';
import { publicRateLimit } from './web/middleware/rate-limit';
import { healthRoutes } from './web/routes/health.routes';
import { assetRoutes } from './web/routes/assets.routes';
import { loadAssets } from './web/assets';
import { publicRoutes } from './web/routes/public.routes';
import { searchRoutes } from './web/routes/search.routes';
import { feedRoutes } from './web/routes/feed.routes';
import { calendarRoutes } from './web/routes/calendar.routes';
import { posterRoutes } from './web/routes/poster.routes';
import { feedbackRoutes } from './web/routes/feedback.routes';
import { apiRoutes } from './web/routes/api.routes';
import { authRoutes } from './web/routes/auth.routes';
import { adminRoutes } from './web/routes/admin';
import { currentVersions } from './services/scope-read.service';
import { cacheScopeOf } from './web/cache-scope';
import type { BackgroundWork } from './services/background-work';
import { publicExportRoutes } from './web/routes/public-export.routes';
import { dashboardRoutes } from './web/routes/dashboard.routes';

const UPLOAD_PATH = '/admin/import/preview';
/** The pages and answers that depend only on the data, the date and the language. */
const CACHED_PATHS = /^\/(?:$|villages\/|projects\/|batches\/|api\/v1\/)/;

export interface AppDeps {
  config: Config;
  db: Db;
  logger?: Logger;
  /** Signs session cookies; server.ts keeps one per installation in the database. */
  sessionSecret?: string;
  /** A read-only connection for sessions and the current user (see createReadDb); `db` when absent. */
  readDb?: Db;
  /**
   * A read-only connection of its own for the whole site's figures (`readSite`: the summary and the
   * public export), a read of seconds at city scale that would otherwise hold the others'
   * connection for as long; `readDb` when absent.
   */
  siteDb?: Db;
  /** Work that outlives its request (import commits); server.ts waits for it before closing the database. */
  background?: BackgroundWork;
  /** The clock for sign-in lock-outs, the refusal log's minutes and feedback times (tests pin it); the real one when absent. */
  now?: () => Date;
}

/** The whole application as an ordered list of set-up steps; no listen (tests run it in-process). */
export function createApp({ config, db, logger = pino({ level: config.logLevel }), sessionSecret, readDb = db, siteDb = readDb, background, now = () => new Date() }: AppDeps): Express {
  const app = express();
  const asOf = () => config.asOf ?? todayInChina();
  const assets = loadAssets();

  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('views', path.join(PROJECT_ROOT, 'views'));
  app.set('view engine', 'ejs');
  if (config.env === 'production') app.enable('view cache');

  // request id and access log (the logger the error handler uses too), web security, health, static files
  app.use(requestLog(logger));
  app.use(securityHeaders({ https: config.secureCookies }));
  app.use(healthRoutes(db));
  app.use(assetRoutes(assets));
  // per-IP limit on the public pages, the API and the exports, before any of them is served (cache included)
  app.use(publicRateLimit(config.rateLimitPerMinute));

  // request parsing, language, session, current user
  app.use(cookieParser());
  // Anonymous public pages from the cache before any per-user work (language set-up, session).
  const pageCache = publicPageCache((route, req) => currentVersions(readDb, cacheScopeOf(route, req.path, req.query)), {
    routeOf: (method, p) => {
      const rule = CACHED_PATHS.test(p) ? ruleFor(method, p) : undefined;
      return rule?.access === 'public' ? rule.path : undefined;
    },
    keyParts: (req) => ({ asOf: asOf(), lang: detect(req) ?? 'zh' }),
    sessionCookie: sessionCookieName(config),
    maxBytes: config.pageCacheBytes,
  });
  app.locals.pageCache = pageCache.cache; // its size, for the tests that flood it
  app.use(pageCache);
  app.use(i18n());
  app.use(rememberLanguage);
  // before the body parser, so that a body it refuses (413, 415) still gets a proper error page
  app.use(pageLocals(asOf, assets.url));
  app.use(sessions(db, config, sessionSecret ?? crypto.randomBytes(32).toString('base64url'), readDb));
  // Answers rendered from here on are compressed as they go out (what comes before compresses its
  // own: static files, cached pages). After the session, so that the session is saved inside
  // compression's end: a failed save then finds the answer ended, not cut off half-way.
  app.use(compressAnswers());
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 300 }));
  app.use(loadCurrentUser(db, config, readDb));
  app.use(takeFlash);
  app.use((req, res, next) => {
    res.locals.csrf = () => csrfToken(req); // created only when a form is rendered
    next();
  });

  // authorisation (deny by default), then CSRF on every state-changing request; the one upload
  // route checks its token itself, after its multipart body is read.
  app.use(authorize);
  app.use((req, res, next) => {
    if (req.path === UPLOAD_PATH && req.is('multipart/form-data')) return next();
    csrfProtection(req, res, (err?: unknown) => {
      // A resident's form left open past the session's life: it sends a token its (new, empty)
      // session never issued. Nothing is written; the form is shown again with what was typed
      // (feedback-guard.ts) instead of a 403 page that loses it.
      if (err && isResidentForm(req) && typeof (req.body as Record<string, unknown> | undefined)?._csrf === 'string' && req.session?.csrfToken === undefined) {
        res.locals.formExpired = true;
        return next();
      }
      next(err);
    });
  });

  // routes
  app.use(apiRoutes(readDb, siteDb));
  app.use(publicRoutes(readDb));
  app.use(searchRoutes(readDb));
  app.use(feedRoutes(readDb));
  app.use(calendarRoutes(readDb, config.publicBaseUrl));
  app.use(posterRoutes(readDb, config.publicBaseUrl));
  app.use(feedbackRoutes(db, config, now));
  app.use(publicExportRoutes(db, siteDb));
  app.use(authRoutes(db, config, now));
  app.use(adminRoutes(db, config, background, now));
  app.use(dashboardRoutes(readDb, db));

  app.use(notFound);
  app.use(auditRefusals(new RefusalAudit(db, () => now().getTime())));
  app.use(errorHandler(logger));
  return app;
}

import path from 'node:path';
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import pino, { type Logger } from 'pino';
import { PROJECT_ROOT, type Config } from './config';
import type { Db } from './db/create-db';
import { todayInChina } from './clock';
import { securityHeaders } from './web/middleware/security';
import { i18n, rememberLanguage } from './web/middleware/i18n';
import { pageLocals } from './web/middleware/locals';
import { errorHandler, notFound } from './web/middleware/errors';
import { healthRoutes } from './web/routes/health.routes';
import { assetRoutes } from './web/routes/assets.routes';
import { publicRoutes } from './web/routes/public.routes';
import { apiRoutes } from './web/routes/api.routes';

export interface AppDeps {
  config: Config;
  db: Db;
  logger?: Logger;
}

/** The whole application as an ordered list of set-up steps; no listen (tests run it in-process). */
export function createApp({ config, db, logger = pino({ level: config.logLevel }) }: AppDeps): Express {
  const app = express();
  const asOf = () => config.asOf ?? todayInChina();

  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('views', path.join(PROJECT_ROOT, 'views'));
  app.set('view engine', 'ejs');
  if (config.env === 'production') app.enable('view cache');

  app.use(securityHeaders());
  app.use(healthRoutes(db));
  app.use(assetRoutes());
  app.use(cookieParser());
  app.use(i18n());
  app.use(rememberLanguage);
  app.use(pageLocals(asOf));

  app.use('/api/v1', apiRoutes(db));
  app.use(publicRoutes(db));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}

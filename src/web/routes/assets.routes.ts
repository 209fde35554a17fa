import path from 'node:path';
import express, { Router } from 'express';
import { PROJECT_ROOT } from '../../config';

// Chart.js from node_modules (its package exports hide dist/, so resolve beside the main file):
// the machines that run this have no internet, so no CDN.
const chartJsFile = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

export function assetRoutes(): Router {
  const router = Router();
  const cache = { maxAge: '1d', immutable: false };
  router.get('/favicon.ico', (_req, res) => res.status(204).end());
  router.get('/assets/chart.umd.min.js', (_req, res) => res.sendFile(chartJsFile, cache));
  router.use('/assets', express.static(path.join(PROJECT_ROOT, 'public'), { ...cache, index: false }));
  return router;
}

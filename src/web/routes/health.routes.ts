import { Router } from 'express';
import type { Db } from '../../db/create-db';
import { databaseState } from '../../repositories/health.repository';

/**
 * GET /healthz for load balancers and monitoring: 200 while the database answers with the schema
 * this code expects, 503 otherwise. It names the dialect and the schema version, never a path, a
 * host or a credential.
 */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const state = await databaseState(db);
      // The database answers but lacks migrations this code relies on: pages would fail.
      const ok = state.pendingMigrations === 0;
      res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'error', database: { state: ok ? 'ok' : 'outdated', ...state } });
    } catch {
      res.status(503).json({ status: 'error', database: { state: 'unavailable' } });
    }
  });
  return router;
}

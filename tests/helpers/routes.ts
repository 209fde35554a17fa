// Every method + path the Express 5 app answers, read from its router (routes are mounted without
// path prefixes, so a layer's own path is the full path).
import type { Express } from 'express';

export interface AppRoute {
  method: 'GET' | 'POST' | string;
  path: string;
}

interface LayerLike {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  name?: string;
  rawPath?: string;
  slash?: boolean;
}

/**
 * Routes with their methods, plus static file middleware mounted at a path (`/assets`), reported
 * as `GET <mount>/*path` (the notation of ACCESS_RULES).
 */
export function appRoutes(app: Express): AppRoute[] {
  const out: AppRoute[] = [];
  const walk = (stack: LayerLike[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) {
          for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push({ method: m.toUpperCase(), path: p });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      } else if (layer.name === 'serveStatic' && layer.rawPath && layer.rawPath !== '/') {
        out.push({ method: 'GET', path: `${layer.rawPath.replace(/\/$/, '')}/*path` });
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack);
  const seen = new Set<string>();
  return out.filter((r) => {
    const k = `${r.method} ${r.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A route pattern with its parameters filled in (`:id` → ids[name] or ids.id, `*path` → an asset). */
export function concretePath(pattern: string, fill: (param: string, pattern: string) => string): string {
  return pattern.replace(/[:*]([A-Za-z_]\w*)/g, (_m, name: string) => fill(name, pattern));
}

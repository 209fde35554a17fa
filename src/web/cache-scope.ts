// Which district counters a cached public answer depends on (migration 0009): a page of a project
// is kept until a write inside that project's district (or one every page shows) commits, so a
// write in one district leaves the other districts' cached pages in place.
import type { Request } from 'express';
import type { VersionScope } from '../services/scope-read.service';
import { canonicalQuery } from './query-params';

const KIND_OF: Readonly<Record<string, 'village' | 'project' | 'batch' | 'district'>> = {
  '/villages/:id': 'village',
  '/villages/:id/records': 'village',
  '/projects/:id': 'project',
  '/projects/:id/records': 'project',
  '/api/v1/projects/:id': 'project',
  '/batches/:id': 'batch',
  '/districts/:id/records': 'district',
};

/** The scope of a public route (an access.ts pattern) as requested; the whole site where unsure. */
export function cacheScopeOf(route: string, path: string, query: Request['query']): VersionScope {
  const kind = KIND_OF[route];
  if (kind) {
    const id = Number(path.split('/')[route.split('/').indexOf(':id')]);
    return Number.isSafeInteger(id) && id > 0 ? { kind, id } : { kind: 'site' };
  }
  const q = canonicalQuery(route, query);
  const param = (name: string) => (q.ok ? q.pairs.find(([k]) => k === name)?.[1] : undefined);
  if (route === '/') {
    const district = param('district');
    return district ? { kind: 'district', id: Number(district) } : { kind: 'first' };
  }
  if (route === '/api/v1/projects' || route === '/api/v1/villages') {
    const village = param('village');
    const district = param('district');
    if (village) return { kind: 'village', id: Number(village) };
    if (district) return { kind: 'district', id: Number(district) };
  }
  return { kind: 'site' };
}

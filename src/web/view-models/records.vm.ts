// The records page of a project, a village or a district: every record (milestones grouped by day,
// stage, source and project, and reports), newest first, a page at a time.
import type { District, Project, ScopeRecord, Source, Village } from '../../domain/entities';
import type { RecordPlace, RecordsOf } from '../../services/scope-read.service';
import { districtRecordsHref, recordsHref, recordVms, villageRecordsHref, type RecordVm } from './detail.vm';
import { pagerVm, type PageQuery, type PagerVm } from './paging';

export interface RecordsPageVm {
  of: RecordsOf;
  /** Null on a village's or a district's page. */
  project: Project | null;
  /** Null on a district's page. */
  village: Village | null;
  district: District;
  /** The page of the scope itself, and what it is called. */
  scopeHref: string;
  scopeName: { nameZh: string; nameEn: string | null };
  records: RecordVm[];
  pager: PagerVm;
  hasDemo: boolean;
}

export interface ScopeRecordsRead {
  projects: Project[];
  villages: Village[];
  districts: District[];
  records: ScopeRecord[];
  total: number;
  sources: Source[];
  places: RecordPlace[];
}

export function recordsPageVm(of: RecordsOf, read: ScopeRecordsRead, q: PageQuery): RecordsPageVm {
  const project = read.projects[0] ?? null;
  const village = read.villages[0] ?? null;
  const district = read.districts[0]!;
  const href = of === 'project' ? recordsHref(project!.id) : of === 'village' ? villageRecordsHref(village!.id) : districtRecordsHref(district.id);
  const scope = of === 'project' ? project! : of === 'village' ? village! : district;
  return {
    of,
    project,
    village,
    district,
    scopeHref: of === 'project' ? `/projects/${scope.id}` : of === 'village' ? `/villages/${scope.id}` : `/?district=${scope.id}`,
    scopeName: scope,
    records: recordVms(read.records, read.sources, of === 'project' ? [] : read.places),
    pager: pagerVm(read.total, q, (n) => (n === 1 ? href : `${href}?page=${n}`)),
    hasDemo: Boolean(project?.isDemo || village?.isDemo || district.isDemo),
  };
}

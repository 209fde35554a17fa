// The records page of a project: every record (milestones grouped by day, stage and source, and
// reports), newest first, a page at a time.
import type { District, Project, ScopeRecord, Source, Village } from '../../domain/entities';
import { recordsHref, recordVms, type RecordVm } from './detail.vm';
import { pagerVm, type PageQuery, type PagerVm } from './paging';

export interface RecordsPageVm {
  project: Project;
  village: Village;
  district: District;
  records: RecordVm[];
  pager: PagerVm;
  hasDemo: boolean;
}

export interface ProjectRecordsRead {
  projects: Project[];
  villages: Village[];
  districts: District[];
  records: ScopeRecord[];
  total: number;
  sources: Source[];
}

export function recordsPageVm(read: ProjectRecordsRead, q: PageQuery): RecordsPageVm {
  const project = read.projects[0]!;
  const village = read.villages[0]!;
  const href = recordsHref(project.id);
  return {
    project,
    village,
    district: read.districts[0]!,
    records: recordVms(read.records, read.sources),
    pager: pagerVm(read.total, q, (n) => (n === 1 ? href : `${href}?page=${n}`)),
    hasDemo: project.isDemo || village.isDemo,
  };
}

// Parsed import rows and uploads for planning tests: every cell empty unless the test fills it in.
import type { BuildingImportRow, ParsedUpload, ProjectImportRow, ReportImportRow } from '../../src/domain/import-types';

export function projectRow(over: Partial<ProjectImportRow>): ProjectImportRow {
  return {
    row: 2, district: null, village: '村', project: '项目1', kind: null, landAreaM2: null, plannedFloorAreaM2: null, investmentYuan: null,
    developer: null, constructionEntity: null, plannedStart: null, plannedCompletion: null, targetReason: null, ...over,
  };
}

export function buildingRow(over: Partial<BuildingImportRow>): BuildingImportRow {
  return {
    row: 2, district: null, village: '村', project: '项目1', batch: '第1批', building: null, floorAreaM2: null, floors: null, units: null,
    stage: null, stageDate: null, targetDeliveryDate: null, correctionReason: null, targetReason: null, ...over,
  };
}

export function reportRow(over: Partial<ReportImportRow>): ReportImportRow {
  return {
    row: 2, district: null, scopeType: 'district', scope: '区', asOf: '2024-01-01', plannedAreaM2: null, startedAreaM2: null, deliveredAreaM2: null,
    peopleEntitled: null, peopleReturned: null, householdsEntitled: null, householdsReturned: null, publishedStartRate: null,
    publishedDeliveryRate: null, publishedReturnRate: null, source: null, correctionReason: null, ...over,
  };
}

/**
 * An upload of the given tables. Some columns carry the header as a file would write it (村, 项目,
 * 楼号, 阶段日期, 范围 …), so messages can be seen to name the file's own header; the others fall back
 * to the column id.
 */
export const upload = (t: { projects?: ProjectImportRow[]; buildings?: BuildingImportRow[]; reports?: ReportImportRow[] }, extraHeaders: Record<string, string> = {}): ParsedUpload => ({
  files: ['f'], rowCount: 0,
  tables: {
    ...(t.projects ? { projects: { table: 'projects' as const, source: 'p.csv', headers: { village: '村', project: '项目', kind: '类型', district: '区', planned_completion: '计划竣工' }, rows: t.projects } } : {}),
    ...(t.buildings ? { buildings: { table: 'buildings' as const, source: 'b.csv', headers: { building: '楼号', stage_date: '阶段日期', project: '项目', ...extraHeaders }, rows: t.buildings } } : {}),
    ...(t.reports ? { reports: { table: 'reports' as const, source: 'r.csv', headers: { started_area_m2: '累计开工面积(平方米)', scope: '范围' }, rows: t.reports } } : {}),
  },
});

export const day = (date: string) => ({ date, precision: 'day' as const });

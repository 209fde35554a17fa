// What an export writes in each table, in both languages, and that every exported row imports back
// with the values it was written from.
import type { District, ModelSnapshot, Source, Village } from '../../src/domain/entities';
import { exportTable, type ExportLang } from '../../src/domain/export-rows';
import { muToM2, sameNumber } from '../../src/domain/import-cells';
import { parseRawTable } from '../../src/domain/import-rows';
import type { TableName } from '../../src/domain/import-tables';
import type { BuildingImportRow, ProjectImportRow, ReportImportRow } from '../../src/domain/import-types';
import { batch, building, project, report } from './snapshot-builder';

const district = (id: number, nameZh: string): District => ({ id, nameZh, nameEn: null, isDemo: false });
const village = (id: number, districtId: number, nameZh: string): Village => ({
  id, districtId, subdistrictId: null, nameZh, nameEn: null, householdsEntitled: null, peopleEntitled: null, demolitionDate: null, note: null, noteEn: null, isDemo: false, version: 1,
});
const source = (id: number, title: string): Source => ({ id, kind: 'newspaper', title, publisher: null, publishedOn: null, url: null, excerpt: null, note: null });

// Ids chosen so that each sort key matters: district 2's village has the lowest id, and within 赵村 the
// project with the higher id (7) was created under the lower sequence of names.
function model(): ModelSnapshot {
  return {
    districts: [district(1, '高新区'), district(2, '金水区')],
    villages: [village(5, 2, '南村'), village(10, 1, '赵村'), village(20, 1, '李村')],
    projects: [
      project(7, { villageId: 10, nameZh: '赵村二期' }),
      project(1, { villageId: 5, nameZh: '南村安置房' }),
      project(2, { villageId: 20, nameZh: '李村安置房' }),
      project(3, {
        villageId: 10, nameZh: '赵村一期', kind: 'collective_affordable', landAreaM2: muToM2(38.16), plannedFloorAreaM2: 120000.5,
        investmentYuan: 1_500_000_000, developer: '郑州城建', constructionEntity: '赵村村委会', plannedStart: '2023-03-01',
        plannedCompletion: '2025-12-31', plannedCompletionPrecision: 'month',
      }),
    ],
    // stored in the reverse of the export's order: project 1 (district 2) first, project 3's batches last
    batches: [
      batch(14, 1, { sequence: 1, nameZh: '一批' }),
      batch(13, 7, { sequence: 1, nameZh: '首批', targetDeliveryDate: '2025-12-31', targetPrecision: 'month' }),
      batch(11, 3, { sequence: 2, nameZh: '第二批', targetDeliveryDate: '2026-12-31', targetPrecision: 'year' }),
      batch(12, 3, { sequence: 1, nameZh: '第一批', targetDeliveryDate: '2025-06-30', targetPrecision: 'day' }),
    ],
    buildings: [
      { ...building(21, 12, 'topped_out', 15000.25, '2024-05-06'), seq: 2, code: '2#', floors: 33, dwellingUnits: 132 },
      { ...building(22, 12, 'delivered', 8000, '2025-06-01'), seq: 1, code: '1#', floors: 18, dwellingUnits: 72 },
      building(23, 11, 'planned', null),
      building(24, 14, 'foundation', 9000, '2024-01-15'),
    ],
    milestones: [],
    // stored neither by date nor by id: the earliest report (2) first, a later one with a lower id (1) last
    reports: [
      report(2, { scopeType: 'village', scopeId: 10, asOf: '2023-12-31', deliveredAreaM2: 500, isCorrection: true, correctionReason: '面积更正' }),
      report(3, { scopeType: 'project', scopeId: 3, asOf: '2024-03-31', startedAreaM2: 23000.25, deliveredAreaM2: 8000 }),
      report(4, { scopeType: 'village', scopeId: 5, asOf: '2024-06-30', peopleEntitled: 1200, peopleReturned: 300, isCorrection: false, correctionReason: '旧的说明' }),
      report(1, {
        scopeType: 'district', scopeId: 1, asOf: '2024-03-31', plannedAreaM2: 2e6, startedAreaM2: 1.5e6, householdsEntitled: 800, householdsReturned: 120,
        publishedStartRate: 0.96, publishedDeliveryRate: 0.5, publishedReturnRate: 0.15, sourceId: 1,
      }),
    ],
    sources: [source(1, '郑州日报 2024-04-01')],
  };
}

describe('sheets and headers', () => {
  test('sheet names and headers in Chinese, or English identifiers, in the importer\'s column order', () => {
    const s = model();
    const sheet = (t: TableName, lang: ExportLang) => { const o = exportTable(s, t, lang); return [o.table, o.sheet, o.headers]; };
    expect(sheet('projects', 'zh')).toEqual(['projects', '项目', ['村', '项目', '类型', '占地面积(亩)', '规划建筑面积(平方米)', '总投资(元)', '开发单位', '建设主体', '计划开工', '计划竣工', '区']]);
    expect(sheet('projects', 'en')).toEqual(['projects', 'projects', ['village', 'project', 'kind', 'land_area_mu', 'planned_floor_area_m2', 'investment_yuan', 'developer', 'construction_entity', 'planned_start', 'planned_completion', 'district']]);
    expect(sheet('buildings', 'zh')).toEqual(['buildings', '楼栋', ['村', '项目', '批次', '楼号', '建筑面积(平方米)', '层数', '套数', '施工阶段', '阶段日期', '目标交付日期', '区']]);
    expect(sheet('buildings', 'en')).toEqual(['buildings', 'buildings', ['village', 'project', 'batch', 'building', 'floor_area_m2', 'floors', 'units', 'stage', 'stage_date', 'target_delivery_date', 'district']]);
    expect(sheet('reports', 'zh')).toEqual(['reports', '报送', [
      '范围类型', '范围', '截至日期', '累计开工面积(平方米)', '累计交付面积(平方米)', '应回迁人数', '累计回迁人数', '应回迁户数', '累计回迁户数',
      '公布开工率', '公布交付率', '公布回迁率', '来源', '规划面积(平方米)', '更正原因', '区']]);
    expect(sheet('reports', 'en')).toEqual(['reports', 'reports', [
      'scope_type', 'scope', 'as_of', 'started_area_m2', 'delivered_area_m2', 'people_entitled', 'people_returned', 'households_entitled', 'households_returned',
      'published_start_rate', 'published_delivery_rate', 'published_return_rate', 'source', 'planned_area_m2', 'correction_reason', 'district']]);
  });
});

describe('projects', () => {
  test('one row per project, by district, village and project id; land in mu, a month target as the month; unknowns empty', () => {
    expect(exportTable(model(), 'projects', 'en').rows).toEqual([
      // land imported as 38.16 mu (stored as 38.16 × 10000/15 ≈ 25440 m²) is written as 38.16 again
      ['赵村', '赵村一期', 'collective_affordable', 38.16, 120000.5, 1_500_000_000, '郑州城建', '赵村村委会', '2023-03-01', '2025-12', '高新区'],
      ['赵村', '赵村二期', 'resettlement', null, null, null, null, null, null, null, '高新区'],
      ['李村', '李村安置房', 'resettlement', null, null, null, null, null, null, null, '高新区'],
      ['南村', '南村安置房', 'resettlement', null, null, null, null, null, null, null, '金水区'],
    ]);
  });

  test('in Chinese the kind is its Chinese name; everything else is the same', () => {
    const zh = exportTable(model(), 'projects', 'zh').rows;
    expect(zh.map((r) => r[2])).toEqual(['配套集体经济适用房', '安置房', '安置房', '安置房']);
    expect(zh.map((r) => [...r.slice(0, 2), ...r.slice(3)])).toEqual(exportTable(model(), 'projects', 'en').rows.map((r) => [...r.slice(0, 2), ...r.slice(3)]));
  });

  test('land is the shortest mu that converts back: 10000 m² is 15 mu, 1000 m² is 1.5 mu', () => {
    const s = model();
    s.projects = [project(1, { villageId: 10, landAreaM2: 10000 }), project(2, { villageId: 10, landAreaM2: 1000 }), project(3, { villageId: 10, landAreaM2: 0 })];
    expect(exportTable(s, 'projects', 'en').rows.map((r) => r[3])).toEqual([15, 1.5, 0]);
  });

  test('an area no short mu gives exactly (25440 m² typed in m²) is written with the digits that give it exactly', () => {
    const s = model();
    s.projects = [project(1, { villageId: 10, landAreaM2: 25440 })];
    const mu = exportTable(s, 'projects', 'en').rows[0]![3] as number;
    expect(mu).toBeCloseTo(38.16, 12); // 25440 × 15 / 10000
    expect(muToM2(mu)).toBe(25440);
  });

  test('a year target is written as the year, a day target as the day', () => {
    const s = model();
    s.projects = [
      project(1, { villageId: 10, plannedCompletion: '2026-12-31', plannedCompletionPrecision: 'year' }),
      project(2, { villageId: 10, plannedCompletion: '2026-12-31', plannedCompletionPrecision: 'day' }),
    ];
    expect(exportTable(s, 'projects', 'en').rows.map((r) => r[9])).toEqual(['2026', '2026-12-31']);
  });
});

describe('buildings', () => {
  test('one row per building, batches by project order and sequence, buildings by their order in the batch', () => {
    expect(exportTable(model(), 'buildings', 'en').rows).toEqual([
      ['赵村', '赵村一期', '第一批', '1#', 8000, 18, 72, 'delivered', '2025-06-01', '2025-06-30', '高新区'],
      ['赵村', '赵村一期', '第一批', '2#', 15000.25, 33, 132, 'topped_out', '2024-05-06', '2025-06-30', '高新区'],
      ['赵村', '赵村一期', '第二批', null, null, null, null, 'planned', null, '2026', '高新区'],
      // a batch without buildings keeps a row of its own, so that its target survives a round trip
      ['赵村', '赵村二期', '首批', null, null, null, null, null, null, '2025-12', '高新区'],
      ['南村', '南村安置房', '一批', null, 9000, null, null, 'foundation', '2024-01-15', null, '金水区'],
    ]);
  });

  test('in Chinese the stage is its Chinese name', () => {
    expect(exportTable(model(), 'buildings', 'zh').rows.map((r) => r[7])).toEqual(['已交付', '主体封顶', '未开工', null, '基础施工']);
  });
});

describe('reports', () => {
  test('one row per report by date, then id; the scope by name (a project as 村/项目) and its district; a reason only for a correction', () => {
    expect(exportTable(model(), 'reports', 'en').rows).toEqual([
      ['village', '赵村', '2023-12-31', null, 500, null, null, null, null, null, null, null, null, null, '面积更正', '高新区'],
      ['district', '高新区', '2024-03-31', 1.5e6, null, null, null, 800, 120, 0.96, 0.5, 0.15, '郑州日报 2024-04-01', 2e6, null, '高新区'],
      ['project', '赵村/赵村一期', '2024-03-31', 23000.25, 8000, null, null, null, null, null, null, null, null, null, null, '高新区'],
      ['village', '南村', '2024-06-30', null, null, 1200, 300, null, null, null, null, null, null, null, null, '金水区'],
    ]);
  });

  test('in Chinese the scope type is its Chinese name', () => {
    expect(exportTable(model(), 'reports', 'zh').rows.map((r) => r[0])).toEqual(['村', '区', '项目', '村']);
  });

  test('a scope or a source the model does not hold is written empty rather than failing the export', () => {
    const s = model();
    s.reports = [
      report(1, { scopeType: 'district', scopeId: 99, sourceId: 99 }),
      report(2, { scopeType: 'village', scopeId: 99 }),
      report(3, { scopeType: 'project', scopeId: 99 }),
    ];
    expect(exportTable(s, 'reports', 'en').rows.map((r) => [r[1], r[12], r[15]])).toEqual([['', null, null], ['', null, null], ['/', null, null]]);
  });

  test('a village whose district the model does not hold is written without a district', () => {
    const s = model();
    s.districts = [district(1, '高新区')];
    expect(exportTable(s, 'projects', 'en').rows.map((r) => r[10])).toEqual(['高新区', '高新区', '高新区', null]);
    expect(exportTable(s, 'buildings', 'en').rows.map((r) => r[10])).toEqual(['高新区', '高新区', '高新区', '高新区', null]);
    expect(exportTable(s, 'reports', 'en').rows.map((r) => r[15])).toEqual(['高新区', '高新区', '高新区', null]);
  });
});

describe('round trip: an exported row imports back to the values it was written from', () => {
  const reimport = (s: ModelSnapshot, table: TableName, lang: ExportLang) => {
    const out = exportTable(s, table, lang);
    const p = parseRawTable({ source: out.sheet, forced: null, header: out.headers, headerRow: 1, rows: out.rows.map((cells, i) => ({ row: i + 2, cells })) });
    expect(p.errors).toEqual([]);
    expect(p.table!.table).toBe(table);
    return p.table!.rows;
  };
  const day = (date: string | null) => (date === null ? null : { date, precision: 'day' });

  test.each(['zh', 'en'] as const)('projects (%s)', (lang) => {
    const s = model();
    const rows = reimport(s, 'projects', lang) as ProjectImportRow[];
    const byName = new Map(rows.map((r) => [r.project, r]));
    for (const p of s.projects) {
      const r = byName.get(p.nameZh)!;
      const v = s.villages.find((x) => x.id === p.villageId)!;
      expect(r).toEqual({
        row: expect.any(Number), village: v.nameZh, project: p.nameZh, kind: p.kind, landAreaM2: p.landAreaM2 === null ? null : expect.any(Number),
        plannedFloorAreaM2: p.plannedFloorAreaM2, investmentYuan: p.investmentYuan, developer: p.developer, constructionEntity: p.constructionEntity,
        plannedStart: day(p.plannedStart), plannedCompletion: p.plannedCompletion === null ? null : { date: p.plannedCompletion, precision: p.plannedCompletionPrecision },
        district: s.districts.find((d) => d.id === v.districtId)!.nameZh,
        // read by an import, never written by an export
        targetReason: null,
      });
      // what the importer compares land with: equal within float noise
      if (p.landAreaM2 !== null) expect(sameNumber(r.landAreaM2, p.landAreaM2)).toBe(true);
    }
  });

  test.each(['zh', 'en'] as const)('buildings (%s)', (lang) => {
    const s = model();
    const rows = reimport(s, 'buildings', lang) as BuildingImportRow[];
    // in export order: buildings 22 and 21 of batch 12, 23 of batch 11, batch 13 alone, 24 of batch 14
    const inOrder = [22, 21, 23, null, 24].map((id) => (id === null ? null : s.buildings.find((b) => b.id === id)!));
    expect(rows).toHaveLength(inOrder.length);
    rows.forEach((r, i) => {
      const b = inOrder[i]!;
      const of = s.batches.find((x) => x.id === (b?.batchId ?? 13))!;
      const p = s.projects.find((x) => x.id === of.projectId)!;
      expect(r).toMatchObject({
        project: p.nameZh, batch: of.nameZh,
        targetDeliveryDate: of.targetDeliveryDate === null ? null : { date: of.targetDeliveryDate, precision: of.targetPrecision },
      });
      // the batch without buildings comes back as its target and nothing of a building
      expect(r).toMatchObject(b === null
        ? { building: null, floorAreaM2: null, floors: null, units: null, stage: null, stageDate: null }
        : { building: b.code, floorAreaM2: b.floorAreaM2, floors: b.floors, units: b.dwellingUnits, stage: b.stage, stageDate: day(b.stageDate) });
    });
  });

  test.each(['zh', 'en'] as const)('reports (%s)', (lang) => {
    const s = model();
    const rows = reimport(s, 'reports', lang) as ReportImportRow[];
    // by date, then id: reports 2, 1, 3, 4
    expect(rows.map((r) => [r.scopeType, r.scope, r.asOf])).toEqual([
      ['village', '赵村', '2023-12-31'], ['district', '高新区', '2024-03-31'], ['project', '赵村/赵村一期', '2024-03-31'], ['village', '南村', '2024-06-30'],
    ]);
    const byId = [2, 1, 3, 4].map((id) => s.reports.find((x) => x.id === id)!);
    rows.forEach((r, i) => {
      const m = byId[i]!;
      expect(r).toMatchObject({
        plannedAreaM2: m.plannedAreaM2, startedAreaM2: m.startedAreaM2, deliveredAreaM2: m.deliveredAreaM2, peopleEntitled: m.peopleEntitled,
        peopleReturned: m.peopleReturned, householdsEntitled: m.householdsEntitled, householdsReturned: m.householdsReturned,
        publishedStartRate: m.publishedStartRate, publishedDeliveryRate: m.publishedDeliveryRate, publishedReturnRate: m.publishedReturnRate,
        source: m.sourceId === null ? null : s.sources.find((x) => x.id === m.sourceId)!.title, correctionReason: m.isCorrection ? m.correctionReason : null,
      });
    });
  });
});

// The model → the three spreadsheet tables, in the shape the importer reads, so that an export
// imports back unchanged. Pure; writing CSV or XLSX is the services' job.
import type { ModelSnapshot } from './entities';
import { formatMu, formatPeriod, withoutNoise } from './import-cells';
import { BASIS_NAMES_ZH, KIND_NAMES_ZH, PAID_UNTIL_NAMES_ZH, SCOPE_NAMES_ZH, TABLES, headerOf, type TableName } from './import-tables';
import type { AllowanceRule } from './allowance';
import { STAGE_NAMES_ZH } from './stages';
import type { StoredHouseholds } from './import-plan-households';

export type OutCell = string | number | null;

export interface TableOut {
  table: TableName;
  /** Sheet name in a workbook (and the file name stem of a CSV). */
  sheet: string;
  headers: string[];
  rows: OutCell[][];
}

export type ExportLang = 'zh' | 'en';

const SHEETS: Record<ExportLang, Record<TableName, string>> = {
  zh: { projects: '项目', buildings: '楼栋', reports: '报送', households: '回迁户数', allowance_rules: '过渡费标准' },
  en: { projects: 'projects', buildings: 'buildings', reports: 'reports', households: 'households', allowance_rules: 'allowance_rules' },
};

/** `extras`: what the model snapshot does not hold, the batches' household records and the allowance rules. */
export function exportTable(s: ModelSnapshot, table: TableName, lang: ExportLang, extras: { households?: readonly StoredHouseholds[]; rules?: readonly AllowanceRule[] } = {}): TableOut {
  const ids = TABLES[table].columns.filter((c) => !c.importOnly).map((c) => c.id);
  const rows = table === 'households' ? householdRows(s, extras.households ?? [])
    : table === 'allowance_rules' ? ruleRows(s, extras.rules ?? [], lang)
    : (table === 'projects' ? projectRows : table === 'buildings' ? buildingRows : reportRows)(s, lang);
  return { table, sheet: SHEETS[lang][table], headers: ids.map((id) => headerOf(table, id, lang)), rows: rows.map((r) => ids.map((id) => r[id] ?? null)) };
}

function names(s: ModelSnapshot) {
  const district = new Map(s.districts.map((d) => [d.id, d]));
  const village = new Map(s.villages.map((v) => [v.id, v]));
  const project = new Map(s.projects.map((p) => [p.id, p]));
  const order = new Map(
    [...s.projects]
      .sort((a, b) => village.get(a.villageId)!.districtId - village.get(b.villageId)!.districtId || a.villageId - b.villageId || a.id - b.id)
      .map((p, i) => [p.id, i]),
  );
  return { district, village, project, order };
}

type Row = Record<string, OutCell>;

const rate = (r: number | null): number | null => (r === null ? null : withoutNoise(r));

function projectRows(s: ModelSnapshot, lang: ExportLang): Row[] {
  const n = names(s);
  return [...s.projects]
    .sort((a, b) => n.order.get(a.id)! - n.order.get(b.id)!)
    .map((p) => {
      const v = n.village.get(p.villageId)!;
      return {
        village: v.nameZh, project: p.nameZh, kind: lang === 'zh' ? KIND_NAMES_ZH[p.kind] : p.kind,
        land_area_mu: p.landAreaM2 === null ? null : Number(formatMu(p.landAreaM2)),
        planned_floor_area_m2: p.plannedFloorAreaM2, investment_yuan: p.investmentYuan, developer: p.developer,
        construction_entity: p.constructionEntity, planned_start: p.plannedStart,
        planned_completion: formatPeriod(p.plannedCompletion, p.plannedCompletionPrecision),
        district: n.district.get(v.districtId)?.nameZh ?? null,
      };
    });
}

function buildingRows(s: ModelSnapshot, lang: ExportLang): Row[] {
  const n = names(s);
  const buildings = new Map<number, typeof s.buildings>();
  for (const b of s.buildings) {
    if (!buildings.has(b.batchId)) buildings.set(b.batchId, []);
    buildings.get(b.batchId)!.push(b);
  }
  const batches = [...s.batches].sort((a, b) => n.order.get(a.projectId)! - n.order.get(b.projectId)! || a.sequence - b.sequence);
  return batches.flatMap((batch) => {
    const p = n.project.get(batch.projectId)!;
    const v = n.village.get(p.villageId)!;
    const common = {
      village: v.nameZh, project: p.nameZh, batch: batch.nameZh,
      target_delivery_date: formatPeriod(batch.targetDeliveryDate, batch.targetPrecision),
      district: n.district.get(v.districtId)?.nameZh ?? null,
    };
    // Stryker disable next-line ArrayDeclaration: equivalent, a made-up element has no fields and every missing field is written empty
    const own = [...(buildings.get(batch.id) ?? [])].sort((a, b) => a.seq - b.seq);
    // A batch without buildings still gets a row, so that its target date survives a round trip.
    if (own.length === 0) return [common];
    return own.map((b) => ({
      ...common, building: b.code, floor_area_m2: b.floorAreaM2, floors: b.floors, units: b.dwellingUnits,
      stage: lang === 'zh' ? STAGE_NAMES_ZH[b.stage] : b.stage, stage_date: b.stageDate,
    }));
  });
}

function householdRows(s: ModelSnapshot, records: readonly StoredHouseholds[]): Row[] {
  const n = names(s);
  const batch = new Map(s.batches.map((b) => [b.id, b]));
  const rows = records.flatMap((r) => {
    const b = batch.get(r.batchId);
    const p = b ? n.project.get(b.projectId) : undefined;
    const v = p ? n.village.get(p.villageId) : undefined;
    return b && p && v ? [{ r, b, p, v }] : [];
  });
  return rows
    .sort((x, y) => n.order.get(x.p.id)! - n.order.get(y.p.id)! || x.b.sequence - y.b.sequence || (x.r.asOf < y.r.asOf ? -1 : x.r.asOf > y.r.asOf ? 1 : 0))
    .map(({ r, b, p, v }) => ({
      village: v.nameZh, project: p.nameZh, batch: b.nameZh, as_of: r.asOf, households: r.households, allocated: r.allocated, notices: r.notices,
      handed_over: r.handedOver, moved_in: r.movedIn, certificates: r.certificates, district: n.district.get(v.districtId)?.nameZh ?? null,
    }));
}

function ruleRows(s: ModelSnapshot, rules: readonly AllowanceRule[], lang: ExportLang): Row[] {
  const district = new Map(s.districts.map((d) => [d.id, d.nameZh]));
  return [...rules]
    .sort((a, b) => a.districtId - b.districtId || (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0) || a.afterMonths - b.afterMonths)
    .map((r) => ({
      district: district.get(r.districtId) ?? null, effective_from: r.effectiveFrom, basis: lang === 'zh' ? BASIS_NAMES_ZH[r.basis] : r.basis,
      amount_yuan: r.amountYuan, min_area_m2: r.minAreaM2, after_months: r.afterMonths, multiplier: r.multiplier,
      paid_until: lang === 'zh' ? PAID_UNTIL_NAMES_ZH[r.paidUntil] : r.paidUntil,
    }));
}

function reportRows(s: ModelSnapshot, lang: ExportLang): Row[] {
  const n = names(s);
  const title = new Map(s.sources.map((x) => [x.id, x.title]));
  return [...s.reports]
    .sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : a.id - b.id))
    .map((r) => {
      let scope: string;
      let districtId: number | undefined;
      if (r.scopeType === 'district') {
        scope = n.district.get(r.scopeId)?.nameZh ?? '';
        districtId = r.scopeId;
      } else if (r.scopeType === 'village') {
        const v = n.village.get(r.scopeId);
        scope = v?.nameZh ?? '';
        districtId = v?.districtId;
      } else {
        const p = n.project.get(r.scopeId);
        const v = p ? n.village.get(p.villageId) : undefined;
        scope = `${v?.nameZh ?? ''}/${p?.nameZh ?? ''}`;
        districtId = v?.districtId;
      }
      return {
        scope_type: lang === 'zh' ? SCOPE_NAMES_ZH[r.scopeType] : r.scopeType, scope, as_of: r.asOf,
        started_area_m2: r.startedAreaM2, delivered_area_m2: r.deliveredAreaM2, people_entitled: r.peopleEntitled,
        people_returned: r.peopleReturned, households_entitled: r.householdsEntitled, households_returned: r.householdsReturned,
        // a rate typed as 57.7% was stored as 57.7 / 100 = 0.5770000000000001 before the parsers removed the noise
        published_start_rate: rate(r.publishedStartRate), published_delivery_rate: rate(r.publishedDeliveryRate),
        // Stryker disable next-line ConditionalExpression: equivalent, title.get(null) is undefined and so written empty
        published_return_rate: rate(r.publishedReturnRate), source: r.sourceId === null ? null : title.get(r.sourceId) ?? null,
        planned_area_m2: r.plannedAreaM2, correction_reason: r.isCorrection ? r.correctionReason : null,
        // Stryker disable next-line ConditionalExpression: equivalent, n.district.get(undefined) is undefined and so written empty
        district: districtId === undefined ? null : n.district.get(districtId)?.nameZh ?? null,
      };
    });
}

// Exports of the three tables (staff) in the importer's own shape, audited like every export.
import type { Db } from '../db/create-db';
import { exportTable, type ExportLang, type TableOut } from '../domain/export-rows';
import type { TableName } from '../domain/import-tables';
import { loadCatalogue } from '../repositories/catalogue.repository';
import { allHouseholdRecords, allowanceRules } from '../repositories/household.repository';
import { audit, type Actor } from './audit.service';
import { toCsv, toXlsx } from './import/write-table';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFile {
  body: Buffer;
  filename: string;
  contentType: string;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One table as CSV, or one or more tables as sheets of one workbook. */
export async function exportTables(db: Db, actor: Actor, o: { tables: readonly TableName[]; format: ExportFormat; lang: ExportLang; asOf: string }): Promise<ExportFile> {
  const snapshot = await loadCatalogue(db);
  const extras = {
    households: o.tables.includes('households') ? await allHouseholdRecords(db) : [],
    rules: o.tables.includes('allowance_rules') ? await allowanceRules(db) : [],
  };
  const tables: TableOut[] = o.tables.map((t) => exportTable(snapshot, t, o.lang, extras));
  const stem = o.tables.length === 1 ? o.tables[0]! : 'tracker';
  const file: ExportFile = o.format === 'csv'
    ? { body: toCsv(tables[0]!.headers, tables[0]!.rows), filename: `${stem}-${o.asOf}.csv`, contentType: 'text/csv; charset=utf-8' }
    : { body: await toXlsx(tables), filename: `${stem}-${o.asOf}.xlsx`, contentType: XLSX_TYPE };
  await audit(db, actor, {
    action: 'export', objectType: 'export',
    after: { format: o.format, lang: o.lang, rows: Object.fromEntries(tables.map((t) => [t.table, t.rows.length])) },
  });
  return file;
}

/** The public figures file: anyone may download it, and each download is recorded like any export. */
export async function auditPublicExport(db: Db, actor: Actor, rows: number): Promise<void> {
  await audit(db, actor, { action: 'export', objectType: 'export', after: { format: 'csv', table: 'public', rows } });
}

/** An official's export of one district's dashboard (its late list and costs). */
export async function auditDashboardExport(db: Db, actor: Actor, districtId: number | null, rows: number): Promise<void> {
  await audit(db, actor, { action: 'export', objectType: 'export', after: { format: 'csv', table: 'dashboard', district: districtId, rows } });
}

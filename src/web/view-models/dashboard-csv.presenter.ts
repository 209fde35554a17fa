// The officials' export: the dashboard's list of what is overdue or at risk in one district, with
// the cost of delay, as a CSV in the reader's language. Only what the dashboard shows (allow-listed
// here: no notes, no staff names, no personal data; households are counts). Rates are fractions 0–1.
import type { OutCell } from '../../domain/export-rows';
import { formatPeriod } from '../../domain/import-cells';
import type { DashboardVm } from './dashboard.vm';
import type { T } from './dashboard-links';

const COLUMNS = [
  'village', 'project', 'item', 'status', 'target', 'daysLate', 'originalTarget', 'daysLateOriginal', 'forecast', 'progress', 'households', 'costYuan',
  'lastUpdate', 'demo',
] as const;

const fraction = (n: number | null): number | null => (n === null || !Number.isFinite(n) ? null : Math.round(n * 10000) / 10000);

export function dashboardCsvTable(vm: DashboardVm, t: T): { headers: string[]; rows: OutCell[][] } {
  const rows: OutCell[][] = vm.late.map((x) => [
    x.village.name, x.project.name, x.kind === 'batch' ? x.item.name : t('dashCsv.wholeProject'), t(x.status === 'slipped' ? 'dash.late.slipped' : `status.${x.status}`),
    formatPeriod(x.targetDate, x.targetPrecision), x.daysLate,
    x.original ? formatPeriod(x.original.targetDate, x.original.targetPrecision) : null, x.original?.daysLate ?? null, x.forecast.kind === 'forecast' ? x.forecast.date : null,
    fraction(x.progress), x.households, x.costOfDelay?.costYuan ?? null, x.lastUpdate, t(x.item.isDemo ? 'exporter.yes' : 'exporter.no'),
  ]);
  return { headers: COLUMNS.map((c) => t(`dashCsv.col.${c}`)), rows };
}

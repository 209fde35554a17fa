// Chart series for Chart.js, built on the server and handed to the page as escaped JSON.
import { STAGES } from '../../domain/types';
import type { ScopeFigures } from '../../domain/types';
import type { Village } from '../../domain/entities';
import type { Formatter } from '../format';
import type { Lookup } from './lookup';

type T = (key: string, opts?: Record<string, unknown>) => string;

export interface ChartSpec {
  type: 'bar' | 'line' | 'doughnut';
  /** Axis and tooltip unit: `percent` charts take fractions and show 0–100 %. */
  unit: 'percent' | 'm2' | 'buildings';
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
  /** A line that holds its value until the next point (a cumulative count), instead of running straight between points. */
  stepped?: boolean;
}

/** Buildings by stage, by floor area where every area is known, by count otherwise. */
export function stageChart(f: ScopeFigures, t: T): ChartSpec {
  const byArea = f.progressBasis === 'area';
  return {
    type: 'bar',
    unit: byArea ? 'm2' : 'buildings',
    labels: STAGES.map((s) => t(`stage.${s}`)),
    datasets: [{
      label: byArea ? t('chart.areaByStage') : t('chart.buildingsByStage'),
      data: STAGES.map((s) => (byArea ? f.stageDistribution[s].areaM2 : f.stageDistribution[s].buildings)),
    }],
  };
}

export function villageRatesChart(villages: readonly Village[], lookup: Lookup, t: T, nameOf: (v: Village) => string): ChartSpec {
  const figs = villages.map((v) => lookup.figures.villages.get(v.id)!.figures);
  return {
    type: 'bar',
    unit: 'percent',
    labels: villages.map(nameOf),
    datasets: [
      { label: t('figure.constructionProgress'), data: figs.map((f) => f.constructionProgress) },
      { label: t('figure.startRate'), data: figs.map((f) => f.startRate) },
      { label: t('figure.deliveryRate'), data: figs.map((f) => f.deliveryRate) },
    ],
  };
}

/** Buildings due for delivery by each target date against buildings actually delivered, cumulative. */
export function deliveriesChart(villages: readonly Village[], lookup: Lookup, t: T, fmt: Formatter): ChartSpec {
  const due = new Map<string, number>();
  const done = new Map<string, number>();
  for (const v of villages) {
    for (const p of lookup.projectsOf.get(v.id) ?? []) {
      for (const b of lookup.batchesOf.get(p.id) ?? []) {
        const s = lookup.figures.batches.get(b.id)!;
        const n = s.figures.buildingCount;
        if (b.targetDeliveryDate) due.set(b.targetDeliveryDate, (due.get(b.targetDeliveryDate) ?? 0) + n);
        if (s.deadline.deliveredOn) done.set(s.deadline.deliveredOn, (done.get(s.deadline.deliveredOn) ?? 0) + n);
      }
    }
  }
  const dates = [...new Set([...due.keys(), ...done.keys()])].sort();
  let dueSum = 0;
  let doneSum = 0;
  return {
    type: 'line',
    unit: 'buildings',
    stepped: true,
    labels: dates.map((d) => fmt.date(d, 'month')),
    datasets: [
      { label: t('chart.buildingsDue'), data: dates.map((d) => (dueSum += due.get(d) ?? 0)) },
      { label: t('chart.buildingsDelivered'), data: dates.map((d) => (doneSum += done.get(d) ?? 0)) },
    ],
  };
}

export function historyChart(points: readonly { date: string; progress: number }[], t: T, fmt: Formatter): ChartSpec {
  return {
    type: 'line',
    unit: 'percent',
    labels: points.map((p) => fmt.date(p.date)),
    datasets: [{ label: t('figure.constructionProgress'), data: points.map((p) => p.progress) }],
  };
}

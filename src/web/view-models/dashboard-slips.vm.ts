// The dashboard's slips: every target put back (or withdrawn) in the district, by the reporting period
// (quarter) it was changed in, with its reason, as the NYC capital-projects dashboard's variance report
// lists schedule changes per period. Who recorded each change is shown to officials, not publicly.
import type { Village } from '../../domain/entities';
import { slipsByPeriod, targetHistory, type Period, type TargetPoint, type TargetStep } from '../../domain/target-history';
import type { IsoDate } from '../../domain/types';
import { batchHref, projectHref, villageHref, type LinkVm, type NameOf } from './dashboard-links';
import type { Lookup } from './lookup';

export interface SlipRowVm extends TargetStep {
  kind: 'batch' | 'project';
  item: LinkVm;
  project: LinkVm;
  village: LinkVm;
  /** The first target ever entered for the item. */
  original: TargetPoint | null;
}

export interface SlipPeriodVm {
  period: Period;
  rows: SlipRowVm[];
  daysMoved: number;
}

interface Key {
  kind: SlipRowVm['kind'];
  item: LinkVm;
  project: LinkVm;
  village: LinkVm;
  original: TargetPoint | null;
}

const point = (date: IsoDate | null, precision: TargetPoint['precision'] | null): TargetPoint | null => (date === null ? null : { date, precision: precision ?? 'day' });

export function slipsVm(villages: readonly Village[], lookup: Lookup, nameOf: NameOf): SlipPeriodVm[] {
  const link = (x: { id: number; nameZh: string; nameEn: string | null }, href: string, isDemo: boolean): LinkVm => ({ id: x.id, name: nameOf(x), href, isDemo });
  const histories: { key: Key; history: ReturnType<typeof targetHistory> }[] = [];
  for (const v of villages) {
    const village = link(v, villageHref(v.id), v.isDemo);
    for (const p of lookup.projectsOf.get(v.id) ?? []) {
      const project = link(p, projectHref(p.id), p.isDemo || v.isDemo);
      const own = lookup.revisionsOf('project', p.id);
      if (own.length) {
        const original = point(p.baselineCompletion, p.baselineCompletionPrecision);
        histories.push({ key: { kind: 'project', item: project, project, village, original }, history: targetHistory(original, { date: p.plannedCompletion, precision: p.plannedCompletionPrecision }, own) });
      }
      for (const b of lookup.batchesOf.get(p.id) ?? []) {
        const revisions = lookup.revisionsOf('batch', b.id);
        if (!revisions.length) continue;
        const original = point(b.baselineTargetDate, b.baselineTargetPrecision);
        histories.push({
          key: { kind: 'batch', item: link(b, batchHref(b.id), project.isDemo), project, village, original },
          history: targetHistory(original, { date: b.targetDeliveryDate, precision: b.targetPrecision }, revisions),
        });
      }
    }
  }
  return slipsByPeriod(histories, lookup.figures.asOf).map((p) => ({
    period: p.period,
    daysMoved: p.daysMoved,
    rows: p.slips.map(({ key, ...step }) => ({ ...step, ...key })),
  }));
}

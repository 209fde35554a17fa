// The one sentence a page is shared with (WeChat and others read `description` and Open Graph):
// what it is and how it stands, in the page's language ("第一批 8栋：园建配套，原定2023年底交付，已逾期").
import type { Formatter } from '../format';
import type { BatchRowVm, ProjectVm, VillageVm } from './detail.vm';
import type { BuildingVm } from './building.vm';
import type { NameOf } from './dashboard-links';
import type { OverviewVm } from './overview.vm';
import type { StatusVm } from './status.vm';

type T = (key: string, opts?: Record<string, unknown>) => string;

/** 已交付（日期） / 在建，已逾期 / 已暂停: the badge's words in a sentence. */
function statusWords(s: StatusVm, t: T, fmt: Formatter): string {
  if (s.word === 'delivered') return t('derivedStatus.deliveredOn', { date: fmt.date(s.deliveredOn) });
  const word = t(s.label);
  return s.deadline.status && s.deadline.status !== 'delivered' ? `${word}${t('share.sep')}${t(`share.deadline.${s.deadline.status}`)}` : word;
}

/** A batch: its buildings and where they stand, its original target, how it stands. */
export function batchShare(b: BatchRowVm, t: T, fmt: Formatter, nameOf: NameOf): string {
  const stages = Object.entries(b.stages);
  const at = stages.length === 0 ? t('batch.noBuildings')
    : stages.length === 1 ? t(`stage.${stages[0]![0]}`)
      : stages.map(([s, n]) => `${t(`stage.${s}`)} ${fmt.count(n, 'buildings')}`).join(t('share.listSep'));
  const original = b.target.original?.date ? b.target.original : b.target.current.date ? b.target.current : null;
  const due = original ? t('share.due', { date: fmt.date(original.date, original.precision) }) : t('status.noTarget');
  return t('share.batch', { name: nameOf(b.batch), buildings: fmt.count(b.buildings.length, 'buildings'), at, due, status: statusWords(b.status, t, fmt) });
}

export function buildingShare(vm: BuildingVm, t: T, fmt: Formatter, nameOf: NameOf): string {
  const g = vm.building;
  return t('share.building', { name: g.code ?? t('building.unnamed', { n: g.seq }), stage: t(`stage.${g.stage}`), batch: batchShare(vm.row, t, fmt, nameOf) });
}

export function projectShare(vm: ProjectVm, t: T, fmt: Formatter, nameOf: NameOf): string {
  return t('share.project', { name: nameOf(vm.project), status: statusWords(vm.status, t, fmt), batches: fmt.number(vm.batches.length), count: vm.batches.length, progress: fmt.rate(vm.summary.figures.constructionProgress) });
}

export function villageShare(vm: VillageVm, t: T, fmt: Formatter, nameOf: NameOf): string {
  return t('share.village', { name: nameOf(vm.village), projects: fmt.number(vm.projects.length), count: vm.projects.length, progress: fmt.rate(vm.summary.figures.constructionProgress) });
}

export function overviewShare(vm: OverviewVm, t: T, fmt: Formatter, nameOf: NameOf): string | null {
  if (!vm.district || !vm.summary) return null;
  const c = vm.summary.deadlineCounts;
  return t('share.district', { name: nameOf(vm.district), villages: fmt.number(vm.villages.length), projects: fmt.number(vm.villages.reduce((n, v) => n + v.projectCount, 0)), overdue: fmt.number(c.overdue), delivered: fmt.number(c.delivered) });
}

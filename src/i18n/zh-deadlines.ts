// Simplified Chinese for deadlines that keep their history (target revisions): public pages, the
// dashboard's slips list. Field names, hints and messages of the forms are in zh-staff.ts.
export const zhDeadlines = {
  deadline: {
    story: '原定 {{original}} → 现定 {{current}}',
    noCurrent: '暂无',
    postponedOnce: '推迟 1 次',
    postponedMany: '推迟 {{n}} 次',
    changedMany: '改期 {{n}} 次，其中推迟 {{p}} 次',
    changedNone: '改期 {{n}} 次，未推迟',
    reasons: '原因：{{reasons}}',
    sep: '，',
    reasonSep: '；',
    open: '（',
    close: '）',
    against: '按原定目标：',
    againstCurrent: '按现定目标：',
    revisions: '改期记录（{{n}} 次）',
    step: '{{date}}：{{from}} → {{to}}',
    moved: { later: '推迟 {{days}} 天', earlier: '提前 {{days}} 天', reworded: '日期未变，改了精度', withdrawn: '撤销了目标日期', set: '重新定了目标' },
    stepReason: '原因：{{reason}}',
    certainty: { confirmed: '已确认', planned: '计划', estimated: '预计' },
  },
  slips: {
    title: '延期情况（按季度）',
    intro: '每次把目标日期推后都要写明原因。这里按改期的时间，逐季列出推迟的批次和项目、推迟了多少天和原因。',
    empty: '本区还没有推迟过目标日期。',
    period: '{{year}}年第{{q}}季度',
    periodSummary: '推迟 {{n}} 次，合计 {{days}} 天',
    scope: '批次或项目', from: '原目标', to: '新目标', days: '推迟', reason: '原因', on: '改期日期', original: '原定',
  },
};

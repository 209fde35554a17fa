// The sentence a page is shared with (description, Open Graph), in Chinese.
export const zhShare = {
  share: {
    site: '城中村改造和回迁安置的进度：每个村、项目、批次和楼栋的施工阶段、交付时间和回迁情况，数字都注明来源和日期。',
    sep: '，',
    listSep: '、',
    deadline: { on_track: '按计划', at_risk: '有延期风险', overdue: '已逾期' },
    due: '原定{{date}}交付',
    batch: '{{name}} {{buildings}}：{{at}}，{{due}}，{{status}}',
    building: '{{name}}：{{stage}}。{{batch}}',
    project: '{{name}}：{{status}}，{{batches}} 个批次，建设进度 {{progress}}',
    village: '{{name}}：{{projects}} 个项目，建设进度 {{progress}}',
    district: '{{name}}：{{villages}} 个村、{{projects}} 个项目；已逾期 {{overdue}} 批，已交付 {{delivered}} 批',
  },
};

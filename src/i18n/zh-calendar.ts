// Calendar files (GET /calendar/<scope>/<id>.ics), in Chinese.
export const zhCalendar = {
  calendar: {
    name: '{{name}} · 交付目标',
    description: '{{name}}的目标交付日期；改期后，订阅的日历会随之更新。',
    batch: '{{project}} {{batch}}',
    target: '{{name}}：目标交付',
    delivered: '{{name}}：已交付',
    current: '目标交付：{{date}}',
    original: '原定目标：{{date}}',
    revised: '已改期 {{n}} 次。最近一次（{{date}}）的原因：{{reason}}',
    deliveredOn: '已于 {{date}} 交付。',
    page: '详情：{{url}}',
    add: '加入日历（.ics）',
  },
};

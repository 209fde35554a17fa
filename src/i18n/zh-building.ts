// A building's own page (GET /buildings/:id), in Chinese.
export const zhBuilding = {
  buildingPage: {
    inBatch: '属于 {{batch}}',
    lead: '现在处于“{{stage}}”阶段（{{since}}起）。',
    leadNoDate: '现在处于“{{stage}}”阶段，达到的日期没有公布。',
    leadPlanned: '还没有开工的记录。',
    ladder: '施工阶段',
    reachedOn: '{{date}} 达到',
    reachedNoDate: '已达到，日期未公布',
    start: '起点：登记后、开工前',
    notYet: '尚未达到',
    here: '现在在这一阶段',
    batch: '所属批次：交付时间和进度',
    batchLead: '交付时间按批次定：本楼随 {{batch}} 一起交付。',
    events: '本楼的施工节点记录',
    eventsEmpty: '本楼还没有施工节点记录。',
    eventsMore: '只列出最近 {{shown}} 条（共 {{n}} 条）。',
    event: '达到“{{stage}}”',
    correction: '更正',
    batchRecords: '本批次的全部记录',
  },
};

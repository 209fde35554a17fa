// Search (GET /search), in Chinese.
export const zhSearch = {
  search: {
    title: '搜索',
    label: '搜索村、项目、批次或楼号',
    placeholder: '村名、项目、楼号或拼音，如 zc',
    submit: '搜索',
    hint: '输入村名、项目名、批次或楼号都可以，也可以输入拼音或拼音首字母，例如“zhaocun”或“zc”都能找到赵村。几个词之间用空格隔开，例如“赵村 第一批”。',
    none: '没有找到与“{{q}}”有关的村、项目、批次或楼栋。',
    tryThis: '可以试试：只输入村名（如“赵村”）、拼音首字母（如“zc”）、楼号（如“3号楼”），或把字词分开输入。',
    found: '共找到 {{n}} 个结果。',
    group: { districts: '区', villages: '村', projects: '项目', batches: '批次', buildings: '楼栋' },
    more: '只列出最相关的 {{shown}} 个（共 {{n}} 个）；多输入几个字，结果会更准确。',
    target: '目标交付：{{date}}',
    since: '{{date}} 起',
    districtCounts: '{{villages}} 个村，{{projects}} 个项目',
    villageCounts: '{{projects}} 个项目',
    villageIndex: '本区各村（{{n}} 个）',
    tooLong: '太长了，请少于 {{n}} 个字。',
  },
};

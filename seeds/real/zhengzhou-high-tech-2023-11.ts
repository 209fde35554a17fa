// The real starting data set: one newspaper report, every figure as the source gives it and nothing
// more. Source text: the renewal article ("按下群众回迁安置'快进键' 赵村城中村改造配套项目开工"),
// third article of a Zhengzhou High-tech Zone newspaper page from November 2023 (the page carries
// no printed date; its latest event is 10 November 2023, the figures are "as of" the 8 November
// ground-breaking). Per-building floor areas, building numbers and people per village are not in
// the source and are left unknown, not guessed.

export const SOURCE = {
  kind: 'newspaper' as const,
  // The stored copy of the page does not name the newspaper; the byline is left out on purpose.
  title: "按下群众回迁安置'快进键' 赵村城中村改造配套项目开工",
  publisher: null,
  publishedOn: '2023-11-10',
  excerpt:
    '截至目前,累计开工建设安置房约1474万平方米,开工率达96%;累计竣工交付安置房约1157万平方米,竣工交付率达76%;' +
    '累计实现了约10.87万名群众回迁入住,群众回迁率达96%。……第一批8栋楼正在进行园建、配套等扫尾工作,有望年底实现交付……' +
    '第二批7栋楼部分主体封顶,力争2024年交付使用。……占地38.16亩,规划建设安置房10.18万平方米,总投资约9亿元。',
  note:
    'Newspaper page without a printed date; the same page reports an event of 2023-11-10, so it was published on or after that day. ' +
    'The figures are "截至目前" at the 2023-11-08 ground-breaking ceremony.',
};

export const REPORT_DATE = '2023-11-08';

export const DISTRICT = { nameZh: '郑州高新技术产业开发区', nameEn: 'Zhengzhou High-tech Zone' };

export const DISTRICT_REPORT = {
  asOf: REPORT_DATE,
  startedAreaM2: 14_740_000,
  deliveredAreaM2: 11_570_000,
  peopleReturned: 108_700,
  publishedStartRate: 0.96,
  publishedDeliveryRate: 0.76,
  publishedReturnRate: 0.96,
  // One note per language. Our own words use Chinese punctuation; the excerpt above quotes the source as printed.
  note: '累计数据（自2008年起），均为约数。',
  noteEn: 'Cumulative since 2008; all figures approximate ("约").',
};

export const VILLAGE = {
  nameZh: '赵村',
  nameEn: 'Zhao village',
  note: '高新区最后一个启动改造的行政村。来源未给出应回迁户数和人数。',
  noteEn: 'The zone\'s last village to be renewed. Households and people entitled are not given in the source.',
};

export const RESETTLEMENT_PROJECT = {
  nameZh: '赵村城中村改造安置住宅',
  nameEn: 'Zhao village resettlement housing',
  kind: 'resettlement' as const,
  status: 'under_construction' as const,
  note: '来源未给出占地、面积、投资与开工日期。',
  noteEn: 'Land, floor area, investment and start date are not in the source.',
  batches: [
    {
      sequence: 1,
      nameZh: '第一批',
      nameEn: 'Batch 1',
      buildings: 8,
      stage: 'landscaping' as const,
      targetDeliveryDate: '2023-12-31',
      targetPrecision: 'year' as const,
      // 年底: the end of 2023, the year of the November 2023 article
      note: '正在进行园建、配套等扫尾工作，有望2023年底实现交付。',
      noteEn: 'Landscaping and ancillary finishing under way; delivery hoped for by the end of 2023.',
    },
    {
      sequence: 2,
      nameZh: '第二批',
      nameEn: 'Batch 2',
      buildings: 7,
      stage: 'structure' as const,
      targetDeliveryDate: '2024-12-31',
      targetPrecision: 'year' as const,
      note: '部分主体封顶（来源未说明是哪几栋，因此每栋都记为“主体施工”）。',
      noteEn: 'Some buildings topped out; the source does not say which, so each stands at the structure stage.',
    },
  ],
};

export const COLLECTIVE_PROJECT = {
  nameZh: '赵村城中村改造配套集体经济适用房项目',
  nameEn: 'Zhao village supporting collective affordable housing',
  kind: 'collective_affordable' as const,
  status: 'under_construction' as const,
  // 38.16 亩 × 10000/15 m² per 亩 = 25440 m²
  landAreaM2: 25_440,
  plannedFloorAreaM2: 101_800,
  investmentYuan: 900_000_000,
  developer: '郑州高新城市建设集团有限公司',
  constructionEntity: '郑高展置业有限公司',
  actualStart: '2023-11-08',
  plannedCompletion: '2025-12-31',
  plannedCompletionPrecision: 'month' as const,
  note: '占地38.16亩；总投资约9亿元；来源未逐栋列出楼栋。',
  noteEn: '38.16 mu of land; investment about 0.9 billion yuan; the source does not list the buildings one by one.',
};

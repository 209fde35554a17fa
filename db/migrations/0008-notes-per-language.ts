import { Kysely } from 'kysely';

// A note in each language, as names already are: `note` is the Chinese note, `note_en` the English
// one. The starting data set wrote both languages into one note ("…有望年底实现交付。Landscaping and
// …"); those notes, recognised by their exact text, are split here (and 年底 gets its year, 2023, from
// the November 2023 source). Any other note is left as it is. Frozen in time.

const TABLES = ['villages', 'projects', 'batches', 'progress_reports'] as const;

/** [table, the combined note as seeded, Chinese, English] */
const SPLITS: [string, string, string, string][] = [
  ['progress_reports', '累计数据(自2008年起),均为约数。Cumulative since 2008; all figures approximate ("约").',
    '累计数据（自2008年起），均为约数。', 'Cumulative since 2008; all figures approximate ("约").'],
  ['villages', '高新区最后一个启动改造的行政村。The zone\'s last village to be renewed. Households and people entitled are not given in the source.',
    '高新区最后一个启动改造的行政村。来源未给出应回迁户数和人数。', 'The zone\'s last village to be renewed. Households and people entitled are not given in the source.'],
  ['projects', '来源未给出占地、面积、投资与开工日期。Land, floor area, investment and start date are not in the source.',
    '来源未给出占地、面积、投资与开工日期。', 'Land, floor area, investment and start date are not in the source.'],
  ['batches', '正在进行园建、配套等扫尾工作,有望年底实现交付。Landscaping and ancillary finishing; delivery hoped for by the end of 2023.',
    '正在进行园建、配套等扫尾工作，有望2023年底实现交付。', 'Landscaping and ancillary finishing under way; delivery hoped for by the end of 2023.'],
  ['batches', '部分主体封顶(来源未说明是哪几栋)。Some buildings topped out; the source does not say which, so each stands at the structure stage.',
    '部分主体封顶（来源未说明是哪几栋，因此每栋都记为“主体施工”）。', 'Some buildings topped out; the source does not say which, so each stands at the structure stage.'],
  ['projects', '占地38.16亩;总投资约9亿元;楼栋尚未逐栋登记。38.16 mu of land; investment about 0.9 billion yuan; buildings not itemised in the source.',
    '占地38.16亩；总投资约9亿元；来源未逐栋列出楼栋。', '38.16 mu of land; investment about 0.9 billion yuan; the source does not list the buildings one by one.'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const t of TABLES) await db.schema.alterTable(t).addColumn('note_en', 'text').execute();
  for (const [table, both, zh, en] of SPLITS) {
    await db.updateTable(table).set({ note: zh, note_en: en }).where('note', '=', both).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, both, zh] of SPLITS) await db.updateTable(table).set({ note: both }).where('note', '=', zh).execute();
  for (const t of TABLES) await db.schema.alterTable(t).dropColumn('note_en').execute();
}

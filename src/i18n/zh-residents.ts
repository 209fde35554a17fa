// What residents read beyond the figures, in Chinese: a scope's records, search, a building's page,
// shared links, feeds, calendar files and the site-board poster (each in a file of its own, gathered here).
import { zhSearch } from './zh-search';
import { zhBuilding } from './zh-building';
import { zhShare } from './zh-share';
import { zhFeed } from './zh-feed';
import { zhCalendar } from './zh-calendar';
import { zhPoster } from './zh-poster';
import { zhFeedback } from './zh-feedback';

export const zhResidents = {
  ...zhSearch,
  ...zhBuilding,
  ...zhShare,
  ...zhFeed,
  ...zhCalendar,
  ...zhPoster,
  ...zhFeedback,
  history: {
    title: '记录',
    empty: '还没有节点或报送记录。',
    milestones: '施工节点',
    reports: '报送的累计数',
    reached: '{{n}}楼达到“{{stage}}”',
    source: '来源：',
    correction: '更正',
    correctionReason: '原因',
    all: '全部记录（{{n}} 条）',
    batchLatest: '这里列出本批次最近的 {{shown}} 条记录（共 {{n}} 条）。',
    allOfProject: '查看本项目的全部记录',
  },
};

// Search (GET /search), in English.
import type { zhSearch } from './zh-search';
import type { WithPlurals } from './plurals';

export const enSearch: WithPlurals<typeof zhSearch> = {
  search: {
    title: 'Search',
    label: 'Search villages, projects, batches or buildings',
    placeholder: 'Village, project or pinyin (zc)',
    submit: 'Search',
    hint: 'Type a village, project, batch or building number, in Chinese characters, in pinyin or in pinyin initials: "zhaocun" and "zc" both find 赵村 (Zhao Village). Separate words with spaces, as in "赵村 第一批".',
    none: 'No village, project, batch or building matches “{{q}}”.',
    tryThis: 'Try the village name alone (赵村), its pinyin initials (zc), a building number (3号楼), or fewer words.',
    found: '{{n}} results.',
    found_one: '1 result.',
    group: { districts: 'Districts', villages: 'Villages', projects: 'Projects', batches: 'Batches', buildings: 'Buildings' },
    more: 'Showing the {{shown}} closest of {{n}}; type more to narrow it down.',
    target: 'delivery target: {{date}}',
    since: 'since {{date}}',
    districtCounts: '{{villages}} villages, {{projects}} projects',
    villageCounts: '{{projects}} projects',
    villageCounts_one: '1 project',
    villageIndex: 'Villages of this district ({{n}})',
    villageIndex_one: 'The village of this district',
    tooLong: 'too long: use fewer than {{n}} characters.',
  },
};

// Charts that say what they show (issue 12 §6): the stage chart is named for what its axis counts,
// an empty chart says why instead of drawing nothing, the planned deliveries step, and each chart
// has its numbers as a table.
import request from 'supertest';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { chartSpecs, decodeEntities } from '../helpers/html';
import { signedInAgent } from '../helpers/sign-in';
import { submitForm } from '../helpers/staff-forms';

let s: StaffApp;

beforeAll(async () => {
  s = await createStaffApp();
});
afterAll(async () => {
  await s.close();
});

const get = (url: string, lang: 'zh' | 'en' = 'zh') => request(s.app).get(url).set('Accept-Language', lang);
/** What a reader sees of a fragment: tags stripped, whitespace collapsed. */
const mainText = (fragment: string) => decodeEntities(fragment.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
const figures = (html: string) => [...html.matchAll(/<figure class="chart[^"]*">([\s\S]*?)<\/figure>/g)].map((m) => m[1]!);

describe('an empty chart says why', () => {
  test('project 2 has no buildings: its stage chart is not drawn, the page says they are not itemised', async () => {
    const html = (await get('/projects/2')).text;
    const stage = figures(html).find((f) => f.includes('各施工阶段的楼栋'))!;
    expect(stage).not.toContain('<canvas');
    expect(mainText(stage)).toContain('楼栋尚未逐栋登记。');
    const en = figures((await get('/projects/2', 'en')).text).find((f) => f.includes('Buildings by construction stage'))!;
    expect(en).not.toContain('<canvas');
    expect(mainText(en)).toContain('Buildings are not itemised yet.');
  });
});

describe('the stage chart is named for what it counts; every chart has its numbers as a table', () => {
  test('by floor area once every building has an area, with a table of the areas (zh, en)', async () => {
    const own = await createStaffApp();
    try {
      const u = await signedInAgent(own.app, own.db, 'staff');
      expect((await submitForm(u.agent, '/admin/projects/2/batches/new', { nameZh: '一期', targetDeliveryDate: '2027-06-30', targetPrecision: 'month' })).status).toBe(303);
      const batch = Number((await own.db.selectFrom('batches').select('id').where('project_id', '=', 2).executeTakeFirstOrThrow()).id);
      expect((await submitForm(u.agent, `/admin/batches/${batch}/buildings/new`, { code: '1#', floorAreaM2: '24000' })).status).toBe(303);
      const html = (await request(own.app).get('/projects/2').set('Accept-Language', 'zh')).text;
      const stage = figures(html).find((f) => f.includes('各施工阶段的建筑面积'))!;
      expect(stage).toContain('<canvas');
      // the table: one row per stage, the 24,000 m² building at 未开工
      expect(mainText(stage)).toMatch(/图中的数字（表格） .*未开工 2.4万㎡ 基础施工 0㎡/);
      const en = (await request(own.app).get('/projects/2').set('Accept-Language', 'en')).text;
      expect(mainText(figures(en).find((f) => f.includes('Floor area at each stage'))!)).toContain('Not started 24,000 m²');
    } finally {
      await own.close();
    }
  });

  test("the overview's planned deliveries step at each target date; its table lists the cumulative counts", async () => {
    const html = (await get('/')).text;
    const deliveries = chartSpecs(html).find((c) => c.type === 'line')!;
    expect(deliveries).toMatchObject({ stepped: true });
    // batch 1 (8 buildings) due end 2023, batch 2 (7) end 2024: 8, then 15
    expect(deliveries.datasets[0]!.data).toEqual([8, 15]);
    const fig = figures(html).find((f) => f.includes('计划交付与实际交付'))!;
    expect(mainText(fig)).toMatch(/2023年12月 8 0 2024年12月 15 0/);
  });
});

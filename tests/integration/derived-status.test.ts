// The status every page shows is the one derived from the buildings (未开工 / 在建 / 已交付 with its date),
// or the stored halt; the status typed on a project is said only where it disagrees, in plain words.
// Expected strings are worked out by hand from the fixtures (today is 2026-11-26 in the test app).
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { mainText } from '../helpers/html';
import { addBatch, addDistrict, addProject, addVillage } from '../helpers/fixtures';
import { signedInAgent } from '../helpers/sign-in';
import { recordMilestone } from '../../src/services/milestone-report.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';

let ctx: TestContext;
let district: number;
let village: number;
/** Every building delivered, the last on 2024-06-01 (one day after the planned completion); typed as under construction. */
let delivered: number;
/** Suspended, its one batch due 2025-06-30 and not delivered: 514 days late on 2026-11-26. */
let suspended: number;
let suspendedBatch: number;
/** Cancelled after it started, no batches and no target. */
let cancelled: number;
/** Nothing started, but typed as delivered. */
let typedDelivered: number;

beforeAll(async () => {
  ctx = await createTestContext();
  district = await addDistrict(ctx.db, { nameZh: '状态测试区' });
  village = await addVillage(ctx.db, { districtId: district, nameZh: '状态测试村' });
  delivered = await addProject(ctx.db, { villageId: village, nameZh: '全部交付项目', plannedCompletion: '2024-05-31', status: 'under_construction' });
  await addBatch(ctx.db, { projectId: delivered, sequence: 1, nameZh: '第一批', targetDeliveryDate: '2024-03-31', buildings: 2, stage: 'delivered', stageDate: '2024-03-15' });
  await addBatch(ctx.db, { projectId: delivered, sequence: 2, nameZh: '第二批', targetDeliveryDate: '2024-05-31', buildings: 3, stage: 'delivered', stageDate: '2024-06-01' });
  suspended = await addProject(ctx.db, { villageId: village, nameZh: '暂停施工项目', halted: 'suspended' });
  suspendedBatch = (await addBatch(ctx.db, { projectId: suspended, sequence: 1, nameZh: '第一批', targetDeliveryDate: '2025-06-30', buildings: 2, stage: 'structure', stageDate: '2025-01-01' })).batchId;
  cancelled = await addProject(ctx.db, { villageId: village, nameZh: '已取消项目', actualStart: '2024-01-01', halted: 'cancelled' });
  typedDelivered = await addProject(ctx.db, { villageId: village, nameZh: '登记有误项目', status: 'delivered' });
});
afterAll(async () => { await ctx.close(); });

const page = async (url: string) => {
  const res = await request(ctx.app).get(url);
  expect(res.status).toBe(200);
  return res.text;
};
const textOf = (html: string) => mainText(`<main>${html}</main>`);
const lead = (html: string) => textOf(/<p class="lead">([\s\S]*?)<\/p>/.exec(html)![1]!);
const recordedNote = (html: string) => {
  const m = /<p class="note small recorded-differs">([\s\S]*?)<\/p>/.exec(html);
  return m ? textOf(m[1]!) : null;
};
/** The overview table's row of a project, as text. */
const overviewRow = (html: string, id: number) => {
  const tbody = /<table class="sortable[^"]*">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;
  const row = tbody.split('<tr>').find((r) => r.includes(`href="/projects/${id}"`));
  expect(row).toBeDefined();
  return textOf(row!);
};

describe('a project whose buildings are all delivered, typed as under construction', () => {
  let html: string;
  beforeAll(async () => { html = await page(`/projects/${delivered}`); });

  test('the lead line says delivered, on the last batch\'s day, one day after the planned completion', () => {
    expect(lead(html)).toBe('安置房 · 已交付（2024年6月1日） · 晚 1 天');
  });

  test('the typed status is said only as a disagreement, in plain words', () => {
    expect(recordedNote(html)).toBe('登记状态为「在建」，但全部楼栋已交付（2024年6月1日）。');
    expect(mainText(html).match(/在建/g)).toHaveLength(1);
  });

  test('each batch card shows its own delivery day, late only where it was', () => {
    const [c1, c2] = html.split('<article class="batch">').slice(1).map(textOf) as [string, string];
    expect(c1).toContain('状态 已交付（2024年3月15日）');
    expect(c1).not.toContain('晚');
    expect(c2).toContain('状态 已交付（2024年6月1日） · 晚 1 天');
  });

  test('never "no delivery date set" for something delivered', () => {
    expect(html).not.toContain('未定交付时间');
  });

  test('in English too', async () => {
    const en = await page(`/projects/${delivered}?lang=en`);
    expect(lead(en)).toMatch(/^Resettlement housing · Delivered \(1 Jun 2024\) · 1 /);
    expect(recordedNote(en)).toBe('Recorded as “Under construction”, but every building has been delivered (1 Jun 2024).');
  });
});

describe('halted projects', () => {
  test('a suspended project shows 已暂停, how late it is, and how far its buildings got; nothing typed disagrees', async () => {
    const html = await page(`/projects/${suspended}`);
    expect(lead(html)).toBe('安置房 · 已暂停 已逾期 · 晚 514 天 楼栋情况：在建');
    expect(recordedNote(html)).toBeNull();
    const [card] = html.split('<article class="batch">').slice(1).map(textOf);
    expect(card).toContain('状态 已暂停 已逾期 · 晚 514 天');
  });

  test('a cancelled project without a target', async () => {
    expect(lead(await page(`/projects/${cancelled}`))).toBe('安置房 · 已取消 未定交付时间 楼栋情况：在建');
  });
});

test('a project typed as delivered with nothing started is not started, and the page says the typed status disagrees', async () => {
  const html = await page(`/projects/${typedDelivered}`);
  expect(lead(html)).toBe('安置房 · 未开工 未定交付时间');
  expect(recordedNote(html)).toBe('登记状态为「已交付」，但还没有开工的记录。');
});

describe('the overview table and the village page show the derived status', () => {
  test('overview: each project\'s status cell', async () => {
    const html = await page(`/?district=${district}`);
    expect(overviewRow(html, delivered)).toMatch(/ 已交付（2024年6月1日） · 晚 1 天$/);
    expect(overviewRow(html, delivered)).not.toContain('未定交付时间');
    expect(overviewRow(html, suspended)).toMatch(/ 已暂停 已逾期 · 晚 514 天$/);
    expect(overviewRow(html, cancelled)).toMatch(/ 已取消 未定交付时间$/);
    expect(overviewRow(html, typedDelivered)).toMatch(/ 未开工 未定交付时间$/);
  });

  test('village: each project\'s line', async () => {
    const html = await page(`/villages/${village}`);
    const block = (id: number) => textOf(new RegExp(`<section class="project-block" aria-labelledby="h-p${id}">([\\s\\S]*?)</section>`).exec(html)![1]!);
    expect(block(delivered)).toContain('安置房 · 已交付（2024年6月1日） · 晚 1 天 · 建设进度 100%');
    expect(block(suspended)).toContain('安置房 · 已暂停 已逾期 · 晚 514 天 · 建设进度');
    expect(block(typedDelivered)).toContain('安置房 · 未开工 未定交付时间 · 建设进度');
  });
});

test('the dashboard\'s late list says the suspended batch is suspended beside how late it is', async () => {
  const { agent } = await signedInAgent(ctx.app, ctx.db, 'official');
  const html = (await agent.get(`/dashboard?district=${district}`)).text;
  const row = new RegExp(`<tr data-late="batch-${suspendedBatch}">([\\s\\S]*?)</tr>`).exec(html);
  expect(row).not.toBeNull();
  expect(textOf(row![1]!)).toContain('已暂停 已逾期 · 晚 514 天');
});

test('a batch with buildings at two stages lights both on its ladder, each with how many buildings stand there', async () => {
  // 3 buildings in 主体施工 since 2025-01-01, then one of them delivered on 2025-06-01: 2 + 1, the batch still 在建
  const d = await addDistrict(ctx.db, { nameZh: '阶梯测试区' });
  const v = await addVillage(ctx.db, { districtId: d, nameZh: '阶梯测试村' });
  const p = await addProject(ctx.db, { villageId: v, nameZh: '阶梯测试项目' });
  const { batchId, buildingIds } = await addBatch(ctx.db, { projectId: p, sequence: 1, nameZh: '第一批', targetDeliveryDate: '2027-06-30', buildings: 3, stage: 'structure', stageDate: '2025-01-01' });
  await recordMilestone(ctx.db, SYSTEM_ACTOR, '2026-11-26', { target: { kind: 'building', id: buildingIds[0]! }, stage: 'delivered', date: '2025-06-01', note: null });
  for (const url of [`/projects/${p}`, `/batches/${batchId}`]) {
    const html = await page(url);
    const lit = [...html.matchAll(/<li class="here"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
    expect(lit).toEqual(['主体施工 2栋', '已交付 1栋']);
  }
  expect(mainText(await page(`/projects/${p}`))).toContain('在建');
  const en = (await request(ctx.app).get(`/batches/${batchId}?lang=en`)).text;
  expect([...en.matchAll(/<li class="here"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim())).toEqual(['Structure 2 buildings', 'Delivered 1 building']);
});

test('a project with no known area says why its areas cannot be worked out, instead of "— (—)"', async () => {
  // the seed's resettlement project: 15 buildings of unknown area, no planned floor area
  for (const [lang, words] of [['zh', '还算不出来：楼栋的面积没有公布'], ['en', 'cannot be worked out yet']] as const) {
    const t = mainText((await request(ctx.app).get(`/projects/1?lang=${lang}`)).text);
    expect(t).toContain(words);
    expect(t).not.toContain('— (—)');
  }
});

test('a scope\'s own staleness speaks of construction (milestones and reports), not of household counts, which carry their own dates', async () => {
  // the seed's resettlement project: latest milestone 2023-11-08, 1,114 days before 2026-11-26
  const zh = mainText((await request(ctx.app).get('/projects/1')).text);
  expect(zh).toContain('已有 1,114 天没有新的施工节点或报送，施工情况可能已经变化（回迁户数等另有日期）。');
  const en = mainText((await request(ctx.app).get('/projects/1?lang=en')).text);
  expect(en).toContain('No milestone or report for 1,114 days; construction may have moved on since');
});

// A building's own page (GET /buildings/:id): where it stands and since when, each stage's day,
// its batch's target and households, its own milestones with corrections; linked from the batch
// page and from search. Worked out by hand from the records written here.
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { recordMilestone } from '../../src/services/milestone-report.service';
import { recordHouseholds } from '../../src/services/household.service';
import { addBatch, addProject } from '../helpers/fixtures';
import { mainText } from '../helpers/html';
import { createTestContext, type TestContext } from '../helpers/test-app';

const TODAY = '2026-11-26';
let ctx: TestContext;
let batch: number;
let building: number;
let other: number;
beforeAll(async () => {
  ctx = await createTestContext();
  const project = await addProject(ctx.db, { villageId: 1, nameZh: '赵村北区安置房' });
  const b = await addBatch(ctx.db, { projectId: project, sequence: 1, nameZh: '第一批', targetDeliveryDate: '2027-06-30', buildings: 2, stage: 'foundation', stageDate: '2025-01-10', code: (n) => `${n}号楼`, floorAreaM2: 12_000 });
  batch = b.batchId;
  [building, other] = b.buildingIds as [number, number];
  // 1号楼: 主体施工 on 2025-03-01, 主体封顶 on 2025-06-01, set back to 主体施工 on 2025-07-01 (a correction)
  await recordMilestone(ctx.db, SYSTEM_ACTOR, TODAY, { target: { kind: 'building', id: building }, stage: 'structure', date: '2025-03-01', note: null });
  await recordMilestone(ctx.db, SYSTEM_ACTOR, TODAY, { target: { kind: 'building', id: building }, stage: 'topped_out', date: '2025-06-01', note: null });
  await recordMilestone(ctx.db, SYSTEM_ACTOR, TODAY, { target: { kind: 'building', id: building }, stage: 'structure', date: '2025-07-01', note: null, correctionReason: '6月误报封顶' });
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, { batchId: batch, asOf: '2026-10-01', households: 80, allocated: 30, notices: null, handedOver: null, movedIn: null, certificates: null, correctionReason: null });
});
afterAll(() => ctx.close());

const text = async (url: string) => {
  const res = await request(ctx.app).get(url);
  expect(res.status).toBe(200);
  return { html: res.text, text: mainText(res.text) };
};

test('where it stands and since when, and the day it reached each stage; the set-back undoes 主体封顶', async () => {
  const { html, text: t } = await text(`/buildings/${building}`);
  expect(t).toContain('1号楼 属于 第一批');
  expect(t).toContain('现在处于“主体施工”阶段（2025年3月1日起）。');
  const rung = (stage: string) => mainText(`<main>${new RegExp(`<li[^>]*data-stage="${stage}"[^>]*>[\\s\\S]*?</li>`).exec(html)![0]}</main>`);
  expect(rung('foundation')).toBe('基础施工 2025年1月10日 达到');
  expect(rung('structure')).toBe('主体施工 2025年3月1日 达到 · 现在在这一阶段');
  expect(rung('topped_out')).toBe('主体封顶 尚未达到');
  expect(html).toMatch(/<li class="rung-here" aria-current="step" data-stage="structure">/);
  // the facts it has: 12,000 m², floors and dwellings unknown
  expect(t).toContain('1.2万㎡');
});

test('its milestones newest first, the correction marked with its reason', async () => {
  const { text: t } = await text(`/buildings/${building}`);
  const events = t.slice(t.indexOf('本楼的施工节点记录'));
  expect(events).toMatch(/2025年7月1日 达到“主体施工” 更正 6月误报封顶 2025年6月1日 达到“主体封顶” 2025年3月1日 达到“主体施工” 2025年1月10日 达到“基础施工”/);
});

test('its batch: the target and the household ladder come along', async () => {
  const { text: t } = await text(`/buildings/${building}`);
  expect(t).toContain('本楼随 第一批 一起交付');
  expect(t).toContain('2027年6月30日');
  // households: 30 of 80 chose a flat (2026-10-01)
  expect(t).toMatch(/选房 30 \/ 80户/);
});

test('the other building of the batch stands at 基础施工; in English too', async () => {
  expect((await text(`/buildings/${other}`)).text).toContain('现在处于“基础施工”阶段（2025年1月10日起）。');
  const en = (await request(ctx.app).get(`/buildings/${building}?lang=en`)).text;
  expect(mainText(en)).toContain('Now at “Structure” (since 1 Mar 2025).');
  expect(mainText(en)).toContain('correction');
});

test('the batch page links each building to its page', async () => {
  const { html } = await text(`/batches/${batch}`);
  expect(html).toContain(`<a href="/buildings/${building}">1号楼</a>`);
  expect(html).toContain(`<a href="/buildings/${other}">2号楼</a>`);
});

test('a building that does not exist is not found, in the page language; a bad id is refused naming it', async () => {
  const missing = await request(ctx.app).get('/buildings/999999');
  expect(missing.status).toBe(404);
  expect(mainText(missing.text)).toMatch(/[\u4e00-\u9fff]/);
  const bad = await request(ctx.app).get('/buildings/abc');
  expect(bad.status).toBe(400);
  expect((await request(ctx.app).get('/buildings/abc?lang=en')).text).not.toMatch(/must be a positive whole number.*id/);
});

test('未开工 is where every building starts: said so, with no day of its own', async () => {
  const { html } = await text(`/buildings/${building}`);
  expect(mainText(`<main>${/<li[^>]*data-stage="planned"[^>]*>[\s\S]*?<\/li>/.exec(html)![0]}</main>`)).toBe('未开工 起点：登记后、开工前');
});

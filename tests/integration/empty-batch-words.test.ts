// A batch with no building registered yet says so in words, not "0栋" / "0 buildings", on its own
// page, on its project's page and on the staff home page.
import request from 'supertest';
import { createBatch } from '../../src/services/batch-building.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { createStaffApp, type StaffApp } from '../helpers/staff-app';
import { signedInAgent } from '../helpers/sign-in';
import { mainText } from '../helpers/html';

let s: StaffApp;
let id: number;
beforeAll(async () => {
  s = await createStaffApp();
  id = await createBatch(s.db, SYSTEM_ACTOR, '2026-11-26', 1, {
    nameZh: '第三批', nameEn: 'Batch 3', targetDeliveryDate: null, targetPrecision: 'day', actualDeliveryDate: null, households: null, note: null,
  });
});
afterAll(async () => { await s.close(); });

const text = async (url: string, lang: 'zh' | 'en') => mainText((await request(s.app).get(url).set('Accept-Language', lang)).text);

test.each([['zh', '未登记楼栋', '0栋'], ['en', 'no buildings registered', '0 buildings']] as const)('%s: the batch page and the project page', async (lang, words, zero) => {
  const batch = await text(`/batches/${id}`, lang);
  expect(batch).toContain(words);
  expect(batch).not.toContain(zero);
  const project = await text('/projects/1', lang);
  expect(project).toContain(words);
  expect(project).not.toContain(zero);
});

test('the staff home page', async () => {
  const { agent } = await signedInAgent(s.app, s.db, 'staff');
  const home = mainText((await agent.get('/admin').set('Accept-Language', 'zh')).text);
  expect(home).toContain('第三批 (未登记楼栋)');
  expect(home).not.toContain('(0栋)');
});

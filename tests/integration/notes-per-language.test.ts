// One note per language: the Chinese page shows the Chinese note (with Chinese punctuation and 年底
// given its year), the English page the English one, never both at once; migration 0008 splits the
// notes that an older seed wrote in both languages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Migrator } from 'kysely';
import { createDb } from '../../src/db/create-db';
import { migrations } from '../../db/migrations';
import { createTestContext, type TestContext } from '../helpers/test-app';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

const mainText = (html: string) => (/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '').replace(/<[^>]+>/g, ' ');

test('the batch page: the Chinese note alone on the Chinese page, the English note alone on the English one', async () => {
  const zh = mainText((await request(ctx.app).get('/batches/1')).text);
  expect(zh).toContain('正在进行园建、配套等扫尾工作，有望2023年底实现交付。');
  expect(zh).not.toContain('Landscaping and ancillary');
  const en = mainText((await request(ctx.app).get('/batches/1?lang=en')).text);
  expect(en).toContain('Landscaping and ancillary finishing under way; delivery hoped for by the end of 2023.');
  expect(en).not.toContain('扫尾工作');
});

test('the village and project pages too', async () => {
  const zh = mainText((await request(ctx.app).get('/villages/1')).text);
  expect(zh).toContain('高新区最后一个启动改造的行政村。来源未给出应回迁户数和人数。');
  expect(zh).not.toContain('renewed');
  const en = mainText((await request(ctx.app).get('/projects/2?lang=en')).text);
  expect(en).toContain('38.16 mu of land');
  expect(en).not.toContain('总投资约9亿元');
});

test('migration 0008 splits the combined seed notes and leaves any other note alone; down puts them back', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-notes-'));
  const db = createDb(path.join(dir, 'n.db'));
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0005-rollups')).error).toBeUndefined();
    const d = await db.insertInto('districts').values({ name_zh: '区' }).returning('id').executeTakeFirstOrThrow();
    const old = '正在进行园建、配套等扫尾工作,有望年底实现交付。Landscaping and ancillary finishing; delivery hoped for by the end of 2023.';
    const v = await db.insertInto('villages').values({ district_id: d.id, subdistrict_id: null, name_zh: '村', name_en: null, households_entitled: null, people_entitled: null, demolition_date: null, note: '员工写的备注' }).returning('id').executeTakeFirstOrThrow();
    const p = await db.insertInto('projects').values({ village_id: v.id, name_zh: '项目', name_en: null, kind: 'resettlement', land_area_m2: null, planned_floor_area_m2: null, investment_yuan: null, developer: null, construction_entity: null, planned_start: null, planned_completion: null, actual_start: null, actual_completion: null, note: null, source_id: null } as never).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('batches').values({ project_id: p.id, sequence: 1, name_zh: '第一批', name_en: null, target_delivery_date: null, actual_delivery_date: null, households: null, note: old } as never).execute();
    expect((await migrator.migrateTo('0008-notes-per-language')).error).toBeUndefined();
    expect(await db.selectFrom('batches').select(['note', 'note_en']).executeTakeFirstOrThrow())
      .toEqual({ note: '正在进行园建、配套等扫尾工作，有望2023年底实现交付。', note_en: 'Landscaping and ancillary finishing under way; delivery hoped for by the end of 2023.' });
    expect(await db.selectFrom('villages').select(['note', 'note_en']).executeTakeFirstOrThrow()).toEqual({ note: '员工写的备注', note_en: null });
    expect((await migrator.migrateTo('0005-rollups')).error).toBeUndefined();
    expect((await db.selectFrom('batches').select('note').executeTakeFirstOrThrow()).note).toBe(old);
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Deadlines keep their history (issue 12 §1), through the real app: the batch and project forms and
// the importer keep the first target as the baseline and refuse a later change without its reason;
// a change is stored as a dated, signed and audited revision; the public pages (both languages), the
// API and the officials' dashboard tell it. The day is 2026-11-26 (the test configuration).
import request from 'supertest';
import { createBatch } from '../../src/services/batch-building.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { createStaffContext, csrfOf, signedIn, type StaffContext } from '../helpers/staff-agent';
import { errorSummary, fieldError } from '../helpers/forms';
import { pageForm } from '../helpers/staff-forms';
import { csv, dumpData } from '../helpers/import-files';
import { mainText } from '../helpers/html';

let ctx: StaffContext;
let staff: Awaited<ReturnType<typeof signedIn>>;
let staffEn: Awaited<ReturnType<typeof signedIn>>;
let official: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  ctx = await createStaffContext();
  staff = await signedIn(ctx, 'staff', 'staff-zhou');
  staffEn = await signedIn(ctx, 'staff', 'staff-en');
  staffEn.set('Accept-Language', 'en');
  official = await signedIn(ctx, 'official', 'official-li');
});
afterAll(async () => { await ctx.close(); });

const AS_OF = '2026-11-26';
let n = 0;
/** A batch of its own for each test, in the seed's Zhao village resettlement project (id 1): target end of 2025. */
async function newBatch(target: string | null = '2025-12-31', precision: 'day' | 'month' | 'year' = 'year'): Promise<{ id: number; name: string }> {
  n += 1;
  const name = `改期测试${n}批`;
  const id = await createBatch(ctx.db, SYSTEM_ACTOR, AS_OF, 1, {
    nameZh: name, nameEn: `Test batch ${n}`, targetDeliveryDate: target, targetPrecision: precision, actualDeliveryDate: null, households: null, note: null,
  });
  return { id, name };
}

async function editBatch(id: number, changes: Record<string, string>, agent = staff) {
  const f = await pageForm(agent, `/admin/batches/${id}/edit`);
  return agent.post(f.action).type('form').send({ ...f.values, ...changes });
}

const batchRow = (id: number) => ctx.db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const revisions = (type: 'batch' | 'project', id: number) =>
  ctx.db.selectFrom('target_revisions').selectAll().where('scope_type', '=', type).where('scope_id', '=', id).orderBy('id').execute();
/** What a reader sees of a piece of markup. */
const textOf = (html: string) => mainText(`<main>${html}</main>`);
const page = async (path: string, lang: 'zh' | 'en' = 'zh') => mainText((await request(ctx.app).get(path).set('Accept-Language', lang)).text);

describe('the batch form', () => {
  test('the edit form has the reason field with its hint; a new batch\'s form does not ask for one', async () => {
    const b = await newBatch();
    const edit = (await staff.get(`/admin/batches/${b.id}/edit`)).text;
    expect(edit).toContain('name="targetReason"');
    expect(mainText(edit)).toContain('第一次填写的日期作为原定目标保留');
    expect(mainText(edit)).toContain('原定目标：2025年底（第一次填写的目标，不会被改动）');
    expect((await staff.get('/admin/projects/1/batches/new')).text).not.toContain('name="targetReason"');
  });

  test('a changed target without a reason: 400 naming the field, nothing written', async () => {
    const b = await newBatch();
    const before = await dumpData(ctx.db);
    const res = await editBatch(b.id, { targetDeliveryDate: '2026-06-30', targetPrecision: 'month' });
    expect(res.status).toBe(400);
    expect(errorSummary(res.text)?.fields).toEqual(['targetReason']);
    expect(fieldError(res.text, 'targetReason')).toContain('改动已填写的目标日期，必须写明改期原因（会公开显示）。');
    expect(await dumpData(ctx.db)).toEqual(before);
  });

  test('in English, the message is in English', async () => {
    const b = await newBatch();
    const res = await editBatch(b.id, { targetDeliveryDate: '2026-06-30', targetPrecision: 'month' }, staffEn);
    expect(res.status).toBe(400);
    expect(fieldError(res.text, 'targetReason')).toContain('You changed a target date already entered: give the reason for the change (it is shown publicly).');
  });

  test('a reason with a resident\'s phone number, one too long, one with control characters: refused, nothing written', async () => {
    const b = await newBatch();
    const before = await dumpData(ctx.db);
    const cases: [string, RegExp][] = [
      ['住户张三 138 1234 5678 反映漏水', /请删去手机号码/],
      ['延'.repeat(501), /不能超过 500 个字符/],
      ['征迁\u202e滞后', /控制字符/],
    ];
    for (const [reason, message] of cases) {
      const res = await editBatch(b.id, { targetDeliveryDate: '2026-06-30', targetPrecision: 'month', targetReason: reason });
      expect(res.status).toBe(400);
      expect(fieldError(res.text, 'targetReason')).toMatch(message);
      // the values typed are kept
      expect(res.text).toContain('value="2026-06-30"');
    }
    expect(await dumpData(ctx.db)).toEqual(before);
  });

  test('two postponements with reasons: the baseline stays, each change is a dated, signed, audited revision', async () => {
    const b = await newBatch();
    expect((await editBatch(b.id, { targetDeliveryDate: '2026-06-30', targetPrecision: 'month', targetReason: '征迁扫尾滞后' })).status).toBe(303);
    expect((await editBatch(b.id, { targetDeliveryDate: '2027-06-30', targetPrecision: 'month', targetReason: '配套管网改线' })).status).toBe(303);
    expect(await batchRow(b.id)).toMatchObject({
      baseline_target_date: '2025-12-31', baseline_target_precision: 'year', target_delivery_date: '2027-06-30', target_precision: 'month',
    });
    expect((await revisions('batch', b.id)).map((r) => [r.revised_on, r.target_date, r.target_precision, r.reason, r.username])).toEqual([
      [AS_OF, '2026-06-30', 'month', '征迁扫尾滞后', 'staff-zhou'],
      [AS_OF, '2027-06-30', 'month', '配套管网改线', 'staff-zhou'],
    ]);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'revise_target').where('object_id', '=', b.id).orderBy('id').execute();
    expect(audit.map((a) => [a.object_type, a.username, JSON.parse(a.before_json!).targetDate, JSON.parse(a.after_json!).reason])).toEqual([
      ['batch', 'staff-zhou', '2025-12-31', '征迁扫尾滞后'],
      ['batch', 'staff-zhou', '2026-06-30', '配套管网改线'],
    ]);
  });

  test('the public batch page tells the story in Chinese and in English, with lateness against both targets', async () => {
    const b = await newBatch();
    await editBatch(b.id, { targetDeliveryDate: '2026-06-30', targetPrecision: 'month', targetReason: '征迁扫尾滞后' });
    await editBatch(b.id, { targetDeliveryDate: '2027-06-30', targetPrecision: 'month', targetReason: '配套管网改线' });
    const zh = await page(`/batches/${b.id}`);
    expect(zh).toContain('原定 2025年底 → 现定 2027年6月（推迟 2 次，原因：征迁扫尾滞后；配套管网改线）');
    // 2025-12-31 → 2026-11-26: 334 days to the end of November, less 4
    expect(zh).toContain('按原定目标： 已逾期 · 晚 330 天');
    expect(zh).toContain('按现定目标： 按计划');
    expect(zh).toContain('改期记录（2 次）');
    expect(zh).toContain('2026年11月26日：2026年6月 → 2027年6月（推迟 365 天） 原因：配套管网改线');
    const en = await page(`/batches/${b.id}`, 'en');
    expect(en).toContain('Originally by end of 2025 → now Jun 2027 (postponed 2 times; reasons: 征迁扫尾滞后; 配套管网改线)');
    expect(en).toContain('Against the original target: Overdue · 330 days late');
    expect(en).toContain('Against the current target: On track');
    // the project page shows its batches' stories too; no staff name on any public page
    const project = await page('/projects/1');
    expect(project).toContain('原定 2025年底 → 现定 2027年6月（推迟 2 次');
    expect(zh + en + project).not.toContain('staff-zhou');
  });

  test('a target brought forward, even before the original, is kept as a change but is no postponement', async () => {
    const b = await newBatch();
    expect((await editBatch(b.id, { targetDeliveryDate: '2025-06-30', targetPrecision: 'month', targetReason: '提前完成主体' })).status).toBe(303);
    expect((await batchRow(b.id)).baseline_target_date).toBe('2025-12-31');
    expect(await page(`/batches/${b.id}`)).toContain('原定 2025年底 → 现定 2025年6月（改期 1 次，未推迟，原因：提前完成主体）');
    const dash = (await official.get('/dashboard')).text;
    expect(dash).not.toContain(`data-slip="batch-${b.id}"`);
  });

  test('the first target of a batch that had none becomes its baseline with no reason asked; a later change needs one', async () => {
    const b = await newBatch(null);
    expect((await editBatch(b.id, { targetDeliveryDate: '2027-03-31', targetPrecision: 'day' })).status).toBe(303);
    expect(await batchRow(b.id)).toMatchObject({ baseline_target_date: '2027-03-31', baseline_target_precision: 'day', target_delivery_date: '2027-03-31' });
    expect(await revisions('batch', b.id)).toEqual([]);
    expect((await editBatch(b.id, { targetDeliveryDate: '2027-04-30' })).status).toBe(400);
  });

  test('a save that changes other fields only asks no reason and writes no revision', async () => {
    const b = await newBatch();
    expect((await editBatch(b.id, { households: '120' })).status).toBe(303);
    expect(await revisions('batch', b.id)).toEqual([]);
  });
});

describe('the project form', () => {
  test('a planned completion changed without a reason is refused under its own field; with one it is a revision of the project', async () => {
    // project 2 (the seed's collective affordable housing): planned completion December 2025
    const refused = await (async () => {
      const f = await pageForm(staff, '/admin/projects/2/edit');
      return staff.post(f.action).type('form').send({ ...f.values, plannedCompletion: '2026-12-31', plannedCompletionPrecision: 'month' });
    })();
    expect(refused.status).toBe(400);
    expect(errorSummary(refused.text)?.fields).toEqual(['completionReason']);
    const f = await pageForm(staff, '/admin/projects/2/edit');
    const ok = await staff.post(f.action).type('form').send({ ...f.values, plannedCompletion: '2026-12-31', plannedCompletionPrecision: 'month', completionReason: '规划调整' });
    expect(ok.status).toBe(303);
    const p = await ctx.db.selectFrom('projects').selectAll().where('id', '=', 2).executeTakeFirstOrThrow();
    expect([p.baseline_completion, p.baseline_completion_precision, p.planned_completion]).toEqual(['2025-12-31', 'month', '2026-12-31']);
    expect((await revisions('project', 2)).map((r) => [r.target_date, r.reason])).toEqual([['2026-12-31', '规划调整']]);
    expect(await page('/projects/2')).toContain('原定 2025年12月 → 现定 2026年12月（推迟 1 次，原因：规划调整）');
  });
});

describe('the API', () => {
  test('a batch carries its baseline, how it stands against it, and its revisions with reasons, not who made them', async () => {
    const b = await newBatch();
    await editBatch(b.id, { targetDeliveryDate: '2026-06-30', targetPrecision: 'month', targetReason: '征迁扫尾滞后' });
    const res = await request(ctx.app).get('/api/v1/projects/1');
    expect(res.status).toBe(200);
    const batch = res.body.project.batches.find((x: { id: number }) => x.id === b.id);
    expect(batch).toMatchObject({ baselineTargetDate: '2025-12-31', baselineTargetPrecision: 'year', targetDeliveryDate: '2026-06-30', targetPrecision: 'month' });
    // 2026-06-30 → 2026-11-26: 31 + 31 + 30 + 31 + 26 = 149 days; from the baseline 330
    expect(batch.deadline).toMatchObject({
      targetDate: '2026-06-30', targetCertainty: 'planned', status: 'overdue', daysLate: 149, deliveredOn: null, deliveredOnCertainty: null,
      original: { targetDate: '2025-12-31', targetPrecision: 'year', status: 'overdue', daysLate: 330 },
    });
    // 2025-12-31 → 2026-06-30: 181 days
    expect(batch.targetHistory).toEqual({
      baseline: { date: '2025-12-31', precision: 'year' }, postponements: 1, daysMoved: 181,
      revisions: [{
        revisedOn: AS_OF, targetDate: '2026-06-30', targetPrecision: 'month', previousTargetDate: '2025-12-31', previousTargetPrecision: 'year',
        direction: 'later', daysMoved: 181, reason: '征迁扫尾滞后',
      }],
    });
    expect(JSON.stringify(res.body)).not.toContain('staff-zhou');
  });

  test('a target never revised is its own original, with no revisions', async () => {
    const res = await request(ctx.app).get('/api/v1/projects/1');
    const first = res.body.project.batches.find((x: { id: number }) => x.id === 1);
    expect(first.baselineTargetDate).toBe(first.targetDeliveryDate);
    expect(first.deadline.original).toMatchObject({ targetDate: first.targetDeliveryDate, status: first.deadline.status, daysLate: first.deadline.daysLate });
  });
});

describe('the dashboard', () => {
  test('lists the slips of the quarter with the targets before and after, the days, the reason and who recorded it', async () => {
    const b = await newBatch();
    await editBatch(b.id, { targetDeliveryDate: '2026-06-30', targetPrecision: 'month', targetReason: '征迁扫尾滞后' });
    const res = await official.get('/dashboard');
    expect(res.status).toBe(200);
    const section = /<section aria-labelledby="h-slips"[\s\S]*?<\/section>/.exec(res.text)![0];
    expect(textOf(section)).toContain('2026年第4季度');
    const row = new RegExp(`<tr data-slip="batch-${b.id}">[\\s\\S]*?</tr>`).exec(section)![0];
    expect(textOf(row)).toBe(`${b.name} 赵村城中村改造安置住宅 · 赵村 2026年11月26日 staff-zhou 2025年底 2026年6月 181天 征迁扫尾滞后`);
  });
});

describe('the importer', () => {
  async function preview(data: string, agent = staff) {
    const form = await agent.get('/admin/import');
    return agent.post('/admin/import/preview').field('_csrf', csrfOf(form.text)).attach('files', Buffer.from(data), 'buildings.csv');
  }

  test('a changed target without the 改期原因 column is refused, naming the column; with it the change is a revision by the importer', async () => {
    const b = await newBatch();
    const without = await preview(csv([['村', '项目', '批次', '楼号', '目标交付日期'], ['赵村', '赵村城中村改造安置住宅', b.name, '', '2026-09']]));
    const problems = /<table class="import-errors">[\s\S]*?<\/table>/.exec(without.text)![0];
    expect(textOf(problems)).toContain('改期原因 这一行改动了已有的目标日期，必须在“改期原因”一列写明原因（会公开显示）。');
    expect(without.text).not.toContain('name="upload"');

    const empty = await preview(csv([['村', '项目', '批次', '楼号', '目标交付日期', '改期原因'], ['赵村', '赵村城中村改造安置住宅', b.name, '', '2026-09', '']]));
    expect(empty.text).toContain('class="import-errors"');

    const withReason = await preview(csv([['村', '项目', '批次', '楼号', '目标交付日期', '改期原因'], ['赵村', '赵村城中村改造安置住宅', b.name, '', '2026-09', '施工许可延后']]));
    const upload = /name="upload" value="([^"]+)"/.exec(withReason.text)![1]!;
    const commit = await staff.post('/admin/import/commit').type('form').send({ _csrf: csrfOf(withReason.text), upload });
    expect(commit.status).toBe(303);
    for (let i = 0; i < 100 && (await revisions('batch', b.id)).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await revisions('batch', b.id)).map((r) => [r.target_date, r.target_precision, r.reason, r.username, r.revised_on])).toEqual([
      ['2026-09-30', 'month', '施工许可延后', 'staff-zhou', AS_OF],
    ]);
    expect((await batchRow(b.id)).baseline_target_date).toBe('2025-12-31');
  });

  test('a new batch\'s first target needs no reason and becomes its baseline', async () => {
    n += 1;
    const name = `导入新批${n}`;
    const res = await preview(csv([['村', '项目', '批次', '楼号', '目标交付日期'], ['赵村', '赵村城中村改造安置住宅', name, '', '2028']]));
    expect(textOf(/<table class="import-errors">[\s\S]*?<\/table>/.exec(res.text)?.[0] ?? '')).toBe('');
    const upload = /name="upload" value="([^"]+)"/.exec(res.text)![1]!;
    expect((await staff.post('/admin/import/commit').type('form').send({ _csrf: csrfOf(res.text), upload })).status).toBe(303);
    let row;
    for (let i = 0; i < 100 && !row; i++) {
      row = await ctx.db.selectFrom('batches').selectAll().where('name_zh', '=', name).executeTakeFirst();
      if (!row) await new Promise((r) => setTimeout(r, 20));
    }
    expect(row).toMatchObject({ target_delivery_date: '2028-12-31', baseline_target_date: '2028-12-31', baseline_target_precision: 'year' });
    expect(await revisions('batch', row!.id)).toEqual([]);
  });
});

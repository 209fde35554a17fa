// A sheet that only gives batches new targets (issue 12): 村, 项目, 批次, 目标交付日期 and 改期原因,
// with no 楼号 column, is a buildings sheet; it revises the batch's target with its reason, keeps
// the original target as the baseline and creates no building. Without the reason nothing changes.
import { createStaffContext, csrfOf, signedIn, type StaffContext } from '../helpers/staff-agent';
import { csv } from '../helpers/import-files';
import { mainText } from '../helpers/html';

let ctx: StaffContext;
let agent: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  ctx = await createStaffContext();
  agent = await signedIn(ctx, 'staff', 'targets-only');
});
afterAll(async () => { await ctx.close(); });

async function preview(file: string) {
  const page = await agent.get('/admin/import');
  return agent.post('/admin/import/preview').field('_csrf', csrfOf(page.text)).attach('files', Buffer.from(file), 'buildings.csv');
}

async function commit(res: Awaited<ReturnType<typeof preview>>) {
  const upload = /name="upload" value="([^"]+)"/.exec(res.text)?.[1];
  expect(upload).toBeDefined();
  const c = await agent.post('/admin/import/commit').type('form').send({ _csrf: csrfOf(res.text), upload });
  expect(c.status).toBe(303);
  for (let i = 0; i < 200; i++) {
    const job = await agent.get(`${c.headers.location}?format=json`);
    if (job.body.state !== 'running') return job.body;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the import did not end');
}

// Jest runs these in a random order: each test changes a batch of its own (1 and 2 of the seed).
const batch = (id: number) => ctx.db.selectFrom('batches').select(['target_delivery_date', 'baseline_target_date']).where('id', '=', id).executeTakeFirstOrThrow();
const buildings = async () => Number((await ctx.db.selectFrom('buildings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

test('without the reason the target change is refused, naming 改期原因; nothing changes', async () => {
  const before = { batch: await batch(1), buildings: await buildings() };
  const res = await preview(csv([['村', '项目', '批次', '目标交付日期'], ['赵村', '赵村城中村改造安置住宅', '第一批', '2025-06']]));
  expect(res.status).toBe(400);
  const text = mainText(res.text);
  expect(text).not.toContain('缺少必需的列');
  expect(text).toContain('改期原因');
  expect(res.text).not.toMatch(/name="upload" value=/);
  expect({ batch: await batch(1), buildings: await buildings() }).toEqual(before);
});

test('with the reason: the target is revised, the seed target 2024-12-31 stays the baseline, no building is created', async () => {
  const before = await buildings();
  const res = await preview(csv([['村', '项目', '批次', '目标交付日期', '改期原因'], ['赵村', '赵村城中村改造安置住宅', '第二批', '2025-06', '主体施工延误']]));
  expect(res.status).toBe(200);
  expect(mainText(res.text)).not.toContain('缺少必需的列');
  const job = await commit(res);
  expect(job.state).toBe('done');
  // a month target is kept as that month's last day
  expect(await batch(2)).toEqual({ target_delivery_date: '2025-06-30', baseline_target_date: '2024-12-31' });
  expect(await buildings()).toBe(before);
  const revision = await ctx.db.selectFrom('target_revisions').select(['reason']).where('scope_type', '=', 'batch').where('scope_id', '=', 2).executeTakeFirstOrThrow();
  expect(revision.reason).toBe('主体施工延误');
});

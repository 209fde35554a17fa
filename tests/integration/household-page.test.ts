// A batch's public page tells its households' story: the ladder with counts and dates, the wait for
// certificates, the records, and the allowance paid for the delay by the district's rule. Worked
// out by hand from the records written here.
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';
import { recordHouseholds, type HouseholdInput } from '../../src/services/household.service';
import { recordMilestone, submitReport } from '../../src/services/milestone-report.service';
import { loadSettings, saveSettings } from '../../src/services/settings.service';
import { replaceAllowanceRule } from '../../src/repositories/household.repository';
import { formatterFor } from '../../src/web/format';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { signedInAgent } from '../helpers/sign-in';

const TODAY = '2026-11-26';
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  const input = (asOf: string, over: Partial<HouseholdInput>): HouseholdInput => ({
    batchId: 1, asOf, households: null, allocated: null, notices: null, handedOver: null, movedIn: null, certificates: null, correctionReason: null, ...over,
  });
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input('2024-03-15', { households: 100, allocated: 100, notices: 100, handedOver: 60, movedIn: 20 }));
  await recordHouseholds(ctx.db, SYSTEM_ACTOR, TODAY, input('2025-03-15', { movedIn: 50, certificates: 10 }));
  await replaceAllowanceRule(ctx.db, 1, '2020-01-01', [{ districtId: 1, effectiveFrom: '2020-01-01', basis: 'household', amountYuan: 1000, minAreaM2: null, afterMonths: 0, multiplier: 1, paidUntil: 'handover_month' }]);
});
afterAll(() => ctx.close());

const zh = formatterFor('zh');
const en = formatterFor('en');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('the ladder: each step\'s count of the households, the step under way and for how long', async () => {
  const page = text((await request(ctx.app).get('/batches/1')).text);
  expect(page).toContain('截至 2025年3月15日 的记录，本批应安置 100户');
  // allocated 100 of 100 and notices 100 of 100 are done; keys 60 of 100 is the step under way,
  // since its first households on 2024-03-15: 2024-03-15 → 2026-11-26 is 986 days
  expect(page).toMatch(/选房 100 \/ 100户 100%/);
  expect(page).toMatch(/交房（领钥匙） 60 \/ 100户 60%/);
  expect(page).toContain(`这一步已进行 ${zh.count(986, 'days')}`);
  expect(page).toMatch(/入住 50 \/ 100户 50%/);
  expect(page).toMatch(/办证 10 \/ 100户 10%/);
});

test('keys to certificate: ten households waited a year; fifty more have waited since March 2024', async () => {
  const page = text((await request(ctx.app).get('/batches/1')).text);
  // the first 10 keys (2024-03-15) got the 10 certificates (2025-03-15): 365 days each
  expect(page).toContain(`中位时间为 ${zh.count(365, 'days')}`);
  // households 11–60 have keys since 2024-03-15 and no certificate: 986 days on 2026-11-26, past 12 months
  expect(page).toContain(`还有 50 户已交房未办证，等得最久的已 ${zh.count(986, 'days')}`);
  expect(page).toContain('办证滞后');
});

test('the allowance paid for the delay, by the district\'s rule, month by month', async () => {
  const page = text((await request(ctx.app).get('/batches/1')).text);
  // original target end of 2023; 1,000 yuan per household per month, paid until the month of the keys:
  // Jan–Mar 2024: no keys before March's record, 100 × 1,000 × 3 = 300,000
  // Apr 2024–Nov 2026: 40 without keys, 32 months × 40,000 = 1,280,000 → 1,580,000 in all, this month 40,000
  expect(page).toContain(`原定交付期之后已支付约 ${zh.money(1_580_000)}，本月约 ${zh.money(40_000)}`);
  expect(page).toContain('2020年1月1日 起的标准：每户每月 1,000元；支付到交房当月');
  // the target has passed and there is no forecast: nothing is projected, and the page says why
  expect(page).toContain('没有预计交付日期，无法估算还要支付多少');
  // the flat-rate line of the settings gives way to the rule's figure
  expect(page).not.toContain('因延期多支付的过渡安置费约');
});

test('in English, the same story in English', async () => {
  const page = text((await request(ctx.app).get('/batches/1').set('Accept-Language', 'en')).text);
  expect(page).toContain('Households back home');
  expect(page).toContain(`this step began ${en.count(986, 'days')} ago`);
  expect(page).toContain(`about ${en.money(1_580_000)} has been paid; this month about ${en.money(40_000)}`);
});

test('a batch without household records says why its ladder is empty', async () => {
  const page = text((await request(ctx.app).get('/batches/2')).text);
  expect(page).toContain('还没有这一批次的回迁户数记录');
});

test('the project, village and district pages show the households\' rates, and set the report beside them', async () => {
  // batch 1 only: 100 to resettle, 100 chosen, 60 keys, 50 moved in, 10 certificates
  for (const path of ['/projects/1', '/villages/1', '/']) {
    const page = text((await request(ctx.app).get(path)).text);
    expect([path, page]).toEqual([path, expect.stringContaining('应安置 100户')]);
    expect(page).toMatch(/交房率 60% 60 \/ 100户/);
    expect(page).toMatch(/回迁入住率 50% 50 \/ 100户/);
    expect(page).toMatch(/办证率 10% 10 \/ 100户/);
  }
});

test('a report of households back that disagrees with the records is flagged beside them', async () => {
  await submitReport(ctx.db, SYSTEM_ACTOR, TODAY, {
    scopeType: 'project', scopeId: 1, asOf: '2025-06-01', plannedAreaM2: null, startedAreaM2: null, deliveredAreaM2: null, householdsEntitled: 100, householdsReturned: 45,
    peopleEntitled: null, peopleReturned: null, publishedStartRate: null, publishedDeliveryRate: null, publishedReturnRate: null, sourceTitle: null, note: null, isCorrection: false, correctionReason: null,
  });
  const page = text((await request(ctx.app).get('/projects/1')).text);
  // the report says 45 back; the records count 50 moved in
  expect(page).toContain('2025年6月1日 的报送说已回迁 45户，逐批记录的入住户数是 50户，两者不一致');
});

test('the district\'s 首套房回迁 is computed from the records: not yet while 40 wait, dated once the last keys are handed over', async () => {
  expect(text((await request(ctx.app).get('/')).text)).toMatch(/首套房回迁 ?：尚未实现：还有 40户 没有领到钥匙/);
  const own = await createTestContext();
  try {
    const r = (asOf: string, handedOver: number): HouseholdInput => ({ batchId: 1, asOf, households: 20, allocated: 20, notices: 20, handedOver, movedIn: null, certificates: null, correctionReason: null });
    await recordHouseholds(own.db, SYSTEM_ACTOR, TODAY, r('2025-01-10', 12));
    await recordHouseholds(own.db, SYSTEM_ACTOR, TODAY, r('2025-04-20', 20));
    // batch 1's keys are all handed over, but batch 2 has no records: its households cannot be known to have keys
    expect(text((await request(own.app).get('/')).text)).toMatch(/首套房回迁 ?：尚未确认：还有 1 个批次没有回迁户数记录/);
    await recordHouseholds(own.db, SYSTEM_ACTOR, TODAY, { ...r('2025-03-05', 8), batchId: 2, households: 8, allocated: 8, notices: 8 });
    expect(text((await request(own.app).get('/')).text)).toMatch(/首套房回迁 ?：2025年4月20日 起，全区应安置的每一户都已领到钥匙/);
    // a batch known to have no households does not hold it back
    await own.db.insertInto('batches').values({ project_id: 1, sequence: 9, name_zh: '空批', name_en: null, target_delivery_date: null, baseline_target_date: null, baseline_target_precision: null, actual_delivery_date: null, households: 0, note: null, note_en: null }).execute();
    expect(text((await request(own.app).get('/')).text)).toMatch(/首套房回迁 ?：2025年4月20日 起/);
  } finally {
    await own.close();
  }
});

test('the public CSV carries each project\'s household counts and rates', async () => {
  const csv = (await request(ctx.app).get('/export/public.csv')).text.replace(/^\uFEFF/, '');
  const [head, ...lines] = csv.trim().split(/\r?\n/);
  const cols = head!.split(',');
  const row = lines.map((l) => l.split(',')).find((c) => c[cols.indexOf('项目')] === '赵村城中村改造安置住宅')!;
  const cell = (name: string) => row[cols.indexOf(name)];
  // batch 1's latest record: 100 to resettle, 100 chosen, 60 keys, 50 moved in, 10 certificates; keys 60 %, back 50 %
  expect([cell('安置户数'), cell('已选房户数'), cell('已交房户数'), cell('已入住户数'), cell('已办证户数'), cell('交房率'), cell('回迁入住率'), cell('户数截至')])
    .toEqual(['100', '100', '60', '50', '10', '0.6', '0.5', '2025-03-15']);
});

test('how long certificates may lag is an administrator\'s setting: at 36 months the 986-day wait is not late yet', async () => {
  const own = await createTestContext();
  try {
    const r = (asOf: string, over: Partial<HouseholdInput>): HouseholdInput => ({ batchId: 1, asOf, households: 10, allocated: 10, notices: 10, handedOver: 10, movedIn: null, certificates: null, correctionReason: null, ...over });
    await recordHouseholds(own.db, SYSTEM_ACTOR, TODAY, r('2024-03-15', {}));
    expect(text((await request(own.app).get('/batches/1')).text)).toContain('办证滞后');
    const s = await loadSettings(own.db);
    await saveSettings(own.db, SYSTEM_ACTOR, { ...s, certificateLagMonths: 36 });
    const page = text((await request(own.app).get('/batches/1')).text);
    expect(page).toContain(`等得最久的已 ${zh.count(986, 'days')}`);
    expect(page).not.toContain('办证滞后');
  } finally {
    await own.close();
  }
});

test('the officials\' dashboard works the cost of delay out by the district\'s rule, with this month\'s run rate', async () => {
  const official = await signedInAgent(ctx.app, ctx.db, 'official');
  const page = text((await official.agent.get('/dashboard')).text);
  expect(page).toContain('按本区 2020年1月1日 起施行的过渡安置费标准');
  // batch 1, worked out above: 1,580,000 to date, 40,000 this month
  expect(page).toContain(zh.money(1_580_000));
  expect(page).toContain(`本月约 ${zh.money(40_000)}`);
});

test('a batch delivered late, with households still waiting for keys, still counts on the dashboard\'s cost', async () => {
  const own = await createTestContext();
  try {
    await recordMilestone(own.db, SYSTEM_ACTOR, TODAY, { target: { kind: 'batch', id: 1 }, stage: 'delivered', date: '2024-06-01', note: null });
    await recordHouseholds(own.db, SYSTEM_ACTOR, TODAY, { batchId: 1, asOf: '2024-07-01', households: 10, allocated: 10, notices: 10, handedOver: 4, movedIn: null, certificates: null, correctionReason: null });
    await replaceAllowanceRule(own.db, 1, '2020-01-01', [{ districtId: 1, effectiveFrom: '2020-01-01', basis: 'household', amountYuan: 1000, minAreaM2: null, afterMonths: 0, multiplier: 1, paidUntil: 'handover_month' }]);
    const official = await signedInAgent(own.app, own.db, 'official');
    const page = (await official.agent.get('/dashboard')).text;
    // target end of 2023: Jan–Jul 2024 all 10 paid (no keys counted before July's record), 7 × 10,000 = 70,000;
    // Aug 2024–Nov 2026, 28 months × 6 without keys × 1,000 = 168,000 → 238,000
    expect(page).toMatch(/data-cost-batch="1"/);
    expect(text(page)).toContain(zh.money(238_000));
  } finally {
    await own.close();
  }
});

test('where household records exist, the return rate comes from them: the overview\'s card, the dashboard\'s card and its village row', async () => {
  // only batch 1 has records: 50 of its 100 households moved back in (2025-03-15), so the district's
  // and village 1's return rate is 50 / 100 = 50 % (shown without trailing zeros); the report's people back stay beside it
  const overview = text((await request(ctx.app).get('/')).text);
  expect(overview).toContain('按回迁户数记录算： 已入住 50户 (50%)');
  expect(overview).not.toContain('还没有回迁户数记录');
  const official = await signedInAgent(ctx.app, ctx.db, 'official');
  const html = (await official.agent.get('/dashboard')).text;
  const card = text(html.match(/data-rate="returnRate"[\s\S]*?<\/a>/)![0]);
  expect(card).toContain('按回迁户数记录算： 50%');
  const row = html.match(/<tr data-village="1">[\s\S]*?<\/tr>/)![0];
  expect(text(row.match(/data-label="回迁率"[\s\S]*?<\/td>/)![0])).toContain('50%');
  // one formula is said: the district's rule, not the flat rate's
  expect(text(html)).not.toContain('本批户数 × 每户每月标准');
  const en = text((await official.agent.get('/dashboard?lang=en')).text);
  expect(en).toContain('Counted from the household records: 50%');
});

test('without household records the return card says that is what is missing, not the buildings', async () => {
  const own = await createTestContext();
  try {
    const official = await signedInAgent(own.app, own.db, 'official');
    const html = (await official.agent.get('/dashboard')).text;
    const card = text(html.match(/data-rate="returnRate"[\s\S]*?<\/a>/)![0]);
    expect(card).toContain('还没有回迁户数记录');
    expect(card).not.toContain('楼栋面积');
    expect(text((await request(own.app).get('/')).text)).toContain('还没有回迁户数记录');
  } finally {
    await own.close();
  }
});

test('a month with nothing paid says why, not "about 0 yuan": paid in all once every key is handed over, nothing when keys came before the target', async () => {
  const own = await createTestContext();
  try {
    await replaceAllowanceRule(own.db, 1, '2020-01-01', [{ districtId: 1, effectiveFrom: '2020-01-01', basis: 'household', amountYuan: 1000, minAreaM2: null, afterMonths: 0, multiplier: 1, paidUntil: 'handover_month' }]);
    // batch 1, target end of 2023: 10 households, all keys recorded on 2024-07-01; paid Jan–Jul 2024, 7 × 10 × 1,000 = 70,000
    await recordHouseholds(own.db, SYSTEM_ACTOR, TODAY, { batchId: 1, asOf: '2024-07-01', households: 10, allocated: 10, notices: 10, handedOver: 10, movedIn: null, certificates: null, correctionReason: null });
    const ended = text((await request(own.app).get('/batches/1')).text);
    expect(ended).toContain(`原定交付期之后共支付约 ${zh.money(70_000)}；按标准，本月已不再因延期支付。`);
    expect(ended).not.toContain(`本月约 ${zh.money(0)}`);
    expect(text((await request(own.app).get('/batches/1?lang=en')).text)).toContain(`about ${en.money(70_000)} has been paid in all; under the rule nothing is paid for the delay this month.`);
    // batch 2, target December 2024: every key handed over in November 2024, before it
    await recordHouseholds(own.db, SYSTEM_ACTOR, TODAY, { batchId: 2, asOf: '2024-11-01', households: 10, allocated: 10, notices: 10, handedOver: 10, movedIn: null, certificates: null, correctionReason: null });
    expect(text((await request(own.app).get('/batches/2')).text)).toContain('还没有因延期多付过渡安置费');
  } finally {
    await own.close();
  }
});

test('a village registered with more households than its batches\' records says how the two figures relate', async () => {
  const was = (await ctx.db.selectFrom('villages').select('households_entitled').where('id', '=', 1).executeTakeFirstOrThrow()).households_entitled;
  await ctx.db.updateTable('villages').set({ households_entitled: 2080 }).where('id', '=', 1).execute();
  try {
    // batch 1's records count 100 households; the village itself is registered with 2,080
    const page = text((await request(ctx.app).get('/villages/1')).text);
    expect(page).toContain('村里登记的应回迁户数是 2,080户；这里的 100户 只是已有回迁户数记录的各批次相加。');
  } finally {
    await ctx.db.updateTable('villages').set({ households_entitled: was }).where('id', '=', 1).execute();
  }
});

import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeBrowser, launchChromium, startTestApp, type LaunchedBrowser, type RunningApp } from '../helpers/browser';
import { createAccount, strongPassword } from '../helpers/sign-in';

/**
 * A resident's anonymous message on a 390 px phone, in Chinese: from a batch page's "有问题、建议或投诉？"
 * to the form; sent too soon (refused as a script would be), then with a mobile number (refused beside
 * the text, which is kept), then without; its tracking code; a member of staff answers it from the
 * queue; the resident, with nothing but the code (a fresh browser, no cookies), reads the answer, also
 * when typing the code in lower case with spaces. And the form in English. Screenshots to look at land
 * in /work/shots/feedback-*.png (SHOTS overrides the folder).
 */

const SHOTS = process.env.SHOTS || '/work/shots';
/** The smallest wait the configuration allows that is still a wait (whole seconds; 0 turns it off). */
const MIN_FILL_SECONDS = 1;
const USERNAME = 'feedback_staff';
const PASSWORD = strongPassword();
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };
const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

const WITH_NUMBER = '8栋外墙有裂缝，下雨就渗水，已经两个月没人来修。请打电话给我 13812345678。';
const WITHOUT_NUMBER = '8栋外墙有裂缝，下雨就渗水，已经两个月没人来修。';
const ANSWER = '已安排施工单位在12月5日前修补8栋外墙裂缝，修补后会做淋水试验。';

let app: RunningApp;
let chromium: LaunchedBrowser;

async function open(options: Parameters<LaunchedBrowser['browser']['newContext']>[0]): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await chromium.browser.newContext(options);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // a refused form answers 400, which Chromium logs as a failed resource
    if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems };
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `feedback-${name}.png`), fullPage: true });
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

async function submit(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click('#f-form button[type="submit"]')]);
}

describeBrowser('a resident is heard, on a phone', () => {
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    app = await startTestApp({ env: { FEEDBACK_MIN_FILL_SECONDS: String(MIN_FILL_SECONDS) } });
    await createAccount(app.ctx.db, { username: USERNAME, password: PASSWORD, role: 'staff' });
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  test('a complaint from a batch page: refused when sent too soon and with a phone number, then answered by staff and read with its code', async () => {
    const resident = await open(PHONE);
    let code: string;
    try {
      const { page } = resident;
      // 1. the batch page's way to be heard, and the form it leads to, within the phone's width
      await page.goto(`${app.baseUrl}/batches/1`);
      const link = page.locator('a[data-feedback-link]');
      expect(await page.locator('#h-be-heard').textContent()).toBe('有问题、建议或投诉？');
      expect(await link.getAttribute('href')).toBe('/feedback/new?batch=1');
      await link.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, 'feedback-batch-cta-390.png') });
      await Promise.all([page.waitForURL(/\/feedback\/new\?batch=1$/), link.click()]);
      expect(await page.locator('h1').textContent()).toBe('匿名留言');
      expect(await page.locator('label[for="f-body"]').textContent()).toContain('留言内容');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      // the honeypot is for scripts, not people: rendered (not display:none), but off the screen
      const hp = await page.locator('#f-website').boundingBox();
      expect(hp!.x + hp!.width).toBeLessThanOrEqual(0);
      await shot(page, 'form-390');

      // 2a. sent at once, as a script would: refused for the whole form, what was typed kept
      // (shown again first: showing the form starts the clock, and the checks above took a while)
      await page.reload();
      const shownAt = Date.now();
      await page.selectOption('#f-messageKind', 'complaint');
      await page.selectOption('#f-category', 'quality');
      await page.fill('#f-body', WITH_NUMBER);
      await submit(page);
      const tooSoonAfter = Date.now() - shownAt;
      expect(tooSoonAfter).toBeLessThan(MIN_FILL_SECONDS * 1000); // else the step below proves nothing
      expect(page.url()).toBe(`${app.baseUrl}/feedback/new?batch=1`);
      expect(await page.locator('.error-summary').textContent()).toContain('提交得太快了');
      expect(await page.locator('#f-body-error').count()).toBe(0);
      expect(await page.inputValue('#f-body')).toBe(WITH_NUMBER);
      expect(await page.inputValue('#f-messageKind')).toBe('complaint');
      expect(await page.inputValue('#f-category')).toBe('quality');
      await shot(page, 'too-soon-390');

      // 2b. after the fill time, the mobile number is refused beside the text, the text kept
      await page.waitForTimeout(Math.max(0, MIN_FILL_SECONDS * 1000 + 300 - (Date.now() - shownAt)));
      await submit(page);
      expect(page.url()).toBe(`${app.baseUrl}/feedback/new?batch=1`);
      const besideBody = page.locator('.field-error #f-body-error');
      expect(await besideBody.textContent()).toContain('请删去手机号码');
      expect(await page.getAttribute('#f-body', 'aria-invalid')).toBe('true');
      expect(await page.getAttribute('#f-body', 'aria-describedby')).toContain('f-body-error');
      expect(await page.inputValue('#f-body')).toBe(WITH_NUMBER);
      expect(await page.locator('.error-summary').textContent()).not.toContain('提交得太快了');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      await shot(page, 'phone-refused-390');

      // 3. without the number it is received: its page, its code, the ladder, no answer yet
      await page.fill('#f-body', WITHOUT_NUMBER);
      await submit(page);
      expect(page.url()).toMatch(/\/feedback\/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      code = (await page.locator('.tracking-code').getAttribute('data-code'))!;
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect((await page.locator('.tracking-code').textContent())!.trim()).toBe(code);
      expect(page.url()).toBe(`${app.baseUrl}/feedback/${code}`);
      expect(await page.locator('h1').textContent()).toBe('投诉 · 工程质量');
      expect(await page.locator('[data-status]').textContent()).toBe('已收到');
      expect(await page.locator('.rungs .rung-name').allTextContents()).toEqual(['已收到', '已受理', '已答复', '已关闭']);
      expect(await page.locator('.rungs li[aria-current="step"] .rung-name').textContent()).toBe('已收到');
      expect(await page.locator('#h-answer + .empty').textContent()).toContain('还没有答复');
      expect(await page.locator('#h-yours + .panel').textContent()).toContain(WITHOUT_NUMBER);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      await shot(page, 'sent-390');
      expect(resident.problems).toEqual([]);
    } finally {
      await resident.context.close();
    }

    // 4. staff, in a browser of their own: the queue, the message, the answer
    const staff = await open(PHONE);
    try {
      const { page } = staff;
      await page.goto(`${app.baseUrl}/login`);
      await page.fill('#username', USERNAME);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL(`${app.baseUrl}/admin`), page.click('form[action="/login"] button[type="submit"]')]);
      await page.goto(`${app.baseUrl}/admin/feedback`);
      const rows = page.locator('tr[data-feedback]');
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain('投诉 · 工程质量');
      await shot(page, 'queue-390');
      await Promise.all([page.waitForURL(/\/admin\/feedback\/\d+$/), rows.first().locator('a[href^="/admin/feedback/"]').click()]);
      expect(await page.locator('[data-body]').textContent()).toBe(WITHOUT_NUMBER);
      await page.fill('#f-answer', ANSWER);
      await Promise.all([page.waitForNavigation(), page.click('button[name="action"][value="answer"]')]);
      expect(page.url()).toMatch(/\/admin\/feedback\/\d+$/);
      expect(await page.locator('h1 .badge').textContent()).toBe('已答复');
      await shot(page, 'answered-staff-390');
      expect(staff.problems).toEqual([]);
    } finally {
      await staff.context.close();
    }

    // 5. the resident again, with only the code: the answer, also by a code typed carelessly
    const later = await open(PHONE);
    try {
      const { page } = later;
      await page.goto(`${app.baseUrl}/feedback/${code}`);
      expect(await page.locator('[data-status]').textContent()).toBe('已答复');
      expect(await page.locator('.rungs li[aria-current="step"] .rung-name').textContent()).toBe('已答复');
      expect(await page.locator('.answer').textContent()).toContain(ANSWER);
      expect(await page.locator('.tracking-code').count()).toBe(0); // "note the code" is said once, after sending
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      await shot(page, 'answer-390');

      const careless = code.toLowerCase().replace(/-/g, ' ');
      await page.goto(`${app.baseUrl}/feedback?tracking=${encodeURIComponent(careless)}`);
      expect(await page.locator('dd code').textContent()).toBe(code);
      expect(await page.locator('.answer').textContent()).toContain(ANSWER);

      // and the lookup box on /feedback does the same
      await page.goto(`${app.baseUrl}/feedback`);
      await page.fill('#f-tracking', ` ${careless} `);
      await Promise.all([page.waitForURL(/\/feedback\?tracking=/), page.locator('#f-tracking').press('Enter')]);
      expect(await page.locator('dd code').textContent()).toBe(code);
      expect(await page.locator('[data-status]').textContent()).toBe('已答复');
      expect(later.problems).toEqual([]);
    } finally {
      await later.context.close();
    }

    // the form and the message page at desktop width, to look at
    const wide = await open(DESKTOP);
    try {
      await wide.page.goto(`${app.baseUrl}/feedback/new?batch=1`);
      await shot(wide.page, 'form-1280');
      await wide.page.goto(`${app.baseUrl}/feedback/${code}`);
      await shot(wide.page, 'answer-1280');
    } finally {
      await wide.context.close();
    }
  }, 90_000);

  test('?lang=en shows the form in English', async () => {
    const { context, page, problems } = await open({ ...PHONE, locale: 'en-GB' });
    try {
      await page.goto(`${app.baseUrl}/feedback/new?project=1&lang=en`);
      expect(await page.locator('html').getAttribute('lang')).toMatch(/^en/);
      expect(await page.locator('h1').textContent()).toBe('Leave a message');
      expect(await page.locator('label[for="f-messageKind"]').textContent()).toContain('Kind of message');
      expect(await page.locator('label[for="f-category"]').textContent()).toContain('Category');
      expect(await page.locator('label[for="f-body"]').textContent()).toContain('Your message');
      expect(await page.locator('#f-messageKind option').allTextContents()).toEqual(['Choose', 'Question', 'Suggestion', 'Complaint']);
      expect(await page.locator('#f-form button[type="submit"]').textContent()).toBe('Send message');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      await shot(page, 'form-en-390');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

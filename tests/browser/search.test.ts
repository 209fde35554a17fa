import path from 'node:path';
import fs from 'node:fs';
import { describeBrowser, launchChromium, startTestApp, type LaunchedBrowser, type RunningApp } from '../helpers/browser';
import { addBatch, addProject } from '../helpers/fixtures';

/**
 * Search on a 390 px phone, as a resident uses it: typing in the header's box offers names as one
 * types (with JavaScript), the form searches (also without), and the results fit the screen.
 */

const SCREENSHOTS = path.join(__dirname, 'screenshots');
let app: RunningApp;
let chromium: LaunchedBrowser;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

describeBrowser('search on a phone', () => {
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestApp();
    // numbered buildings in 赵村, to find by number
    const project = await addProject(app.ctx.db, { villageId: 1, nameZh: '赵村北区安置房' });
    await addBatch(app.ctx.db, { projectId: project, sequence: 1, nameZh: '第一批', targetDeliveryDate: '2027-06-30', buildings: 3, stage: 'structure', stageDate: '2026-05-01', code: (n) => `${n}号楼` });
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  test('typing "zc" in the header offers 赵村; searching lists it first, within the screen', async () => {
    const context = await chromium.browser.newContext(PHONE);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(`${app.baseUrl}/`);
      await page.locator('#site-q').pressSequentially('zc', { delay: 30 });
      // the suggestions fill the box's datalist
      await page.waitForFunction(() => document.querySelectorAll('#site-q-list option').length > 0);
      const offered = await page.$$eval('#site-q-list option', (os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(offered[0]).toBe('赵村');
      await Promise.all([page.waitForURL(/\/search\?q=zc$/), page.locator('#site-q').press('Enter')]);
      expect(await page.locator('[data-group="villages"] li a').first().textContent()).toBe('赵村');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-search-zc.png'), fullPage: true });
      await page.locator('[data-group="villages"] li a').first().click();
      await page.waitForURL(/\/villages\/1$/);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test('without JavaScript the form still searches, and a fruitless search says what to try', async () => {
    const context = await chromium.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${app.baseUrl}/projects/1`);
      await page.fill('#site-q', '不存在的村');
      await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('header .search-form button[type="submit"]').click()]);
      expect(await page.locator('[data-search="none"]').textContent()).toContain('可以试试');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-search-none.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 60_000);

  test('"赵村 2号楼" finds the building; its page shows its stages and its batch, within the screen', async () => {
    const context = await chromium.browser.newContext(PHONE);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(`${app.baseUrl}/`);
      await page.fill('#site-q', '赵村 2号楼');
      await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('#site-q').press('Enter')]);
      const link = page.locator('[data-group="buildings"] li a').first();
      expect(await link.textContent()).toBe('2号楼');
      await Promise.all([page.waitForURL(/\/buildings\/\d+$/), link.click()]);
      expect(await page.locator('h1').textContent()).toContain('2号楼');
      expect(await page.locator('.rungs li[aria-current="step"] .rung-name').textContent()).toBe('主体施工');
      expect(await page.locator('#h-its-batch').count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-building.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

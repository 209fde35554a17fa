import fs from 'node:fs';
import path from 'node:path';
import type { AxeResults, RunOptions } from 'axe-core';
import type { BrowserContext, Page } from 'playwright-core';
import { describeBrowser, launchChromium, startTestApp, type LaunchedBrowser, type RunningApp } from '../helpers/browser';
import { createAccount, strongPassword } from '../helpers/sign-in';

/**
 * A member of staff in a real Chromium: signs in through the form, records a milestone for batch 1
 * (first with a mistake, to see the error summary), then sees the new stage on the public batch page.
 * axe-core checks the sign-in page and the milestone form. Screenshots land in tests/browser/screenshots/.
 */

const SCREENSHOTS = path.join(__dirname, 'screenshots');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const USERNAME = 'browser_staff';
const PASSWORD = strongPassword();

let app: RunningApp;
let chromium: LaunchedBrowser;

async function openContext(extra: Parameters<LaunchedBrowser['browser']['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await chromium.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 }, ...extra });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems };
}

async function signInThroughTheForm(page: Page): Promise<void> {
  await page.goto(`${app.baseUrl}/login`);
  await page.fill('#username', USERNAME);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${app.baseUrl}/admin`), page.click('form[action="/login"] button[type="submit"]')]);
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: RunOptions): Promise<AxeResults> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => `${v.id} [${v.impact ?? '?'}] ${v.help} — ${v.nodes.length} node(s); first: ${JSON.stringify(v.nodes[0]?.target ?? [])} ${(v.nodes[0]?.html ?? '').slice(0, 160)}`);
  }, AXE_TAGS);
  return violations;
}

describeBrowser('staff workflow in Chromium', () => {
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestApp();
    await createAccount(app.ctx.db, { username: USERNAME, password: PASSWORD, role: 'staff' });
    chromium = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  test('sign in, make a mistake on the milestone form, correct it, and see the stage on the batch page', async () => {
    const { context, page, problems } = await openContext();
    try {
      await page.goto(`${app.baseUrl}/login`);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-login.png'), fullPage: true });
      await signInThroughTheForm(page);
      expect(await page.textContent('header .who')).toContain(USERNAME);

      // the milestone form, reached from batch 1's link, with the batch chosen
      await page.goto(`${app.baseUrl}/admin/milestones/new?batch=1`);
      expect(await page.inputValue('#f-target')).toBe('batch:1');
      await page.selectOption('#f-stage', 'accepted');
      await page.fill('#f-date', '');
      await page.fill('#f-note', '竣工验收 <已核对>');
      const [bad] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form.form button[type="submit"]')]);
      expect(bad.status()).toBe(400);
      await page.waitForLoadState('load');
      const summary = page.locator('.error-summary');
      await expect(summary.isVisible()).resolves.toBe(true);
      const summaryText = (await summary.textContent()) ?? '';
      expect(summaryText).toContain('日期');
      expect(await page.getAttribute('#f-date', 'aria-invalid')).toBe('true');
      expect(await page.textContent('#f-date-error')).toMatch(/\S/);
      // what was typed is kept
      expect(await page.inputValue('#f-stage')).toBe('accepted');
      expect(await page.inputValue('#f-note')).toBe('竣工验收 <已核对>');
      // the summary's link leads to the field
      await page.click('.error-summary a[href="#f-date"]');
      expect(new URL(page.url()).hash).toBe('#f-date');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-milestone-error.png'), fullPage: true });
      const milestonesBefore = await app.ctx.db.selectFrom('milestones').selectAll().execute();

      // corrected: saved, and the batch page shows the new stage for all its buildings
      await page.fill('#f-date', '2026-11-20');
      await Promise.all([page.waitForURL(`${app.baseUrl}/batches/1`), page.click('form.form button[type="submit"]')]);
      const stages = await page.locator('#h-buildings ~ .table-scroll tbody tr td:nth-child(2)').allTextContents();
      expect(stages.length).toBe(8);
      expect(stages.map((s) => s.trim())).toEqual(Array(8).fill('竣工验收'));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-batch-after-milestone.png'), fullPage: true });

      const milestonesAfter = await app.ctx.db.selectFrom('milestones').selectAll().execute();
      expect(milestonesAfter.length).toBe(milestonesBefore.length + 8);
      expect(milestonesAfter.slice(-8).every((m) => m.stage === 'accepted' && m.date === '2026-11-20' && m.note === '竣工验收 <已核对>')).toBe(true);

      // and anyone (a fresh, anonymous browser) sees it on the public page
      const anon = await chromium.browser.newContext({ locale: 'zh-CN' });
      try {
        const p = await anon.newPage();
        await p.goto(`${app.baseUrl}/batches/1`);
        const publicStages = await p.locator('#h-buildings ~ .table-scroll tbody tr td:nth-child(2)').allTextContents();
        expect(publicStages.map((s) => s.trim())).toEqual(Array(8).fill('竣工验收'));
        expect(await p.locator('header .who').count()).toBe(0);
      } finally {
        await anon.close();
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test('the sign-in page has no WCAG 2.1 A/AA violations (axe-core)', async () => {
    // axe is injected, so this context bypasses the CSP (which allows only same-origin scripts)
    const { context, page } = await openContext({ bypassCSP: true });
    try {
      await page.goto(`${app.baseUrl}/login`);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);

  test('the milestone form, blank and with an error, has no WCAG 2.1 A/AA violations (axe-core)', async () => {
    const { context, page } = await openContext({ bypassCSP: true });
    try {
      await signInThroughTheForm(page);
      await page.goto(`${app.baseUrl}/admin/milestones/new?batch=2`);
      expect(await axeViolations(page)).toEqual([]);
      await page.fill('#f-date', '2099-01-01');
      await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('form.form button[type="submit"]')]);
      await page.waitForLoadState('load');
      expect(await page.locator('.error-summary').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);
});

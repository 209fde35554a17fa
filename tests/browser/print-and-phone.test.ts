import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeBrowser, launchChromium, startTestApp, type LaunchedBrowser, type RunningApp } from '../helpers/browser';
import { createAccount, strongPassword } from '../helpers/sign-in';
import { recordMilestone } from '../../src/services/milestone-report.service';
import { SYSTEM_ACTOR } from '../../src/services/audit.service';

/**
 * Printing (issue 12 §6): every public page and the dashboard print to an A4 PDF in Chromium with no
 * navigation or language links, no chart split across pages and the status colours kept; and the
 * batch page's buildings are cards on a 390 px phone, nothing cut off. PDFs and the print-view
 * screenshots land in tests/browser/screenshots/ to look at.
 */

const SCREENSHOTS = path.join(__dirname, 'screenshots');
const OFFICIAL = 'print_official';
const STAFF = 'phone_staff';
const PASSWORD = strongPassword();

let app: RunningApp;
let chromium: LaunchedBrowser;

const PUBLIC = ['/', '/villages/1', '/projects/1', '/projects/2', '/batches/1', '/projects/1/records', '/villages/1/records', '/districts/1/records'];

async function open(viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await chromium.browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems };
}

/** What the print view hides and keeps, read from the computed styles. */
async function printFacts(page: Page) {
  await page.emulateMedia({ media: 'print' });
  return page.evaluate(() => {
    const shown = (sel: string) => [...document.querySelectorAll(sel)].filter((e) => getComputedStyle(e).display !== 'none').length;
    const charts = [...document.querySelectorAll('figure.chart')].map((f) => getComputedStyle(f).breakInside);
    const badge = document.querySelector('.badge-overdue, .badge-stale, .badge');
    const b = badge ? getComputedStyle(badge) : null;
    return {
      langLinks: shown('header.site nav.lang'),
      account: shown('header.site .account'),
      staffNav: shown('.admin-nav, .staff-links, .tabs'),
      charts,
      badge: b ? { background: b.backgroundColor, adjust: b.getPropertyValue('print-color-adjust') || b.getPropertyValue('-webkit-print-color-adjust') } : null,
    };
  });
}

/** A4 is 210 × 297 mm, 595 × 842 points. */
const A4 = { width: 595, height: 842 };
const pageSize = (pdf: Buffer) => {
  const m = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
  return m ? { width: Math.round(Number(m[1])), height: Math.round(Number(m[2])) } : null;
};

const slug = (p: string) => p.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'overview';


/** Prints the page to PDF as A4 (kept with a screenshot of the print view, to look at) and checks the paper size. */
async function printsToA4(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  fs.writeFileSync(path.join(SCREENSHOTS, `${name}.pdf`), pdf);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pageSize(pdf)).toEqual(A4);
}

/** How a table is laid out as cards: its rows, whether its header shows, its cells' labels and how wide it all is. */
function cardLayout(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const table = document.querySelector(sel)!;
    const rows = [...table.querySelectorAll('tbody tr')];
    const cells = [...table.querySelectorAll('tbody td')];
    return {
      rows: rows.length,
      rowDisplay: [...new Set(rows.map((r) => getComputedStyle(r).display))],
      headerShown: getComputedStyle(table.querySelector('thead')!).display !== 'none',
      labels: [...new Set(cells.map((c) => getComputedStyle(c, '::before').content))],
      widest: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
      pageWidth: document.documentElement.scrollWidth,
    };
  }, selector);
}

describeBrowser('pages that print, and the batch page on a phone', () => {
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestApp();
    await createAccount(app.ctx.db, { username: OFFICIAL, password: PASSWORD, role: 'official' });
    await createAccount(app.ctx.db, { username: STAFF, password: PASSWORD, role: 'staff' });
    chromium = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  test.each(PUBLIC)('%s prints to an A4 PDF: content only, charts whole, colours kept', async (url) => {
    const { context, page, problems } = await open();
    try {
      await page.goto(app.baseUrl + url);
      const facts = await printFacts(page);
      expect(facts.langLinks).toBe(0);
      expect(facts.account).toBe(0);
      expect(facts.staffNav).toBe(0);
      expect(facts.charts.every((v) => v === 'avoid')).toBe(true);
      if (facts.badge) {
        expect(facts.badge.adjust).toBe('exact');
        expect(facts.badge.background).not.toBe('rgba(0, 0, 0, 0)');
      }
      await printsToA4(page, `print-${slug(url)}`);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test("the officials' dashboard prints the same way", async () => {
    const { context, page, problems } = await open();
    try {
      await page.goto(`${app.baseUrl}/login`);
      await page.fill('#username', OFFICIAL);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL(`${app.baseUrl}/dashboard`), page.click('form[action="/login"] button[type="submit"]')]);
      const facts = await printFacts(page);
      expect(facts).toMatchObject({ langLinks: 0, account: 0, staffNav: 0 });
      expect(facts.charts.length).toBeGreaterThan(0);
      expect(facts.charts.every((v) => v === 'avoid')).toBe(true);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.dash-exports')!).display)).toBe('none');
      await printsToA4(page, 'print-dashboard');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test('lines are not smoothed, and the planned deliveries step at each target date', async () => {
    const { context, page, problems } = await open();
    try {
      await page.goto(`${app.baseUrl}/`);
      const lines = await page.evaluate(() => [...document.querySelectorAll('canvas[data-chart]')].map((c) => {
        const chart = (window as unknown as { Chart: { getChart(c: Element): { config: { type: string }; data: { datasets: { tension?: number; stepped?: unknown }[] } } | undefined } }).Chart.getChart(c);
        return chart ? { type: chart.config.type, datasets: chart.data.datasets.map((d) => ({ tension: d.tension, stepped: d.stepped })) } : null;
      }).filter((x) => x && x.type === 'line'));
      expect(lines).toEqual([{ type: 'line', datasets: [{ tension: 0, stepped: 'before' }, { tension: 0, stepped: 'before' }] }]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test("on a 390 px phone the batch's buildings are cards, each value beside its label, nothing cut off", async () => {
    const { context, page, problems } = await open({ width: 390, height: 844 });
    try {
      await page.goto(`${app.baseUrl}/batches/1`);
      const layout = await cardLayout(page, 'table.building-cards');
      // batch 1 of the seed: 8 buildings
      expect(layout.rows).toBe(8);
      expect(layout.rowDisplay).toEqual(['block']);
      expect(layout.headerShown).toBe(false);
      expect(layout.labels.slice(0, 5)).toEqual(['"当前阶段"', '"达到日期"', '"建筑面积"', '"层数"', '"套数"']);
      expect(layout.widest).toBeLessThanOrEqual(390);
      expect(layout.pageWidth).toBeLessThanOrEqual(390);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-batch-cards.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test('on a 390 px phone the audit log is one card per entry, each value under or beside its label, nothing cut off', async () => {
    const { context, page, problems } = await open({ width: 390, height: 844 });
    try {
      await page.goto(`${app.baseUrl}/login`);
      await page.fill('#username', STAFF);
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type="submit"]')]);
      // the sign-in just made is an entry; a batch edit gives one with a change listed
      await page.goto(`${app.baseUrl}/admin/batches/2/edit`);
      await page.fill('#f-households', '123');
      await Promise.all([page.waitForURL(`${app.baseUrl}/batches/2**`), page.click('main form button[type="submit"]')]);
      await page.goto(`${app.baseUrl}/admin/audit?signIns=1&username=${STAFF}`);
      const layout = await cardLayout(page, 'table.audit');
      expect(layout.rows).toBeGreaterThanOrEqual(2);
      expect(layout.rowDisplay).toEqual(['block']);
      expect(layout.headerShown).toBe(false);
      expect(layout.labels).toEqual(expect.arrayContaining(['"时间（北京时间）"', '"用户名"', '"操作"', '"修改内容"']));
      expect(layout.widest).toBeLessThanOrEqual(390);
      expect(layout.pageWidth).toBeLessThanOrEqual(390);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-audit-cards.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test('on a 390 px phone no public page is wider than the screen, in either language, with a long status badge (delivered late)', async () => {
    // its own app: batch 1 of the seed (target end of 2023) delivered on 2024-11-03, so its badge reads
    // "Delivered (3 Nov 2024) · 308 days late", which once widened the page by 66 px
    const own = await startTestApp();
    const { context, page, problems } = await open({ width: 390, height: 844 });
    try {
      await recordMilestone(own.ctx.db, SYSTEM_ACTOR, '2026-11-26', { target: { kind: 'batch', id: 1 }, stage: 'delivered', date: '2024-11-03', note: null });
      for (const lang of ['en', 'zh']) {
        for (const url of ['/', '/villages/1', '/projects/1', '/batches/1']) {
          await page.goto(`${own.baseUrl}${url}${url.includes('?') ? '&' : '?'}lang=${lang}`);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect({ url, lang, width }).toEqual({ url, lang, width: 390 });
        }
      }
      await page.goto(`${own.baseUrl}/projects/1?lang=en`);
      expect(await page.locator('.badge-delivered').first().textContent()).toMatch(/Delivered .* days late/);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-project-delivered-late-en.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await own.close();
    }
  }, 90_000);
});

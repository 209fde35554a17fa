import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';
import { describeBrowser, launchChromium, startTestApp, type LaunchedBrowser, type RunningApp } from '../helpers/browser';

/**
 * The public pages in a real Chromium, as a desktop and as a phone: Chinese by default, no errors,
 * charts drawn, nothing wider than a phone, no WCAG 2.1 A/AA violations that axe-core can find,
 * and the language switch sticks. Screenshots land in tests/browser/screenshots/ (git-ignored).
 */

const SCREENSHOTS = path.join(__dirname, 'screenshots');

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} satisfies Record<string, BrowserContextOptions>;
type ViewportName = keyof typeof VIEWPORTS;

/** A reader in mainland China: the app is Chinese by default but honours Accept-Language. */
const READER: BrowserContextOptions = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' };

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const HAN = /[\u3400-\u9fff]/;

interface PageUnderTest {
  name: string;
  path(): string;
}

let app: RunningApp;
let chromium: LaunchedBrowser;
let projectId: number;

const PAGES: PageUnderTest[] = [
  { name: 'overview', path: () => '/' },
  { name: 'project', path: () => `/projects/${projectId}` },
];

/** A fresh context (own cookies) and page that records everything that went wrong while it was open. */
async function openPage(viewport: ViewportName, extra: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await chromium.browser.newContext({ ...READER, ...VIEWPORTS[viewport], ...extra });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location();
    problems.push(`console error: ${m.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url} (${r.failure()?.errorText ?? '?'})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  return { context, page, problems };
}

async function visit(page: Page, urlPath: string): Promise<void> {
  const res = await page.goto(app.baseUrl + urlPath, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  // charts.js runs at the end of <body>; give it a moment before judging what it drew.
  await page
    .waitForFunction(() => Array.from(document.querySelectorAll('canvas[data-chart]')).every((c) => c.hasAttribute('data-drawn')), undefined, { timeout: 5000 })
    .catch(() => undefined);
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

interface PageFacts {
  lang: string;
  h1: string;
  charts: { caption: string; drawn: string | null; box: { w: number; h: number }; bitmap: { w: number; h: number } }[];
  scrollWidth: number;
  innerWidth: number;
  tooWide: string[];
}

function pageFacts(page: Page): Promise<PageFacts> {
  return page.evaluate(() => {
    const describe = (el: Element): string => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${id}${cls}`;
    };
    // The outermost elements that stick out to the right of the viewport (to say what to fix).
    const tooWide: string[] = [];
    const limit = window.innerWidth + 1;
    const walk = (el: Element): void => {
      const r = el.getBoundingClientRect();
      if (r.right > limit && r.width > 0) {
        tooWide.push(`${describe(el)} (right edge at ${Math.round(r.right)}px, ${Math.round(r.width)}px wide)`);
        return;
      }
      for (const child of Array.from(el.children)) walk(child);
    };
    if (document.body) walk(document.body);
    return {
      lang: document.documentElement.lang,
      h1: document.querySelector('h1')?.textContent?.trim() ?? '',
      charts: Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')).map((c) => {
        const r = c.getBoundingClientRect();
        return {
          caption: c.getAttribute('aria-label') ?? '',
          drawn: c.getAttribute('data-drawn'),
          box: { w: Math.round(r.width), h: Math.round(r.height) },
          bitmap: { w: c.width, h: c.height },
        };
      }),
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      tooWide: tooWide.slice(0, 10),
    };
  });
}

/** The fonts Chromium actually used to draw the h1's text (to see that Chinese glyphs had a font). */
async function fontsOfH1(page: Page): Promise<{ familyName: string; glyphCount: number }[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((f) => ({ familyName: f.familyName, glyphCount: f.glyphCount }));
  } finally {
    await cdp.detach();
  }
}

describeBrowser('public pages in Chromium', () => {
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestApp();
    chromium = await launchChromium();
    const res = await fetch(`${app.baseUrl}/api/v1/projects`);
    const body = (await res.json()) as { projects: { id: number; kind: string; isDemo: boolean }[] };
    const resettlement = body.projects.filter((p) => p.kind === 'resettlement');
    const project = resettlement.find((p) => !p.isDemo) ?? resettlement[0];
    if (!project) throw new Error('the seed has no resettlement project to look at');
    projectId = project.id;
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  for (const target of PAGES) {
    for (const vp of Object.keys(VIEWPORTS) as ViewportName[]) {
      test(`${target.name} on ${vp}: Chinese, no errors, charts drawn${vp === 'phone' ? ', no horizontal overflow' : ''}`, async () => {
        const { context, page, problems } = await openPage(vp);
        try {
          await visit(page, target.path());
          await screenshot(page, `${target.name}-${vp}`);
          const facts = await pageFacts(page);

          expect(problems).toEqual([]);

          expect(facts.lang).toBe('zh-CN');
          expect(facts.h1).toMatch(HAN);
          const fonts = await fontsOfH1(page);
          const cjkFont = fonts.find((f) => f.glyphCount > 0 && /CJK|Hei|Song|Kai|Ming|WenQuanYi|Droid Sans Fallback|PingFang|YaHei|SimSun/i.test(f.familyName));
          if (!cjkFont) throw new Error(`the h1 "${facts.h1}" was drawn without a CJK font (fonts used: ${JSON.stringify(fonts)}); install fonts-noto-cjk`);

          expect(facts.charts.length).toBeGreaterThan(0);
          const badCharts = facts.charts.filter((c) => c.drawn !== 'true' || c.box.w <= 0 || c.box.h <= 0 || c.bitmap.w <= 0 || c.bitmap.h <= 0);
          expect(badCharts).toEqual([]);

          if (vp === 'phone') {
            const overflow = facts.scrollWidth > facts.innerWidth + 1 ? { scrollWidth: facts.scrollWidth, innerWidth: facts.innerWidth, tooWide: facts.tooWide } : null;
            expect(overflow).toBeNull();
          }
        } finally {
          await context.close();
        }
      }, 30_000);

      test(`${target.name} on ${vp}: no WCAG 2.1 A/AA violations (axe-core)`, async () => {
        // The app's CSP allows only same-origin scripts, so axe is injected into a context that bypasses CSP.
        // The checks above run with the CSP in force.
        const { context, page } = await openPage(vp, { bypassCSP: true });
        try {
          await visit(page, target.path());
          await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
          const violations = await page.evaluate(async (tags) => {
            const axe = (window as unknown as { axe: { run(ctx: Document, opts: RunOptions): Promise<AxeResults> } }).axe;
            const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
            return results.violations.map((v) => ({
              id: v.id,
              impact: v.impact ?? null,
              help: v.help,
              helpUrl: v.helpUrl,
              nodes: v.nodes.length,
              target: JSON.stringify(v.nodes[0]?.target ?? []),
              html: (v.nodes[0]?.html ?? '').slice(0, 200),
              summary: (v.nodes[0]?.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300),
            }));
          }, AXE_TAGS);
          const report = violations.map(
            (v) => `${v.id} [${v.impact}] ${v.help} — ${v.nodes} node(s); first: ${v.target} ${v.html} — ${v.summary} (${v.helpUrl})`,
          );
          expect(report).toEqual([]);
        } finally {
          await context.close();
        }
      }, 30_000);
    }
  }

  test('the "English" switch turns the page English and the choice sticks on the next page', async () => {
    const { context, page, problems } = await openPage('desktop');
    try {
      await visit(page, '/');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

      await page.getByRole('link', { name: 'English', exact: true }).click();
      await page.waitForURL(/[?&]lang=en\b/);
      await page.waitForLoadState('load');
      const switched = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        current: document.querySelector('nav.lang [aria-current]')?.textContent?.trim() ?? null,
        h1: document.querySelector('h1')?.textContent?.trim() ?? '',
      }));
      expect(switched.lang).toBe('en');
      expect(switched.current).toBe('English');
      expect(switched.h1).toMatch(/[A-Za-z]/);
      await screenshot(page, 'overview-en-desktop');

      // A plain link, no ?lang: the cookie keeps it English.
      await visit(page, `/projects/${projectId}`);
      const next = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        current: document.querySelector('nav.lang [aria-current]')?.textContent?.trim() ?? null,
        chartLangs: Array.from(document.querySelectorAll('canvas[data-chart]')).map((c) => c.getAttribute('data-lang')),
      }));
      expect(next.lang).toBe('en');
      expect(next.current).toBe('English');
      expect(next.chartLangs.every((l) => l === 'en')).toBe(true);
      await screenshot(page, 'project-en-desktop');

      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);
});

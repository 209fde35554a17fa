import path from 'node:path';
import fs from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describeBrowser, launchChromium, startTestApp, type LaunchedBrowser, type RunningApp } from '../helpers/browser';

/**
 * The site-board poster in a real Chromium: its QR code, read back from a screenshot with a QR
 * decoder (jsQR), holds the project page's address at PUBLIC_BASE_URL; it prints on one A4 sheet.
 */

const SCREENSHOTS = path.join(__dirname, 'screenshots');
let app: RunningApp;
let chromium: LaunchedBrowser;

describeBrowser('the site-board poster', () => {
  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    app = await startTestApp({ publicBaseUrl: 'https://tracker.example.gov.cn' });
    chromium = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  test('its QR code decodes to the project page at the public address; it prints on one A4 page', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(`${app.baseUrl}/projects/1/poster`);
      const shot = await page.locator('.poster-qr').screenshot({ path: path.join(SCREENSHOTS, 'poster-qr.png') });
      const png = PNG.sync.read(shot);
      const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
      expect(code?.data).toBe('https://tracker.example.gov.cn/projects/1');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      fs.writeFileSync(path.join(SCREENSHOTS, 'poster.pdf'), pdf);
      // one sheet: a single /Type /Page object
      expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length).toBe(1);
    } finally {
      await context.close();
    }
  }, 60_000);
});

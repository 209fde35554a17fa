// The site-board poster: the project's batches with both targets and status, a QR code (an SVG from
// the qrcode library) to the project page at PUBLIC_BASE_URL, the feed and search addresses.
import request from 'supertest';
import { mainText } from '../helpers/html';
import { createTestContext, type TestContext } from '../helpers/test-app';
import { loadConfig } from '../../src/config';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext({ publicBaseUrl: 'https://tracker.example.gov.cn/' }); });
afterAll(() => ctx.close());

test('the poster lists the batches with their targets and status, and the addresses at the public base URL', async () => {
  const res = await request(ctx.app).get('/projects/1/poster');
  expect(res.status).toBe(200);
  const t = mainText(res.text);
  expect(t).toContain('赵村城中村改造安置住宅');
  // batch 1: 8 buildings, target end of 2023 (never revised: original and current alike), overdue
  expect(t).toMatch(/第一批 8栋 2023年底 2023年底 在建 已逾期 · 晚 1,061 天/);
  expect(t).toContain('https://tracker.example.gov.cn/projects/1');
  expect(t).toContain('https://tracker.example.gov.cn/feeds/project/1.atom');
  expect(t).toContain('https://tracker.example.gov.cn/feedback/new?project=1');
  expect(t).toContain('https://tracker.example.gov.cn/search');
  expect(res.text).toMatch(/<div class="poster-qr" role="img" aria-label="二维码，指向 https:\/\/tracker\.example\.gov\.cn\/projects\/1"><svg[^>]*viewBox/);
  // configured: no note asking for it
  expect(t).not.toContain('PUBLIC_BASE_URL');
  expect(mainText((await request(ctx.app).get('/projects/1/poster?lang=en')).text)).toContain('Scan for the latest progress');
});

test('the project page links its poster', async () => {
  expect((await request(ctx.app).get('/projects/1')).text).toContain('<a href="/projects/1/poster">打印工地公示海报（A4，带二维码）</a>');
});

test('without PUBLIC_BASE_URL the address the page was opened at is used, and a note (not printed) says to set it', async () => {
  const own = await createTestContext();
  try {
    const res = await request(own.app).get('/projects/1/poster').set('Host', 'localhost:3000');
    expect(mainText(res.text)).toContain('http://localhost:3000/projects/1');
    expect(res.text).toContain('class="poster-setup"');
  } finally {
    await own.close();
  }
});

test('a project that does not exist is 404; a bad id 400; a bad PUBLIC_BASE_URL stops the start naming it', async () => {
  expect((await request(ctx.app).get('/projects/999999/poster')).status).toBe(404);
  expect((await request(ctx.app).get('/projects/x/poster')).status).toBe(400);
  expect(() => loadConfig({ PUBLIC_BASE_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_BASE_URL/);
  expect(() => loadConfig({ PUBLIC_BASE_URL: 'not a url' })).toThrow(/PUBLIC_BASE_URL/);
  expect(loadConfig({ PUBLIC_BASE_URL: 'https://a.example/' }).publicBaseUrl).toBe('https://a.example');
});

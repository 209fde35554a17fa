import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { createTestContext, type TestContext } from './test-app';

/**
 * Browser tests use the system's Chromium (Debian's `chromium` package); they never download one.
 * `CHROMIUM_PATH` overrides where it is looked for.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** When set (CI does), a missing Chromium fails the run instead of skipping the browser suite. */
export const REQUIRE_BROWSER = process.env.REQUIRE_BROWSER === '1';

export function chromiumAvailable(file: string = CHROMIUM_PATH): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

let warned = false;
function warnSkippedOnce(): void {
  if (warned) return;
  warned = true;
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM_PATH}; install Debian's chromium to run them`);
}

/**
 * `describe` for suites that need Chromium. Without one the suite is skipped with a visible warning,
 * unless REQUIRE_BROWSER=1, in which case the missing browser is reported as a failing test.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (chromiumAvailable()) {
    describe(name, fn);
    return;
  }
  if (REQUIRE_BROWSER) {
    describe(name, () => {
      test('Chromium is installed', () => {
        throw new Error(
          `REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM_PATH}. ` +
            `Install Debian's chromium (apt-get install --no-install-recommends chromium fonts-noto-cjk) or set CHROMIUM_PATH.`,
        );
      });
    });
    return;
  }
  warnSkippedOnce();
  describe.skip(name, fn);
}

/** Flags that keep a headless Chromium quiet on a closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedBrowser {
  /** The one browser process; make a fresh `browser.newContext()` per test. */
  browser: Browser;
  /** The persistent default context Chromium was launched with. */
  context: BrowserContext;
  close(): Promise<void>;
}

/** Starts one headless Chromium on a fresh temporary profile; `close()` stops it and removes the profile. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  } catch (err) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const browser = context.browser();
  if (!browser) {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw new Error('Chromium started without a Browser handle');
  }
  return {
    browser,
    context,
    async close() {
      try {
        await context.close();
      } finally {
        fs.rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

export interface RunningApp {
  /** e.g. http://127.0.0.1:40123 (no trailing slash) */
  baseUrl: string;
  ctx: TestContext;
  close(): Promise<void>;
}

/** The real app on a fresh seeded database, listening on 127.0.0.1 on a free port. */
export async function startTestApp(opts: Parameters<typeof createTestContext>[0] = {}): Promise<RunningApp> {
  const ctx = await createTestContext(opts);
  const server = ctx.app.listen(0, '127.0.0.1');
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (err) {
    await ctx.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    ctx,
    async close() {
      // Browsers keep connections alive; drop them so that close() does not wait for their timeout.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.close();
    },
  };
}

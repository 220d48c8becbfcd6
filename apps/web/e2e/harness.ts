import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '@acct/server/testing';
import { type Browser, type Page, chromium } from 'playwright-core';

/** Debian's Chromium, with the flags this network needs (no background calls home). */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Screenshots land here (git-ignored), one per screen and language. */
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * The real server (built SPA, fresh SQLite) on a known port, so that picture URLs point at it,
 * and a Chromium whose every context starts with an empty profile.
 */
export async function startE2E({
  host = '127.0.0.1',
}: {
  /**
   * The name the browser and PUBLIC_URL use for the server (it listens on 127.0.0.1 either way).
   * WebAuthn needs `localhost`: Chromium takes no IP address as a relying party ID.
   */
  host?: '127.0.0.1' | 'localhost';
} = {}) {
  const port = await freePort();
  const origin = `http://${host}:${port}`;
  const server = await startTestServer({ PUBLIC_URL: origin }, { port });
  // playwright's launch() gives each run a fresh temporary user-data dir.
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    origin,
    server,
    browser,
    /** A new, cookie-less browser window; `mobile` is a 375 px wide phone screen. */
    async newPage({
      lang = 'en',
      mobile = false,
    }: { lang?: 'en' | 'zh'; mobile?: boolean } = {}): Promise<Page> {
      const context = await browser.newContext({
        baseURL: origin,
        locale: lang === 'zh' ? 'zh-CN' : 'en-US',
        viewport: mobile ? { width: 375, height: 740 } : { width: 1100, height: 800 },
      });
      return context.newPage();
    },
    screenshot: (page: Page, name: string) =>
      page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true }),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export type E2E = Awaited<ReturnType<typeof startE2E>>;

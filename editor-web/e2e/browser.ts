import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export interface EditorSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page. */
  errors: string[];
  close: () => Promise<void>;
}

/**
 * Debian's chromium, headless, with a fresh profile (so a fresh localStorage) and no background
 * traffic, opened on the editor at a fixed window size.
 */
export async function openEditor(baseUrl: string, size = { width: 1600, height: 1000 }, waitForFirstLayout = true): Promise<EditorSession> {
  const profile = mkdtempSync(join(tmpdir(), 'callytics-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: size,
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(baseUrl);
  await page.waitForSelector('.react-flow__node');
  // A fresh profile opens the example, which has no positions: wait for its layout to land.
  if (waitForFirstLayout) await page.waitForSelector('.app[data-layout-runs="1"]', { timeout: 60_000 });
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

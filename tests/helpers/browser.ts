// Debian's Chromium through playwright-core (a downloaded Playwright browser cannot be had here).
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Saves a full-page screenshot under test-results/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync('test-results', { recursive: true });
  const file = `test-results/${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Where browser tests write the screenshots the docs show: test-results/docs-screenshots by default, so `npm test`
 * leaves the tree clean; docs/screenshots itself only when AREAL_UPDATE_DOCS_SCREENSHOTS is set (refreshing the
 * docs' pictures is a deliberate, committed step — README § "What it looks like").
 */
export const DOCS_SCREENSHOTS = process.env.AREAL_UPDATE_DOCS_SCREENSHOTS ? 'docs/screenshots' : 'test-results/docs-screenshots';

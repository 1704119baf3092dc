import { chromium } from 'playwright-core';

// The politicians' PDF brief: the brief page itself (app/scenarios/[id]/brief) printed by headless Chromium, so the
// PDF says exactly what the page says. The page is loaded with the caller's own cookies (session and language), so it
// sees what the caller may see. One rendering at a time: Chromium is heavy on a small server.

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let queue: Promise<unknown> = Promise.resolve();

export class BriefRenderError extends Error {}

/** Prints `url` (the brief page) to an A4 PDF with the caller's cookie header; throws BriefRenderError when it fails. */
export function renderBriefPdf(url: string, cookie: string): Promise<Buffer> {
  const run = queue.then(async () => {
    let browser;
    try {
      browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
    } catch (error) {
      throw new BriefRenderError(`Chromium could not start: ${(error as Error).message}`);
    }
    try {
      const context = await browser.newContext({ extraHTTPHeaders: cookie ? { cookie } : {} });
      const page = await context.newPage();
      const response = await page.goto(url, { waitUntil: 'networkidle', timeout: 30_000 }).catch((error: Error) => {
        throw new BriefRenderError(`brief page did not load: ${error.message}`);
      });
      if (!response?.ok() || !(await page.getByTestId('brief').count())) throw new BriefRenderError(`brief page answered ${response?.status()}`);
      await page.emulateMedia({ media: 'print' });
      return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' } });
    } finally {
      await browser.close();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

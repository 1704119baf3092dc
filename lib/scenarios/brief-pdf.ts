import { chromium } from 'playwright-core';
import { boundedQueue } from '@/lib/api/bounded-queue';
import { PDF_MAX_CONCURRENT, PDF_MAX_QUEUED, PDF_RENDER_TIMEOUT_MS, PDF_RETRY_AFTER_SECONDS } from '@/lib/config/limits';

// The politicians' PDF brief: the brief page itself (app/scenarios/[id]/brief) printed by headless Chromium, so the
// PDF says exactly what the page says. The page is loaded with the caller's own cookies (session and language), so it
// sees what the caller may see. Chromium is heavy on a small server, so renderings go through a bounded queue
// (lib/config/limits.ts: one at a time, three waiting, the rest refused with QueueFull) and each has a deadline.

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const queue = boundedQueue({ concurrency: PDF_MAX_CONCURRENT, maxQueued: PDF_MAX_QUEUED, retryAfterSeconds: PDF_RETRY_AFTER_SECONDS });

export class BriefRenderError extends Error {}

/** What every page of the PDF says at its top and bottom; `pageOf` holds {page} and {total} (e.g. "Side {page} af {total}"). */
export interface BriefPageFrame {
  municipality: string;
  scenario: string;
  date: string;
  pageOf: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Chromium's header and footer templates for the frame (its own classes pageNumber/totalPages fill in the numbers). */
export function briefPageTemplates(frame: BriefPageFrame): { headerTemplate: string; footerTemplate: string } {
  const style = 'font-family: sans-serif; font-size: 8pt; color: #444; width: 100%; padding: 0 16mm; display: flex; justify-content: space-between;';
  const pageOf = escapeHtml(frame.pageOf)
    .replace('{page}', '<span class="pageNumber"></span>')
    .replace('{total}', '<span class="totalPages"></span>');
  return {
    headerTemplate: `<div style="${style}"><span>${escapeHtml(frame.municipality)}</span><span>${escapeHtml(frame.scenario)}</span></div>`,
    footerTemplate: `<div style="${style}"><span>${escapeHtml(frame.date)}</span><span>${pageOf}</span></div>`,
  };
}

/**
 * Prints `url` (the brief page) to an A4 PDF with the caller's cookie header and the frame (municipality, scenario,
 * date, page numbers) on every page; throws BriefRenderError when it fails or passes PDF_RENDER_TIMEOUT_MS, and
 * QueueFull (lib/api/bounded-queue.ts) when too many wait already.
 */
export function renderBriefPdf(url: string, cookie: string, frame: BriefPageFrame): Promise<Buffer> {
  return queue.run(async () => {
    let browser;
    try {
      browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS, timeout: PDF_RENDER_TIMEOUT_MS });
    } catch (error) {
      throw new BriefRenderError(`Chromium could not start: ${(error as Error).message}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BriefRenderError(`rendering took longer than ${PDF_RENDER_TIMEOUT_MS} ms`)), PDF_RENDER_TIMEOUT_MS);
    });
    try {
      return await Promise.race([print(browser, url, cookie, frame), deadline]);
    } finally {
      clearTimeout(timer);
      await browser.close();
    }
  });
}

async function print(browser: import('playwright-core').Browser, url: string, cookie: string, frame: BriefPageFrame): Promise<Buffer> {
  const context = await browser.newContext({ extraHTTPHeaders: cookie ? { cookie } : {} });
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: 'networkidle', timeout: PDF_RENDER_TIMEOUT_MS }).catch((error: Error) => {
    throw new BriefRenderError(`brief page did not load: ${error.message}`);
  });
  if (!response?.ok() || !(await page.getByTestId('brief').count())) throw new BriefRenderError(`brief page answered ${response?.status()}`);
  await page.emulateMedia({ media: 'print' });
  return page.pdf({
    format: 'A4', printBackground: true, displayHeaderFooter: true, ...briefPageTemplates(frame),
    margin: { top: '20mm', bottom: '20mm', left: '16mm', right: '16mm' },
  });
}

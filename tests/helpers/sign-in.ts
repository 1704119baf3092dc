// Signing in from tests. Browser tests: signIn(page, baseURL, 'viewer') fills the real /signin form with a demo
// account (scripts/demo-users.ts must have run: `npx tsx scripts/demo-users.ts`). Fetch-based tests:
// sessionCookie(baseURL, 'admin') signs in through the same form with Chromium and returns a Cookie header value.
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS, type DemoAccount } from '@/lib/auth/demo-users';
import { launchBrowser } from './browser';

/** Signs the page in as the demo user of that role and waits until it has left /signin. */
export async function signIn(page: Page, baseURL: string, account: DemoAccount, returnTo = '/'): Promise<void> {
  const user = DEMO_USERS[account];
  await page.goto(`${baseURL}/signin?next=${encodeURIComponent(returnTo)}`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 }),
    page.locator('form.sign-in-form button[type="submit"]').click(),
  ]);
}

/** A Cookie header value carrying a fresh session of the demo user (signs in once with a headless browser). */
export async function sessionCookie(baseURL: string, account: DemoAccount): Promise<string> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, baseURL, account);
    const cookies = await context.cookies(baseURL);
    return cookies.filter((c) => c.name.includes('areal.')).map((c) => `${c.name}=${c.value}`).join('; ');
  } finally {
    await browser.close();
  }
}

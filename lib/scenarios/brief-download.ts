import type { Pool } from 'pg';
import { QueueFull } from '@/lib/api/bounded-queue';
import { ApiError } from '@/lib/api/errors';
import { sharedLimiter } from '@/lib/auth/rate-limit';
import { runtimeEnv } from '@/lib/config/env';
import { PDF_PER_USER } from '@/lib/config/limits';
import { formatDate } from '@/lib/format/number';
import { localeFromCookieHeader } from '@/lib/i18n/config';
import { loadMessages } from '@/lib/i18n/messages';
import { log } from '@/lib/log/logger';
import { BriefRenderError, renderBriefPdf } from './brief-pdf';
import { recordScenarioExport } from './scenario-store';

// The PDF brief as a download: bounded per user (rate limit) and per server (the renderer's queue), printed from the
// brief page with the caller's own cookies, audited as an export (format pdf). Refusals are ApiErrors with
// Retry-After: 429 rate_limited, 503 busy; a rendering that fails is 503 pdf_unavailable (print the page instead).

export interface BriefDownloadRequest {
  pool: Pool;
  organisation: { id: string; name: string };
  userId: string;
  scenario: { id: string; name: string };
  /** The request the download answers: its origin (unless AREAL_BASE_URL is set) and cookies (session, language). */
  request: Request;
}

/** The rendered PDF and its file name, once the export is recorded. */
export async function briefPdfDownload({ pool, organisation, userId, scenario, request }: BriefDownloadRequest): Promise<{ pdf: Buffer; fileName: string }> {
  const allowed = await sharedLimiter(pool, 'pdf:user', PDF_PER_USER).take(userId);
  if (!allowed.allowed) throw new ApiError('rate_limited', 'Too many PDF briefs; try again shortly', { headers: { 'retry-after': String(allowed.retryAfterSeconds) } });
  // The page is fetched from this server itself (AREAL_BASE_URL when set, else the origin the request came to).
  const { AREAL_BASE_URL } = runtimeEnv();
  const origin = AREAL_BASE_URL ? new URL(AREAL_BASE_URL).origin : new URL(request.url).origin;
  const cookie = request.headers.get('cookie') ?? '';
  // The header/footer in the caller's language, from the message files (no request-scoped next-intl needed here).
  const locale = localeFromCookieHeader(cookie);
  const brief = (loadMessages(locale).scenarios as { brief: { pageOf: string } }).brief;
  const frame = { municipality: organisation.name, scenario: scenario.name, date: formatDate(new Date(), locale), pageOf: brief.pageOf };
  let pdf: Buffer;
  try {
    pdf = await renderBriefPdf(`${origin}/scenarios/${scenario.id}/brief`, cookie, frame);
  } catch (error) {
    if (error instanceof QueueFull) throw new ApiError('busy', 'Other PDF briefs are being made; try again shortly', { headers: { 'retry-after': String(error.retryAfterSeconds) } });
    if (error instanceof BriefRenderError) {
      log().error({ err: error }, 'brief PDF rendering failed');
      throw new ApiError('pdf_unavailable');
    }
    throw error;
  }
  await recordScenarioExport(pool, organisation.id, scenario.id, 'pdf', userId);
  return { pdf, fileName: `resume-${scenario.name.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}.pdf` };
}

import type { Pool } from 'pg';
import { QueueFull } from '@/lib/api/bounded-queue';
import { ApiError } from '@/lib/api/errors';
import { sharedLimiter } from '@/lib/auth/rate-limit';
import { runtimeEnv } from '@/lib/config/env';
import { PDF_PER_USER, PDF_RETRY_AFTER_SECONDS } from '@/lib/config/limits';
import { formatDate } from '@/lib/format/number';
import { localeFromCookieHeader } from '@/lib/i18n/config';
import { loadMessages } from '@/lib/i18n/messages';
import { getBoss, queueSchema } from '@/lib/jobs/boss';
import { log } from '@/lib/log/logger';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { briefPdfResult, NoWorker, requestBriefPdf, type BriefPdfResult } from './pdf-job';
import { recordScenarioExport } from './scenario-store';

// The PDF brief as a download: bounded per user (rate limit) and across all web instances (the render queue,
// lib/scenarios/pdf-job.ts: a worker prints it), printed from the brief page with the caller's own cookies, audited
// as an export (format pdf). Refusals are ApiErrors with Retry-After: 429 rate_limited, 503 busy; a rendering that
// fails (or no worker runs) is 503 pdf_unavailable (print the page instead). A render still waiting after
// PDF_WAIT_MS comes back as `waiting` (the route answers 202); `?job=<id>` on the same URL collects it later.

export interface BriefDownloadRequest {
  pool: Pool;
  organisation: { id: string; name: string };
  userId: string;
  scenario: { id: string; name: string };
  /** The request the download answers: its origin (unless AREAL_BASE_URL is set), cookies (session, language), ?job. */
  request: Request;
}

export type BriefDownload = { pdf: Buffer; fileName: string } | { waiting: { jobId: string; location: string; retryAfterSeconds: number } };

/** The rendered PDF and its file name once the export is recorded, or the render job still to be collected. */
export async function briefPdfDownload({ pool, organisation, userId, scenario, request }: BriefDownloadRequest): Promise<BriefDownload> {
  const who = { organisationId: organisation.id, userId, scenarioId: scenario.id };
  const boss = await getBoss();
  const polled = new URL(request.url).searchParams.get('job');
  let result: BriefPdfResult;
  if (polled) {
    // A render that outlasted the first request's wait: the same caller collects it (no new rate-limit token).
    result = await briefPdfResult(boss, polled, who);
    if (result.state === 'unknown') throw new ApiError('not_found', 'No such PDF job');
  } else {
    const allowed = await sharedLimiter(pool, 'pdf:user', PDF_PER_USER).take(userId);
    if (!allowed.allowed) throw new ApiError('rate_limited', 'Too many PDF briefs; try again shortly', { headers: { 'retry-after': String(allowed.retryAfterSeconds) } });
    // The page is fetched from this server itself (AREAL_BASE_URL when set, else the origin the request came to).
    const { AREAL_BASE_URL } = runtimeEnv();
    const origin = AREAL_BASE_URL ? new URL(AREAL_BASE_URL).origin : new URL(request.url).origin;
    const cookie = request.headers.get('cookie') ?? '';
    // The header/footer in the caller's language, from the message files (no request-scoped next-intl needed here).
    const locale = localeFromCookieHeader(cookie);
    const brief = (loadMessages(locale).scenarios as { brief: { pageOf: string } }).brief;
    const { timeZone } = await loadOrganisationSettings(pool, organisation.id); // the footer's date, as the page's
    const frame = { municipality: organisation.name, scenario: scenario.name, date: formatDate(new Date(), locale, timeZone), pageOf: brief.pageOf };
    try {
      result = await requestBriefPdf(pool, boss, queueSchema(), { ...who, url: `${origin}/scenarios/${scenario.id}/brief`, cookie, frame });
    } catch (error) {
      if (error instanceof QueueFull) throw new ApiError('busy', 'Other PDF briefs are being made; try again shortly', { headers: { 'retry-after': String(error.retryAfterSeconds) } });
      if (error instanceof NoWorker) {
        log().error('brief PDF: no worker is running');
        throw new ApiError('pdf_unavailable');
      }
      throw error;
    }
  }
  if (result.state === 'waiting') {
    return { waiting: { jobId: result.jobId, location: `/api/scenarios/${scenario.id}/pdf?job=${encodeURIComponent(result.jobId)}`, retryAfterSeconds: PDF_RETRY_AFTER_SECONDS } };
  }
  if (result.state !== 'done') {
    log().error({ error: (result.state === 'failed' ? result.error : result.state).split('\n')[0] }, 'brief PDF rendering failed');
    throw new ApiError('pdf_unavailable');
  }
  await recordScenarioExport(pool, organisation.id, scenario.id, 'pdf', userId);
  return { pdf: result.pdf, fileName: `resume-${scenario.name.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}.pdf` };
}

// GET /api/scenarios/{id}/pdf – the politicians' brief as a PDF: the brief page printed by headless Chromium with the
// caller's own session (so it shows what the caller may see); the export is audited (format pdf). The rendering is a
// queue job a worker runs (lib/scenarios/pdf-job.ts); this request waits for it. Bounded: a rate limit per user and
// a queue of renderings shared by every web instance (429 / 503 with Retry-After, lib/config/limits.ts); a render
// still waiting after PDF_WAIT_MS answers 202 with the job id — GET …/pdf?job=<id> then returns the file.
import { runtimeEnv } from '@/lib/config/env';
import { NextResponse } from 'next/server';
import { formatDate } from '@/lib/format/number';
import { localeFromCookieHeader } from '@/lib/i18n/config';
import { loadMessages } from '@/lib/i18n/messages';
import { QueueFull } from '@/lib/api/bounded-queue';
import { sharedLimiter } from '@/lib/auth/rate-limit';
import { PDF_PER_USER, PDF_RETRY_AFTER_SECONDS } from '@/lib/config/limits';
import { scenarioIdSchema } from '@/lib/scenarios/api';
import { queueSchema, getBoss } from '@/lib/jobs/boss';
import { briefPdfResult, NoWorker, requestBriefPdf, type BriefPdfResult } from '@/lib/scenarios/pdf-job';
import { getScenario, recordScenarioExport } from '@/lib/scenarios/scenario-store';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { canSeeScenario, SCENARIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: SCENARIO_READERS }, async (request: Request, ctx: AuthedContext<{ id: string }>) => {
  const { pool } = ctx;
  const { organisation } = ctx.auth;
  const id = scenarioIdSchema.parse((await ctx.params).id);
  const scenario = await getScenario(pool, organisation.id, id);
  if (!scenario || !canSeeScenario(ctx.auth.role, scenario.status)) throw new ApiError('not_found', 'Scenario not found');
  const who = { organisationId: organisation.id, userId: ctx.auth.user.id, scenarioId: id };
  const boss = await getBoss();
  const polled = new URL(request.url).searchParams.get('job');
  // The page is fetched from this server itself (AREAL_BASE_URL when set, else the origin the request came to).
  const { AREAL_BASE_URL } = runtimeEnv();
  const origin = AREAL_BASE_URL ? new URL(AREAL_BASE_URL).origin : new URL(request.url).origin;
  let result: BriefPdfResult;
  if (polled) {
    // A render that outlasted the first request's wait: the same caller collects it (no new rate-limit token).
    result = await briefPdfResult(boss, polled, who);
    if (result.state === 'unknown') throw new ApiError('not_found', 'No such PDF job');
  } else {
    const allowed = await sharedLimiter(pool, 'pdf:user', PDF_PER_USER).take(ctx.auth.user.id);
    if (!allowed.allowed) return busy(429, 'rate_limited', 'Too many PDF briefs; try again shortly', allowed.retryAfterSeconds);
    // The header/footer in the caller's language, from the message files (no request-scoped next-intl needed here).
    const locale = localeFromCookieHeader(request.headers.get('cookie'));
    const brief = (loadMessages(locale).scenarios as { brief: { pageOf: string } }).brief;
    const frame = { municipality: organisation.name, scenario: scenario.name, date: formatDate(new Date(), locale), pageOf: brief.pageOf };
    try {
      result = await requestBriefPdf(pool, boss, queueSchema(), { ...who, url: `${origin}/scenarios/${id}/brief`, cookie: request.headers.get('cookie') ?? '', frame });
    } catch (error) {
      if (error instanceof QueueFull) return busy(503, 'busy', 'Other PDF briefs are being made; try again shortly', error.retryAfterSeconds);
      if (error instanceof NoWorker) throw new ApiError('pdf_unavailable', 'The PDF could not be rendered; print the brief page instead');
      throw error;
    }
  }
  if (result.state === 'waiting') {
    const location = `/api/scenarios/${id}/pdf?job=${encodeURIComponent(result.jobId)}`;
    return NextResponse.json({ job: result.jobId, state: 'waiting', location }, { status: 202, headers: { location, 'retry-after': String(PDF_RETRY_AFTER_SECONDS) } });
  }
  if (result.state !== 'done') {
    console.error(`[pdf] rendering failed: ${(result.state === 'failed' ? result.error : result.state).split('\n')[0]}`);
    throw new ApiError('pdf_unavailable', 'The PDF could not be rendered; print the brief page instead');
  }
  const pdf = result.pdf;
  await recordScenarioExport(pool, organisation.id, id, 'pdf', ctx.auth.user.id);
  const file = `resume-${scenario.name.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${encodeURIComponent(file)}"`,
      'cache-control': 'private, no-store',
    },
  });
});

function busy(status: number, code: string, message: string, retryAfterSeconds: number): Response {
  return NextResponse.json({ error: { code, message } }, { status, headers: { 'retry-after': String(retryAfterSeconds) } });
}

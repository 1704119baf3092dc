// GET /api/scenarios/{id}/pdf – the politicians' brief as a PDF: the brief page printed by headless Chromium with the
// caller's own session (so it shows what the caller may see); the export is audited (format pdf). Bounded: a rate
// limit per user and a queue of renderings per server (429 / 503 with Retry-After, lib/config/limits.ts).
import { runtimeEnv } from '@/lib/config/env';
import { NextResponse } from 'next/server';
import { formatDate } from '@/lib/format/number';
import { localeFromCookieHeader } from '@/lib/i18n/config';
import { loadMessages } from '@/lib/i18n/messages';
import { QueueFull } from '@/lib/api/bounded-queue';
import { sharedLimiter } from '@/lib/auth/rate-limit';
import { PDF_PER_USER } from '@/lib/config/limits';
import { scenarioIdSchema } from '@/lib/scenarios/api';
import { BriefRenderError, renderBriefPdf } from '@/lib/scenarios/brief-pdf';
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
  // The page is fetched from this server itself (AREAL_BASE_URL when set, else the origin the request came to).
  const { AREAL_BASE_URL } = runtimeEnv();
  const origin = AREAL_BASE_URL ? new URL(AREAL_BASE_URL).origin : new URL(request.url).origin;
  const allowed = await sharedLimiter(pool, 'pdf:user', PDF_PER_USER).take(ctx.auth.user.id);
  if (!allowed.allowed) return busy(429, 'rate_limited', 'Too many PDF briefs; try again shortly', allowed.retryAfterSeconds);
  let pdf: Buffer;
  try {
    // The header/footer in the caller's language, from the message files (no request-scoped next-intl needed here).
    const locale = localeFromCookieHeader(request.headers.get('cookie'));
    const brief = (loadMessages(locale).scenarios as { brief: { pageOf: string } }).brief;
    const frame = { municipality: organisation.name, scenario: scenario.name, date: formatDate(new Date(), locale), pageOf: brief.pageOf };
    pdf = await renderBriefPdf(`${origin}/scenarios/${id}/brief`, request.headers.get('cookie') ?? '', frame);
  } catch (error) {
    if (error instanceof QueueFull) return busy(503, 'busy', 'Other PDF briefs are being made; try again shortly', error.retryAfterSeconds);
    if (error instanceof BriefRenderError) {
      console.error(error);
      throw new ApiError('pdf_unavailable', 'The PDF could not be rendered; print the brief page instead');
    }
    throw error;
  }
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

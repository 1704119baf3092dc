// GET /api/scenarios/{id}/pdf – the politicians' brief as a PDF: the brief page printed by headless Chromium with the
// caller's own session (so it shows what the caller may see); the export is audited (format pdf).
import { ApiError, scenarioIdSchema, scenarioRoute } from '@/lib/scenarios/api';
import { BriefRenderError, renderBriefPdf } from '@/lib/scenarios/brief-pdf';
import { getScenario, recordScenarioExport } from '@/lib/scenarios/scenario-store';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { canSeeScenario, SCENARIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: SCENARIO_READERS }, async (request: Request, ctx: AuthedContext<{ id: string }>) => {
  return scenarioRoute(async ({ pool, organisation }) => {
    const id = scenarioIdSchema.parse((await ctx.params).id);
    const scenario = await getScenario(pool, organisation.id, id);
    if (!scenario || !canSeeScenario(ctx.auth.role, scenario.status)) throw new ApiError(404, 'not_found', 'Scenario not found');
    // The page is fetched from this server itself (AREAL_BASE_URL when set, else the origin the request came to).
    const origin = process.env.AREAL_BASE_URL ? new URL(process.env.AREAL_BASE_URL).origin : new URL(request.url).origin;
    let pdf: Buffer;
    try {
      pdf = await renderBriefPdf(`${origin}/scenarios/${id}/brief`, request.headers.get('cookie') ?? '');
    } catch (error) {
      if (error instanceof BriefRenderError) {
        console.error(error);
        throw new ApiError(503, 'pdf_unavailable', 'The PDF could not be rendered; print the brief page instead');
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
});

// GET /api/scenarios/{id}/pdf – the politicians' brief as a PDF: the brief page printed by headless Chromium with the
// caller's own session (so it shows what the caller may see); the export is audited (format pdf). Bounded: a rate
// limit per user and a queue of renderings per server (429 / 503 with Retry-After, lib/scenarios/brief-download.ts).
import { scenarioIdSchema } from '@/lib/scenarios/api';
import { briefPdfDownload } from '@/lib/scenarios/brief-download';
import { getScenario } from '@/lib/scenarios/scenario-store';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { canSeeScenario, SCENARIO_READERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: SCENARIO_READERS }, async (request: Request, { auth, pool, params }: AuthedContext<{ id: string }>) => {
  const id = scenarioIdSchema.parse((await params).id);
  const scenario = await getScenario(pool, auth.organisation.id, id);
  if (!scenario || !canSeeScenario(auth.role, scenario.status)) throw new ApiError('not_found', 'Scenario not found');
  const { pdf, fileName } = await briefPdfDownload({ pool, organisation: auth.organisation, userId: auth.user.id, scenario: { id, name: scenario.name }, request });
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${encodeURIComponent(fileName)}"`,
      'cache-control': 'private, no-store',
    },
  });
});

// GET /api/scenarios/{id}/pdf – the politicians' brief as a PDF: the brief page printed by headless Chromium with the
// caller's own session (so it shows what the caller may see); the export is audited (format pdf). The rendering is a
// queue job a worker runs; this request waits for it. Bounded: a rate limit per user and a render queue shared by
// every web instance (429 / 503 with Retry-After); a render still waiting after PDF_WAIT_MS answers 202 with the
// job — GET …/pdf?job=<id> then returns the file (lib/scenarios/brief-download.ts).
import { NextResponse } from 'next/server';
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
  const download = await briefPdfDownload({ pool, organisation: auth.organisation, userId: auth.user.id, scenario: { id, name: scenario.name }, request });
  if ('waiting' in download) {
    const { jobId, location, retryAfterSeconds } = download.waiting;
    return NextResponse.json({ job: jobId, state: 'waiting', location }, { status: 202, headers: { location, 'retry-after': String(retryAfterSeconds) } });
  }
  const { pdf, fileName } = download;
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${encodeURIComponent(fileName)}"`,
      'cache-control': 'private, no-store',
    },
  });
});

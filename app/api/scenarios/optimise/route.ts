// POST /api/scenarios/optimise – propose closures and moves (HiGHS in a worker thread); streams NDJSON progress, then
// the result (lib/scenarios/optimise-stream.ts says what each line holds)
import { optimiseBodySchema } from '@/lib/scenarios/api';
import { optimiseStream } from '@/lib/scenarios/optimise-stream';
import { withAuth } from '@/lib/api/with-auth';
import { SCENARIO_WRITERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const POST = withAuth({ roles: SCENARIO_WRITERS }, async (request: Request, { auth, pool, requestId }) => {
  const body = optimiseBodySchema.parse(await request.json());
  const stream = await optimiseStream({ pool, organisationId: auth.organisation.id, body, requestId, year: new Date().getFullYear() });
  return new Response(stream, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
});

// GET /api/imports/jobs/{id} – progress (phase, bytes) and, when done, the counts, errors and warnings of an import
import { NextResponse } from 'next/server';
import { importActorOf } from '@/lib/imports/actor';
import { getJob } from '@/lib/imports/job';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { IMPORTERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: IMPORTERS }, async (_request: Request, { auth, pool, params }: AuthedContext<{ id: string }>) => {
  const actor = importActorOf(auth);
  const job = await getJob(pool, actor.organisationId, (await params).id, actor.ownerScope);
  if (!job) throw new ApiError('not_found', 'Job not found');
  return NextResponse.json(job, { headers: { 'cache-control': 'no-store' } });
});

// GET /api/imports/jobs/{id} – progress (phase, bytes) and, when done, the counts, errors and warnings of an import
import { NextResponse } from 'next/server';
import { getPool } from '@/lib/db/pool';
import { importActor } from '@/lib/imports/actor';
import { getJob } from '@/lib/imports/job';
import { withAuth } from '@/lib/api/with-auth';
import { IMPORTERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: IMPORTERS }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await importActor(request);
  if (!actor) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  const job = await getJob(getPool(), actor.organisationId, (await params).id, actor.ownerScope);
  if (!job) return NextResponse.json({ error: { code: 'not_found', message: 'Job not found' } }, { status: 404 });
  return NextResponse.json(job, { headers: { 'cache-control': 'no-store' } });
});

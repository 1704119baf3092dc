// GET /api/imports/jobs/{id}/errors?lang=da – the rejected rows as a CSV download (formula cells neutralised)
import { getPool } from '@/lib/db/pool';
import { importActor } from '@/lib/imports/actor';
import { issuesToCsv } from '@/lib/imports/error-report';
import { getJob } from '@/lib/imports/job';
import { withAuth } from '@/lib/api/with-auth';
import { IMPORTERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: IMPORTERS }, async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await importActor(request);
  if (!actor) return new Response('No organisation', { status: 404 });
  const job = await getJob(getPool(), actor.organisationId, (await params).id, actor.ownerScope);
  if (!job) return new Response('Job not found', { status: 404 });
  const lang = new URL(request.url).searchParams.get('lang') === 'en' ? 'en' : 'da';
  const name = `${(job.fileName ?? 'import').replace(/[^\w.-]+/g, '_')}-${lang === 'da' ? 'fejl' : 'errors'}.csv`;
  return new Response(`\ufeff${issuesToCsv([...job.errors, ...job.warnings], lang)}`, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  });
});

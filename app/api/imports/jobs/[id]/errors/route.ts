// GET /api/imports/jobs/{id}/errors?lang=da – the rejected rows as a CSV download (formula cells neutralised)
import { importActorOf } from '@/lib/imports/actor';
import { issuesToCsv } from '@/lib/imports/error-report';
import { getJob } from '@/lib/imports/job';
import { ApiError } from '@/lib/api/errors';
import { withAuth, type AuthedContext } from '@/lib/api/with-auth';
import { IMPORTERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: IMPORTERS }, async (request: Request, { auth, pool, params }: AuthedContext<{ id: string }>) => {
  const actor = importActorOf(auth);
  const job = await getJob(pool, actor.organisationId, (await params).id, actor.ownerScope);
  if (!job) throw new ApiError('not_found', 'Job not found');
  const lang = new URL(request.url).searchParams.get('lang') === 'en' ? 'en' : 'da';
  const name = `${(job.fileName ?? 'import').replace(/[^\w.-]+/g, '_')}-${lang === 'da' ? 'fejl' : 'errors'}.csv`;
  return new Response(`\ufeff${issuesToCsv([...job.errors, ...job.warnings], lang)}`, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  });
});

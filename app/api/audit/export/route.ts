// GET /api/audit/export?action=&entity=&user=&from=&to= – the organisation's audit trail under the same filters as
// /admin/audit, as CSV (semicolon-separated, UTF-8 with BOM, Danish local times), streamed in batches.
import { withAuth } from '@/lib/api/with-auth';
import { AUDIT_ACTIONS } from '@/lib/audit/record';
import { AUDIT_ENTITIES, AUDIT_ZONE, auditCsvStream, auditFilterFromParams } from '@/lib/audit/list';
import { rolesWith } from '@/lib/auth/roles';
import { DateTime } from 'luxon';

export const dynamic = 'force-dynamic';

export const GET = withAuth({ roles: rolesWith('audit:read') }, async (request, { auth, pool }) => {
  const params = new URL(request.url).searchParams;
  const filter = auditFilterFromParams((n) => params.get(n), AUDIT_ACTIONS, AUDIT_ENTITIES);
  // The file's times are in the audit's zone; so is its name.
  const stamp = DateTime.now().setZone(AUDIT_ZONE).toFormat('yyyy-MM-dd-HHmm');
  return new Response(auditCsvStream(pool, auth.organisation.id, filter), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="revisionslog-${auth.organisation.slug.replace(/[^a-z0-9-]/gi, '')}-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  });
});

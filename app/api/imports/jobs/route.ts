// POST /api/imports/jobs – starts a dry run (preview of the outcome) or, once confirmed, the real import of an upload
import { NextResponse } from 'next/server';
import { getPool } from '@/lib/db/pool';
import { importActor } from '@/lib/imports/actor';
import { startRequestSchema } from '@/lib/imports/request-schemas';
import { startImport } from '@/lib/imports/start-import';
import { findUpload } from '@/lib/imports/uploads';
import { withAuth } from '@/lib/api/with-auth';
import { recordAudit } from '@/lib/audit/record';
import { IMPORTERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const POST = withAuth({ roles: IMPORTERS }, async (request: Request) => {
  const actor = await importActor(request);
  if (!actor) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  const body = startRequestSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid request', issues: body.error.issues } }, { status: 400 });
  const upload = await findUpload(actor.organisationId, body.data.uploadId, actor.ownerScope);
  if (!upload) return NextResponse.json({ error: { code: 'not_found', message: 'Upload not found' } }, { status: 404 });
  // Facility staff: the import checks every row against their assigned buildings (actor.buildingIds).
  const jobId = await startImport({ pool: getPool(), organisationId: actor.organisationId, userId: actor.userId, buildingIds: actor.buildingIds, upload, ...body.data });
  if (!body.data.dryRun) await recordAudit(getPool(), { organisationId: actor.organisationId, userId: actor.userId, action: 'import.create', entity: 'import_job', entityId: jobId, after: { kind: body.data.kind, file: upload.name } });
  return NextResponse.json({ jobId }, { status: 202 });
});

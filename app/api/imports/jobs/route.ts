// POST /api/imports/jobs – starts a dry run (preview of the outcome) or, once confirmed, the real import of an upload
import { NextResponse } from 'next/server';
import { importActorOf } from '@/lib/imports/actor';
import { startRequestSchema } from '@/lib/imports/request-schemas';
import { startImport } from '@/lib/jobs/start-import';
import { findUpload } from '@/lib/imports/uploads';
import { ApiError } from '@/lib/api/errors';
import { withAuth } from '@/lib/api/with-auth';
import { recordAudit } from '@/lib/audit/record';
import { IMPORTERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const POST = withAuth({ roles: IMPORTERS }, async (request: Request, { auth, pool }) => {
  const actor = importActorOf(auth);
  const body = startRequestSchema.parse(await request.json());
  const upload = await findUpload(actor.organisationId, body.uploadId, actor.ownerScope);
  if (!upload) throw new ApiError('not_found', 'Upload not found');
  // Facility staff: the import checks every row against their assigned buildings (actor.buildingIds).
  const jobId = await startImport({ pool, organisationId: actor.organisationId, userId: actor.userId, buildingIds: actor.buildingIds, upload, ...body });
  if (!body.dryRun) await recordAudit(pool, { organisationId: actor.organisationId, userId: actor.userId, action: 'import.create', entity: 'import_job', entityId: jobId, after: { kind: body.kind, file: upload.name } });
  return NextResponse.json({ jobId }, { status: 202 });
});

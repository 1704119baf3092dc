// POST /api/imports/preview – detected settings, header, first rows as they will be read and the column mapping of an
// upload; a file the import would refuse before reading it answers with the refusal (lib/imports/preview.ts)
import { NextResponse } from 'next/server';
import { importActorOf } from '@/lib/imports/actor';
import { previewFile } from '@/lib/imports/preview';
import { previewRequestSchema } from '@/lib/imports/request-schemas';
import { listMappings } from '@/lib/imports/saved-mappings';
import { findUpload } from '@/lib/imports/uploads';
import { ApiError } from '@/lib/api/errors';
import { withAuth } from '@/lib/api/with-auth';
import { IMPORTERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

export const POST = withAuth({ roles: IMPORTERS }, async (request: Request, { auth, pool }) => {
  const actor = importActorOf(auth);
  const body = previewRequestSchema.parse(await request.json());
  const upload = await findUpload(actor.organisationId, body.uploadId, actor.ownerScope);
  if (!upload) throw new ApiError('not_found', 'Upload not found');
  const preview = await previewFile(upload.path, body.kind, body.mapping, body.settings, undefined, { buildingIds: actor.buildingIds, file: upload.name });
  const saved = await listMappings(pool, actor.organisationId, body.kind);
  return NextResponse.json({ upload: { id: upload.id, name: upload.name, size: upload.size }, preview, savedMappings: saved });
});

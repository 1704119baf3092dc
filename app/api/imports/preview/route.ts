// POST /api/imports/preview – detected settings, header, first rows as they will be read and the column mapping of an upload
import { NextResponse } from 'next/server';
import { getPool } from '@/lib/db/pool';
import { importActor } from '@/lib/imports/actor';
import { previewFile, PreviewRefused } from '@/lib/imports/preview';
import { previewRequestSchema } from '@/lib/imports/request-schemas';
import { listMappings } from '@/lib/imports/saved-mappings';
import { findUpload } from '@/lib/imports/uploads';
import { withAuth } from '@/lib/api/with-auth';
import { IMPORTERS } from '@/lib/auth/roles';
import { localeFromCookieHeader } from '@/lib/i18n/config';

export const dynamic = 'force-dynamic';

// A refusal's status: the role may not read this kind (403), the file is beyond a bound (413), it is not JSON (422).
const REFUSAL_STATUS: Record<string, number> = { kind_not_permitted: 403, file_too_large: 413 };

export const POST = withAuth({ roles: IMPORTERS }, async (request: Request) => {
  const actor = await importActor(request);
  if (!actor) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  const body = previewRequestSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return NextResponse.json({ error: { code: 'bad_request', message: 'Invalid request', issues: body.error.issues } }, { status: 400 });
  const upload = await findUpload(actor.organisationId, body.data.uploadId, actor.ownerScope);
  if (!upload) return NextResponse.json({ error: { code: 'not_found', message: 'Upload not found' } }, { status: 404 });
  try {
    const preview = await previewFile(upload.path, body.data.kind, body.data.mapping, body.data.settings, undefined, { buildingIds: actor.buildingIds, file: upload.name });
    const saved = await listMappings(getPool(), actor.organisationId, body.data.kind);
    return NextResponse.json({ upload: { id: upload.id, name: upload.name, size: upload.size }, preview, savedMappings: saved });
  } catch (error) {
    if (!(error instanceof PreviewRefused)) throw error;
    const lang = localeFromCookieHeader(request.headers.get('cookie'));
    const { issue } = error;
    return NextResponse.json({ error: { code: issue.code, message: issue.message[lang], issue } }, { status: REFUSAL_STATUS[issue.code] ?? 422 });
  }
});

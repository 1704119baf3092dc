// POST /api/imports/uploads?name=<file name> – streams the raw file body to a temp file (limit 2 GiB); nothing is imported yet
import { NextResponse } from 'next/server';
import { importActor } from '@/lib/imports/actor';
import { MAX_UPLOAD_BYTES, saveUpload, UploadTooLarge } from '@/lib/imports/uploads';
import { withAuth } from '@/lib/api/with-auth';
import { IMPORTERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';
export const maxDuration = 900;

export const POST = withAuth({ roles: IMPORTERS, maxBodyBytes: MAX_UPLOAD_BYTES }, async (request: Request) => {
  const actor = await importActor(request);
  if (!actor) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  if (Number(request.headers.get('content-length') ?? '0') > MAX_UPLOAD_BYTES || !request.body) {
    return NextResponse.json({ error: { code: 'too_large', message: `Files up to ${MAX_UPLOAD_BYTES} bytes` } }, { status: 413 });
  }
  const name = new URL(request.url).searchParams.get('name') ?? 'upload.csv';
  try {
    const upload = await saveUpload(actor.organisationId, name, request.body);
    return NextResponse.json({ uploadId: upload.id, name: upload.name, size: upload.size });
  } catch (error) {
    if (error instanceof UploadTooLarge) return NextResponse.json({ error: { code: 'too_large', message: error.message } }, { status: 413 });
    throw error;
  }
});

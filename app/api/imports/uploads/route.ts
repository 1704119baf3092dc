// POST /api/imports/uploads?name=<file name> – streams the raw file body to a temp file (limit 2 GiB, and the
// organisation's upload quota: 413 payload_too_large / quota_exceeded); nothing is imported yet
import { NextResponse } from 'next/server';
import { importActorOf } from '@/lib/imports/actor';
import { MAX_UPLOAD_BYTES, saveUpload, UploadTooLarge } from '@/lib/imports/uploads';
import { withAuth } from '@/lib/api/with-auth';
import { IMPORTERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';
export const maxDuration = 900;

export const POST = withAuth({ roles: IMPORTERS, maxBodyBytes: MAX_UPLOAD_BYTES }, async (request: Request, { auth }) => {
  const actor = importActorOf(auth);
  if (Number(request.headers.get('content-length') ?? '0') > MAX_UPLOAD_BYTES || !request.body) throw new UploadTooLarge(MAX_UPLOAD_BYTES);
  const name = new URL(request.url).searchParams.get('name') ?? 'upload.csv';
  const upload = await saveUpload(actor.organisationId, name, request.body, undefined, undefined, actor.userId);
  return NextResponse.json({ uploadId: upload.id, name: upload.name, size: upload.size });
});

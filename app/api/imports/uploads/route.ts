// POST /api/imports/uploads?name=<file name> – streams the raw file body to a temp file (limit 2 GiB, and the
// organisation's upload quota); nothing is imported yet
import { NextResponse } from 'next/server';
import { importActor } from '@/lib/imports/actor';
import { MAX_UPLOAD_BYTES, saveUpload, UploadQuotaExceeded, UploadTooLarge } from '@/lib/imports/uploads';
import { withAuth } from '@/lib/api/with-auth';
import { IMPORTERS } from '@/lib/auth/roles';
import { localeFromCookieHeader } from '@/lib/i18n/config';

export const dynamic = 'force-dynamic';
export const maxDuration = 900;

const gb = (bytes: number, lang: 'da' | 'en') => (bytes / 1024 ** 3).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 });

export const POST = withAuth({ roles: IMPORTERS, maxBodyBytes: MAX_UPLOAD_BYTES }, async (request: Request) => {
  const actor = await importActor(request);
  if (!actor) return NextResponse.json({ error: { code: 'not_found', message: 'No organisation' } }, { status: 404 });
  if (Number(request.headers.get('content-length') ?? '0') > MAX_UPLOAD_BYTES || !request.body) {
    return NextResponse.json({ error: { code: 'too_large', message: `Files up to ${MAX_UPLOAD_BYTES} bytes` } }, { status: 413 });
  }
  const name = new URL(request.url).searchParams.get('name') ?? 'upload.csv';
  try {
    const upload = await saveUpload(actor.organisationId, name, request.body, undefined, undefined, actor.userId);
    return NextResponse.json({ uploadId: upload.id, name: upload.name, size: upload.size });
  } catch (error) {
    if (error instanceof UploadTooLarge) return NextResponse.json({ error: { code: 'too_large', message: error.message } }, { status: 413 });
    if (error instanceof UploadQuotaExceeded) {
      const lang = localeFromCookieHeader(request.headers.get('cookie'));
      const message = lang === 'da'
        ? `Organisationens uploadkvote på ${gb(error.quotaBytes, lang)} GB er brugt (${gb(error.usedBytes, lang)} GB gemt). Uploads slettes efter et døgn; prøv igen senere eller med en mindre fil.`
        : `The organisation's upload quota of ${gb(error.quotaBytes, lang)} GB is used (${gb(error.usedBytes, lang)} GB kept). Uploads are deleted after a day; try again later or with a smaller file.`;
      return NextResponse.json({ error: { code: 'quota_exceeded', message, usedBytes: error.usedBytes, quotaBytes: error.quotaBytes } }, { status: 413 });
    }
    throw error;
  }
});

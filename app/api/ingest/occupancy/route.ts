// POST /api/ingest/occupancy – a JSON batch of readings, or a ChirpStack / The Things Stack / OS2iot uplink
// (lib/imports/platform-uplinks.ts), authorised by the organisation's bearer token; same validation and
// idempotency as a file upload (lib/imports/ingest.ts)
import { NextResponse } from 'next/server';
import { getPool } from '@/lib/db/pool';
import { INGEST_MAX_BYTES, ingestBatchSchema, ingestOccupancyBatch } from '@/lib/imports/ingest';
import { uplinkBatch } from '@/lib/imports/platform-uplinks';
import { ApiError } from '@/lib/api/errors';
import { withIngestToken } from '@/lib/api/with-ingest-token';
import { readBodyLimited } from '@/lib/api/body-limit';

export const dynamic = 'force-dynamic';
export const maxDuration = 120;

export const POST = withIngestToken({ maxBodyBytes: INGEST_MAX_BYTES }, async (request, auth) => {
  const text = await readBodyLimited(request, INGEST_MAX_BYTES);
  if (text === 'too_large') throw new ApiError('payload_too_large', `The body is larger than ${INGEST_MAX_BYTES} bytes; send smaller batches`);
  const json: unknown = JSON.parse(text); // not JSON → 400 bad_request (lib/api/errors.ts)
  // A platform's uplink message (ChirpStack v4, The Things Stack v3, OS2iot HTTP push) becomes a batch first.
  const uplink = uplinkBatch(json, new URL(request.url).searchParams.get('field') ?? undefined, new Date().toISOString());
  if (uplink && !uplink.ok) throw new ApiError('bad_request', uplink.message);
  const batch = ingestBatchSchema.parse(uplink ? uplink.batch : json);
  // Tokens belong to the organisation (not to a user), so no per-user building limits apply here; every batch
  // is audited with its token (ingest.batch).
  const r = await ingestOccupancyBatch(getPool(), auth.organisationId, batch, uplink ? uplink.platform : 'api', auth.tokenId);
  // The batch was read: a rejected one answers 422 with its outcome (which rows, why), not an error of the request.
  const body = {
    jobId: r.jobId, status: r.status, accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected,
    errors: r.issues.map((i, k) => ({ index: r.issueIndexes[k], field: i.column, value: i.value, code: i.code, message: i.message })),
  };
  return NextResponse.json(body, { status: r.status === 'succeeded' ? 200 : 422 });
});

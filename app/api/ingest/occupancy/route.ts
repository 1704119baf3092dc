// POST /api/ingest/occupancy – a JSON batch of readings, or a ChirpStack / The Things Stack / OS2iot uplink
// (lib/imports/platform-ingest.ts; devices mapped on /admin/sensors), authorised by the organisation's bearer token; same validation and
// idempotency as a file upload (lib/imports/ingest.ts)
import { NextResponse } from 'next/server';
import { getPool } from '@/lib/db/pool';
import { INGEST_MAX_BYTES, ingestBatchSchema, ingestOrQueueBatch } from '@/lib/imports/ingest';
import { platformUplinkBatch, refuseUnknownDevices } from '@/lib/imports/platform-ingest';
import { ApiError, outcomeJson } from '@/lib/api/errors';
import { withIngestToken } from '@/lib/api/with-ingest-token';
import { readBodyLimited } from '@/lib/api/body-limit';

export const dynamic = 'force-dynamic';
export const maxDuration = 120;

export const POST = withIngestToken({ maxBodyBytes: INGEST_MAX_BYTES }, async (request, auth) => {
  const text = await readBodyLimited(request, INGEST_MAX_BYTES);
  if (text === 'too_large') throw new ApiError('payload_too_large', `The body is larger than ${INGEST_MAX_BYTES} bytes; send smaller batches`);
  const json: unknown = JSON.parse(text); // not JSON → 400 bad_request (lib/api/errors.ts)
  // A platform's uplink message (ChirpStack v4, The Things Stack v3, OS2iot HTTP push) becomes a batch first, its
  // device EUIs resolved through the organisation's mapping (the sensors page); unknown devices are refused per message.
  const uplink = await platformUplinkBatch(getPool(), auth.organisationId, json, new URL(request.url).searchParams.get('field') ?? undefined, new Date().toISOString());
  if (uplink && !uplink.ok && !uplink.issues) throw new ApiError('bad_request', uplink.message);
  if (uplink && !uplink.ok) {
    // Messages from unmapped devices are refused before the pipeline, nothing stored: 422 with the outcome.
    return outcomeJson(await refuseUnknownDevices(getPool(), auth.organisationId, auth.tokenId, uplink.issues ?? []), false);
  }
  const batch = ingestBatchSchema.parse(uplink?.ok ? uplink.batch : json);
  // Tokens belong to the organisation (not to a user), so no per-user building limits apply here; every batch
  // is audited with its token (ingest.batch).
  const r = await ingestOrQueueBatch(getPool(), auth.organisationId, batch, uplink?.ok ? uplink.platform : 'api', auth.tokenId);
  // A large batch is stored and imported by the worker: 202 with the import job to follow (lib/imports/ingest.ts).
  if ('queued' in r) return NextResponse.json({ jobId: r.jobId, status: 'queued', readings: r.readings }, { status: 202 });
  // The batch was read: a rejected one answers 422 with its outcome (which rows, why), not an error of the request.
  const body = {
    jobId: r.jobId, status: r.status, accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected,
    errors: r.issues.map((i, k) => ({ index: r.issueIndexes[k], field: i.column, value: i.value, code: i.code, message: i.message })),
  };
  return outcomeJson(body, r.status === 'succeeded');
});

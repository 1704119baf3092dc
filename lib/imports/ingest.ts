// A JSON batch of readings from a sensor platform goes through exactly the file pipeline: it is written as a
// small CSV (ISO timestamps, `;`, decimal point) and imported with source "api", so validation, DST rules,
// idempotency, rollups, quality and the import_job record are the same as for an upload.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { Pool } from 'pg';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { INGEST_MAX_BYTES, INGEST_MAX_READINGS, INGEST_QUEUE_ABOVE_READINGS } from '@/lib/config/limits';
import { getBoss } from '@/lib/jobs/boss';
import { enqueueImport } from '@/lib/jobs/enqueue-import';
import type { CsvSettings } from './detect/detect';
import { valueKindSchema, type ColumnMapping } from './mapping';
import { runImport, type ImportResult } from './run-import';
import { saveUpload } from './uploads';

/** Largest request body accepted by the ingest route, and the most readings in one batch (lib/config/limits.ts). */
export { INGEST_MAX_BYTES, INGEST_MAX_READINGS, INGEST_QUEUE_ABOVE_READINGS };

export const ingestBatchSchema = z.object({
  valueKind: valueKindSchema.optional(),
  readings: z
    .array(
      z.object({
        sensor: z.string().min(1).max(200),
        /** ISO 8601; with an offset or Z, or local Europe/Copenhagen time without one. */
        ts: z.string().min(10).max(40),
        value: z.union([z.number().finite(), z.boolean()]),
        building: z.string().max(200).optional(),
        room: z.string().max(200).optional(),
      }),
    )
    .min(1)
    .max(INGEST_MAX_READINGS),
});
export type IngestBatch = z.infer<typeof ingestBatchSchema>;

export interface IngestResult extends ImportResult {
  /** For each issue, the 0-based index of the reading in the batch (-1 for the batch as a whole). */
  issueIndexes: number[];
}

/** The batch as the small CSV the file pipeline reads. */
function batchCsv(batch: IngestBatch): string {
  const hasBuilding = batch.readings.some((r) => r.building !== undefined);
  const hasRoom = batch.readings.some((r) => r.room !== undefined);
  const fields = ['timestamp', 'sensor_id', 'value', ...(hasBuilding ? ['building'] : []), ...(hasRoom ? ['room'] : [])];
  const data = batch.readings.map((r) => [
    r.ts, r.sensor, typeof r.value === 'boolean' ? (r.value ? '1' : '0') : String(r.value),
    ...(hasBuilding ? [r.building ?? ''] : []), ...(hasRoom ? [r.room ?? ''] : []),
  ]);
  return Papa.unparse({ fields, data }, { delimiter: ';', newline: '\n', quotes: true });
}

const batchMapping = (batch: IngestBatch): ColumnMapping => ({ valueKind: batch.valueKind, columns: { timestamp: 'timestamp', sensor: 'sensor_id', value: 'value' }, constants: {} }) as ColumnMapping;
const BATCH_SETTINGS: CsvSettings = { encoding: 'utf-8', bom: false, delimiter: ';', decimal: '.', header: true, lineEnding: '\n', leadingIndexColumn: false, skipRows: 0 } as CsvSettings;

/** Audit `after` of one ingest batch: which token, how many readings, the outcome, how many buildings it touched. */
function batchAudit(tokenId: string | null, r: { jobId: string; status: string; rowsTotal: number; accepted: number; duplicates: number; rejected: number; buildings: number }) {
  return { tokenId, jobId: r.jobId, status: r.status, readings: r.rowsTotal, accepted: r.accepted, duplicates: r.duplicates, rejected: r.rejected, buildings: r.buildings };
}

/**
 * Imports one batch for the organisation; rejected as a whole when any reading is invalid. Every batch is
 * audited (`ingest.batch`, no user: tokens belong to the organisation, not to a person) — a landed one inside
 * the import's transaction, a rejected or failed one right after.
 */
export async function ingestOccupancyBatch(pool: Pool, organisationId: string, batch: IngestBatch, tokenName = 'api', tokenId: string | null = null): Promise<IngestResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'areal-ingest-'));
  const file = path.join(dir, 'batch.csv');
  try {
    await writeFile(file, batchCsv(batch));
    const result = await runImport({
      kind: 'occupancy',
      path: file,
      fileName: `api:${tokenName}`,
      organisationId,
      source: 'api',
      mapping: batchMapping(batch),
      settings: BATCH_SETTINGS,
      pool,
      beforeCommit: async (client, { jobId, counts, rowsTotal }) => {
        const buildings = Number(counts.extra?.buildings ?? 0);
        const accepted = counts.inserted + counts.updated;
        await recordAudit(client, {
          organisationId, userId: null, action: 'ingest.batch', entity: 'import_job', entityId: jobId,
          after: batchAudit(tokenId, { jobId, status: 'succeeded', rowsTotal, accepted, duplicates: Math.max(0, rowsTotal - accepted), rejected: 0, buildings }),
        });
      },
    });
    if (result.status !== 'succeeded') {
      await recordAudit(pool, {
        organisationId, userId: null, action: 'ingest.batch', entity: 'import_job', entityId: result.jobId,
        after: batchAudit(tokenId, { ...result, buildings: 0 }),
      });
    }
    return { ...result, issueIndexes: result.issues.map((i) => (i.line >= 2 ? i.line - 2 : -1)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface QueuedBatch {
  queued: true;
  jobId: string;
  readings: number;
}

/**
 * A batch above INGEST_QUEUE_ABOVE_READINGS becomes an import job: stored first as an upload of the organisation
 * (with its SHA-256, like a browser upload), then queued — the worker imports it with the same pipeline, and the
 * caller polls the import job. Audited (`ingest.batch`, status "queued") when queued; smaller batches are imported
 * at once (ingestOccupancyBatch).
 */
export async function ingestOrQueueBatch(pool: Pool, organisationId: string, batch: IngestBatch, tokenName = 'api', tokenId: string | null = null): Promise<IngestResult | QueuedBatch> {
  if (batch.readings.length <= INGEST_QUEUE_ABOVE_READINGS) return ingestOccupancyBatch(pool, organisationId, batch, tokenName, tokenId);
  const upload = await saveUpload(organisationId, `api:${tokenName}`, new Blob([batchCsv(batch)]).stream());
  const jobId = await enqueueImport(pool, await getBoss(), {
    organisationId, userId: null, buildingIds: null, upload, kind: 'occupancy', mapping: batchMapping(batch), settings: BATCH_SETTINGS,
    dryRun: false, skipInvalid: false, saveMappingAs: null, source: 'api',
  });
  await recordAudit(pool, {
    organisationId, userId: null, action: 'ingest.batch', entity: 'import_job', entityId: jobId,
    after: { tokenId, jobId, status: 'queued', readings: batch.readings.length },
  });
  return { queued: true, jobId, readings: batch.readings.length };
}

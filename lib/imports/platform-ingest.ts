// A platform's uplink body (ChirpStack, The Things Stack, OS2iot) turned into an ingest batch for an organisation:
// its device EUIs resolved through the organisation's mapping (lib/sensors/devices.ts), then read by
// lib/imports/platform-uplinks.ts. The route only sends the result on.
import type { ClientBase, Pool } from 'pg';
import { recordAudit } from '@/lib/audit/record';
import { resolveDevices } from '@/lib/sensors/devices';
import { uplinkBatch, uplinkEuis, type UplinkBatch, type UplinkIssue } from './platform-uplinks';

/** The batch of a platform body for the organisation; null when the body is no platform's uplink format. */
export async function platformUplinkBatch(db: ClientBase | Pool, organisationId: string, body: unknown, field: string | undefined, nowIso: string): Promise<UplinkBatch | null> {
  const euis = uplinkEuis(body);
  if (euis === null) return null;
  const devices = await resolveDevices(db, organisationId, euis);
  return uplinkBatch(body, field, nowIso, devices);
}

/**
 * Refuses a body with messages from unknown devices before the pipeline (nothing stored, no import job): audited
 * like every batch (`ingest.batch`, with the token and the refused EUIs, so an unmapped device shows in the log);
 * returns the 422 body in the ingest API's shape.
 */
export async function refuseUnknownDevices(db: ClientBase | Pool, organisationId: string, tokenId: string | null, issues: readonly UplinkIssue[]) {
  await recordAudit(db, {
    organisationId, userId: null, action: 'ingest.batch', entity: 'import_job', entityId: null,
    after: { tokenId, jobId: null, status: 'rejected', accepted: 0, rejected: issues.length, unknownDevices: [...new Set(issues.map((i) => i.value))] },
  });
  return { jobId: null, status: 'rejected', accepted: 0, duplicates: 0, rejected: issues.length, errors: issues };
}

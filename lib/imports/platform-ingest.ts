// A platform's uplink body (ChirpStack, The Things Stack, OS2iot) turned into an ingest batch for an organisation:
// its device EUIs resolved through the organisation's mapping (lib/sensors/devices.ts), then read by
// lib/imports/platform-uplinks.ts. The route only sends the result on.
import type { ClientBase, Pool } from 'pg';
import { resolveDevices } from '@/lib/sensors/devices';
import { uplinkBatch, uplinkEuis, type UplinkBatch, type UplinkIssue } from './platform-uplinks';

/** The batch of a platform body for the organisation; null when the body is no platform's uplink format. */
export async function platformUplinkBatch(db: ClientBase | Pool, organisationId: string, body: unknown, field: string | undefined, nowIso: string): Promise<UplinkBatch | null> {
  const euis = uplinkEuis(body);
  if (euis === null) return null;
  const devices = await resolveDevices(db, organisationId, euis);
  return uplinkBatch(body, field, nowIso, devices);
}

/** The 422 body for messages refused before the pipeline (unknown devices): the ingest API's shape, nothing stored. */
export function refusedUplinksBody(issues: readonly UplinkIssue[]) {
  return { jobId: null, status: 'rejected', accepted: 0, duplicates: 0, rejected: issues.length, errors: issues };
}

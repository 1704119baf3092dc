// Stores the organisation's import settings — its time zone and the plausibility checks every import runs — in
// organisation.settings (the other keys are left as they are), and says what changed: a new time zone moves every
// local day, so the caller queues the daily rollups and the scores to be rebuilt (lib/jobs/queue-score.ts).
import type { ClientBase } from 'pg';
import { z } from 'zod';
import { importChecksSchema, organisationSettingsSchema, parseOrganisationSettings, type ImportChecks } from './settings';

export const importSettingsSchema = z.object({
  timeZone: organisationSettingsSchema.shape.timeZone.unwrap(),
  importChecks: importChecksSchema.refine((c) => c.costPerM2Min < c.costPerM2Max, {
    message: 'the lowest kr/m² must be below the highest', path: ['costPerM2Max'],
  }),
});

export interface ImportSettings {
  timeZone: string;
  importChecks: ImportChecks;
}

export interface SavedImportSettings {
  before: ImportSettings;
  after: ImportSettings;
  zoneChanged: boolean;
}

/** Validates (throws a ZodError) and stores the time zone and import checks; run it in the caller's transaction. */
export async function saveImportSettings(client: Pick<ClientBase, 'query'>, organisationId: string, input: unknown): Promise<SavedImportSettings> {
  const after = importSettingsSchema.parse(input);
  const { rows } = await client.query<{ settings: unknown }>('SELECT settings FROM organisation WHERE id = $1 FOR UPDATE', [organisationId]);
  if (rows.length === 0) throw new Error(`organisation ${organisationId} not found`);
  const current = parseOrganisationSettings(rows[0].settings);
  const before: ImportSettings = { timeZone: current.timeZone, importChecks: current.importChecks };
  await client.query(
    `UPDATE organisation SET settings = COALESCE(settings, '{}'::jsonb) || jsonb_build_object('timeZone', $2::text, 'importChecks', $3::jsonb)
      WHERE id = $1`,
    [organisationId, after.timeZone, JSON.stringify(after.importChecks)],
  );
  return { before, after, zoneChanged: before.timeZone !== after.timeZone };
}

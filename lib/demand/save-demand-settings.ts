import type { Pool } from 'pg';
import { demandSettingsSchema, type DemandSettings } from './services';

// Stores the organisation's demand settings (services per category, horizon) in organisation.settings.demand.

/** Validates and stores the demand settings; returns them as stored (defaults filled). */
export async function saveDemandSettings(pool: Pool, organisationId: string, input: unknown): Promise<DemandSettings> {
  const settings = demandSettingsSchema.parse(input);
  await pool.query(`UPDATE organisation SET settings = jsonb_set(COALESCE(settings, '{}'::jsonb), '{demand}', $2::jsonb) WHERE id = $1`, [organisationId, JSON.stringify(settings)]);
  return settings;
}

'use server';

import { revalidatePath } from 'next/cache';
import { ZodError } from 'zod';
import { recordAudit } from '@/lib/audit/record';
import { requireActionAuth } from '@/lib/auth/current';
import { rolesWith } from '@/lib/auth/roles';
import { getPool, withTransaction } from '@/lib/db/pool';
import { getBoss } from '@/lib/jobs/boss';
import { queueScore } from '@/lib/jobs/queue-score';
import { importSettingsFromForm } from '@/lib/organisations/import-settings-form';
import { saveImportSettings } from '@/lib/organisations/save-import-settings';

// The organisation's time zone and import checks (administrators: settings:manage). Validated, audited; a new
// time zone queues the daily rollups and the scores to be rebuilt in it.

export interface SaveSettingsState {
  saved: boolean;
  zoneChanged?: boolean;
  /** Fields whose value was refused (form field names). */
  invalid?: string[];
}

/** Saves the settings form; returns which fields were refused, or that it was saved (and whether scores follow). */
export async function saveSettingsAction(_previous: SaveSettingsState, form: FormData): Promise<SaveSettingsState> {
  const auth = await requireActionAuth(rolesWith('settings:manage'));
  const organisationId = auth.organisation.id;
  try {
    const saved = await withTransaction(getPool(), async (client) => {
      const s = await saveImportSettings(client, organisationId, importSettingsFromForm(form));
      await recordAudit(client, { organisationId, userId: auth.user.id, action: 'settings.change', entity: 'organisation', entityId: organisationId, before: s.before, after: s.after });
      return s;
    });
    if (saved.zoneChanged) await queueScore(await getBoss(), { organisationId, rebuildLocalDays: true });
    revalidatePath('/admin/settings');
    return { saved: true, zoneChanged: saved.zoneChanged };
  } catch (e) {
    if (e instanceof ZodError) return { saved: false, invalid: [...new Set(e.issues.map((i) => String(i.path[i.path.length - 1])))] };
    throw e;
  }
}

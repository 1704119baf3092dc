import { getTranslations } from 'next-intl/server';
import { requirePageAuth } from '@/lib/auth/current';
import { rolesWith } from '@/lib/auth/roles';
import { DEFAULT_TIME_ZONE } from '@/lib/config/time-zone';
import { getPool } from '@/lib/db/pool';
import { IMPORT_CHECK_RULES } from '@/lib/organisations/import-check-rules';
import { loadOrganisationSettings } from '@/lib/organisations/load-settings';
import { importChecksSchema } from '@/lib/organisations/settings';
import { SettingsForm } from './settings-form';

export const dynamic = 'force-dynamic';

/** The organisation's time zone and import checks (administrators), with each rule's default beside it. */
export default async function SettingsPage() {
  const auth = await requirePageAuth(rolesWith('settings:manage'), '/admin/settings');
  const [t, settings] = await Promise.all([getTranslations('admin.settings'), loadOrganisationSettings(getPool(), auth.organisation.id)]);
  const zones = Intl.supportedValuesOf('timeZone');
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <SettingsForm
        timeZone={settings.timeZone}
        importChecks={settings.importChecks}
        defaults={{ timeZone: DEFAULT_TIME_ZONE, importChecks: importChecksSchema.parse({}) }}
        zones={zones.includes(settings.timeZone) ? zones : [settings.timeZone, ...zones]}
        rules={IMPORT_CHECK_RULES}
      />
    </div>
  );
}

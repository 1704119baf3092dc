import { getTranslations } from 'next-intl/server';
import type { AuthContext } from '@/lib/auth/types';
import { switchOrganisationAction } from './organisation-actions';

/** The header's organisation switcher, for users with memberships in several organisations. Works without JavaScript. */
export async function OrganisationSwitch({ session }: { session: AuthContext }) {
  if (session.memberships.length < 2) return null;
  const t = await getTranslations('auth');
  return (
    <form action={switchOrganisationAction} className="organisation-switch" data-testid="organisation-switch" style={{ display: 'flex', alignItems: 'center', gap: '.35rem' }}>
      <label htmlFor="organisation-switch-select">{t('switcher.label')}</label>
      <select id="organisation-switch-select" name="organisationId" defaultValue={session.organisation.id} style={{ font: 'inherit', padding: '.25rem' }}>
        {session.memberships.map((m) => (
          <option key={m.organisationId} value={m.organisationId}>
            {t('switcher.option', { organisation: m.name, role: t(`roles.${m.role}`) })}
          </option>
        ))}
      </select>
      <button type="submit" className="button">{t('switcher.submit')}</button>
    </form>
  );
}

import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePageAuth } from '@/lib/auth/current';
import { can, rolesWith } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

/** Administration: users and roles, ingest tokens and the operations status (administrators), the audit log (also property managers). */
export default async function AdminPage() {
  const auth = await requirePageAuth(rolesWith('audit:read'), '/admin');
  const t = await getTranslations('admin');
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <ul className="link-list">
        {can(auth.role, 'users:manage') && <li><Link href="/admin/users">{t('users.title')}</Link> — {t('users.lead')}</li>}
        {can(auth.role, 'tokens:manage') && <li><Link href="/admin/tokens">{t('tokens.title')}</Link> — {t('tokens.lead')}</li>}
        {can(auth.role, 'settings:manage') && <li><Link href="/admin/settings">{t('settings.link')}</Link> — {t('settings.linkLead')}</li>}
        <li><Link href="/admin/audit">{t('audit.title')}</Link> — {t('audit.lead')}</li>
        {can(auth.role, 'users:manage') && <li><Link href="/admin/status">{t('status.link')}</Link> — {t('status.linkLead')}</li>}
      </ul>
    </div>
  );
}

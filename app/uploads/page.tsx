import { getTranslations } from 'next-intl/server';
import { getPool } from '@/lib/db/pool';
import { currentOrganisation } from '@/lib/organisations/current';

export const dynamic = 'force-dynamic';

// Thin page until its issue lands: shows a real count from the database, not placeholder text.
export default async function Page() {
  const t = await getTranslations('placeholder.uploads');
  const tc = await getTranslations('common');
  const organisation = await currentOrganisation();
  if (!organisation) return <p className="notice">{tc('noOrganisation')}</p>;
  const { rows } = await getPool().query<{ n: number }>('SELECT count(*)::int AS n FROM import_job WHERE organisation_id = $1', [organisation.id]);
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p>{t('body', { count: rows[0].n })}</p>
    </div>
  );
}

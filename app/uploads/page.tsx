import { getTranslations } from 'next-intl/server';
import { importActor } from '@/lib/imports/actor';
import { UploadWizard } from './upload-wizard';
import { requirePageAuth } from '@/lib/auth/current';
import { IMPORTERS } from '@/lib/auth/roles';

export const dynamic = 'force-dynamic';

// Upload data: a thin server shell around the client wizard (app/uploads/upload-wizard.tsx).
export default async function UploadsPage() {
  await requirePageAuth(IMPORTERS, '/uploads');
  const [t, tc, actor] = await Promise.all([getTranslations('imports'), getTranslations('common'), importActor()]);
  if (!actor) return <p className="notice">{tc('noOrganisation')}</p>;
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <UploadWizard />
    </div>
  );
}

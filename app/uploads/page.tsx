import { getLocale, getTranslations } from 'next-intl/server';
import { getPool } from '@/lib/db/pool';
import { importActorOf } from '@/lib/imports/actor';
import { buildingCoverage } from '@/lib/occupancy/building-coverage';
import { recentImports } from '@/lib/uploads/recent-imports';
import { requirePageAuth } from '@/lib/auth/current';
import { IMPORTERS } from '@/lib/auth/roles';
import type { Locale } from '@/lib/i18n/config';
import { UploadWizard } from './upload-wizard';
import { CoverageTable } from './coverage-table';
import { RecentImports } from './recent-imports';
import { TemplateGuide } from './template-guide';
import './uploads.css';

export const dynamic = 'force-dynamic';

// Upload data: a thin server shell around the client wizard (app/uploads/upload-wizard.tsx). Facility staff also see
// the sensor coverage of their buildings; everyone sees their last uploads and how a file should look.
export default async function UploadsPage() {
  const actor = importActorOf(await requirePageAuth(IMPORTERS, '/uploads'));
  const [t, locale] = await Promise.all([getTranslations('imports'), getLocale()]);
  const pool = getPool();
  const [coverage, recent] = await Promise.all([
    actor.buildingIds ? buildingCoverage(pool, actor.organisationId, actor.buildingIds) : Promise.resolve(null),
    recentImports(pool, actor.organisationId, actor.buildingIds ? actor.userId : null),
  ]);
  const lang = (locale === 'en' ? 'en' : 'da') satisfies Locale;
  return (
    <div className="page uploads-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {coverage && <CoverageTable rows={coverage} locale={lang} />}
      <UploadWizard />
      <RecentImports rows={recent} locale={lang} />
      <TemplateGuide />
    </div>
  );
}

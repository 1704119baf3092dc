import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export const dynamic = 'force-dynamic';

/** Where requirePageAuth sends a signed-in user whose role does not allow the page. */
export default async function ForbiddenPage() {
  const t = await getTranslations('auth.forbidden');
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <p><Link href="/">{t('home')}</Link></p>
    </div>
  );
}

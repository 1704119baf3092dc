import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import './_states/page-states.css';

// A page or record that does not exist (or that this user may not see — the answer is the same on purpose).
export default async function NotFound() {
  const t = await getTranslations('states.notFound');
  return (
    <div className="page-problem" data-testid="page-not-found">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      <p className="page-problem__actions"><Link href="/">{t('home')}</Link></p>
    </div>
  );
}

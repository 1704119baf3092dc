import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { currentOrganisation } from '@/lib/organisations/current';
import { LocaleSwitch } from './locale-switch';
import { NavLinks } from './nav-links';

/** The top bar: product name, the three jobs (plus overview and ranking), language, demo label. */
export async function SiteHeader() {
  const t = await getTranslations('common');
  const organisation = await currentOrganisation().catch(() => null);
  const links = [
    { href: '/', label: t('nav.home') },
    { href: '/map', label: t('nav.map') },
    { href: '/ranking', label: t('nav.ranking') },
    { href: '/scenarios', label: t('nav.scenarios') },
    { href: '/uploads', label: t('nav.uploads') },
  ];
  return (
    <header className="site-header">
      <div className="site-header__bar">
        <Link href="/" className="brand">
          {t('appName')}
          {organisation && <span className="brand__org">{organisation.name}</span>}
        </Link>
        <NavLinks links={links} label={t('nav.label')} />
        <LocaleSwitch />
      </div>
      {organisation?.isDemo && (
        <p className="demo-banner" role="note">{t('demoBanner', { organisation: organisation.name })}</p>
      )}
    </header>
  );
}

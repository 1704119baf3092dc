import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { signOutAction } from '@/app/signout/actions';
import { currentAuth } from '@/lib/auth/current';
import { can } from '@/lib/auth/roles';
import { LocaleSwitch } from './locale-switch';
import { NavLinks } from './nav-links';
import { OrganisationSwitch } from './organisation-switch';

/** The top bar: product name, the jobs the signed-in role may do, language, the user and sign-out, demo label. */
export async function SiteHeader() {
  const [t, ta] = await Promise.all([getTranslations('common'), getTranslations('auth')]);
  const session = await currentAuth().catch(() => null);
  const organisation = session?.organisation ?? null;
  const role = session?.role;
  const links = !role
    ? []
    : [
        { href: '/', label: t('nav.home') },
        ...(can(role, 'portfolio:read') ? [{ href: '/map', label: t('nav.map') }, { href: '/ranking', label: t('nav.ranking') }, { href: '/demand', label: t('nav.demand') }] : []),
        ...(can(role, 'scenario:read') ? [{ href: '/scenarios', label: t('nav.scenarios') }] : []),
        ...(can(role, 'import:write') ? [{ href: '/uploads', label: t('nav.uploads') }] : []),
        ...(can(role, 'audit:read') ? [{ href: '/admin', label: ta('adminLink') }] : []),
      ];
  return (
    <header className="site-header">
      <div className="site-header__bar">
        <Link href="/" className="brand">
          {t('appName')}
          {organisation && <span className="brand__org">{organisation.name}</span>}
        </Link>
        {links.length > 0 && <NavLinks links={links} label={t('nav.label')} />}
        <LocaleSwitch />
        {session && <OrganisationSwitch session={session} />}
        {session && (
          <form action={signOutAction} className="signed-in-user" style={{ display: 'flex', alignItems: 'center', gap: '.5rem' }}>
            <span>
              <span data-testid="signed-in-user">{session.user.name}</span>{' '}
              <span className="brand__org" data-testid="signed-in-role">({ta(`roles.${session.role}`)})</span>
            </span>
            <button type="submit" className="button">{ta('signOut')}</button>
          </form>
        )}
      </div>
      {session && session.pendingInvitations > 0 && (
        <p className="demo-banner" role="note" data-testid="invitations-banner">
          {ta('invitations.banner', { count: session.pendingInvitations })} <Link href="/invitations">{ta('invitations.bannerLink')}</Link>
        </p>
      )}
      {organisation?.isDemo && (
        <p className="demo-banner" role="note">{t('demoBanner', { organisation: organisation.name })}</p>
      )}
    </header>
  );
}

'use client';
// Any page that throws while rendering: a generic message (never the error's own text, which may carry internals),
// the error id the server logged (Next's digest) to quote to an administrator, and a way to try again.
import { useEffect, useRef } from 'react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import './_states/page-states.css';

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('states.error');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="page-problem" data-testid="page-error">
      <div className="page-problem__box" role="alert">
        <h1 tabIndex={-1} ref={heading}>{t('title')}</h1>
        <p>{t('body')}</p>
        {error.digest && <p>{t('id')} <code data-testid="error-id">{error.digest}</code></p>}
      </div>
      <p className="page-problem__actions">
        <button type="button" className="button button--primary" onClick={reset}>{t('retry')}</button>
        <Link href="/">{t('home')}</Link>
      </p>
    </div>
  );
}

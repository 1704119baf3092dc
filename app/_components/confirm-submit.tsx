'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';

/**
 * A button for a destructive action (a form's submit, or onConfirm) that asks first: the first press turns it into a question with
 * "yes, <action>" (the real submit) and "cancel". Inline rather than window.confirm, so it is keyboard and
 * screen-reader friendly (focus moves to the confirming button; Escape or cancel returns it).
 */
export function ConfirmSubmit({ label, question, confirmLabel, onConfirm }: {
  label: string;
  question: string;
  confirmLabel?: string;
  /** Outside a form: called on "yes" instead of submitting. */
  onConfirm?: () => void;
}) {
  const t = useTranslations('common.confirm');
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (returnFocus.current) first.current?.focus();
  }, [asking]);

  function cancel() {
    returnFocus.current = true;
    setAsking(false);
  }

  if (!asking) {
    return <button ref={first} type="button" className="button" onClick={() => setAsking(true)}>{label}</button>;
  }
  return (
    <span role="group" aria-label={question} className="confirm-submit" onKeyDown={(e) => { if (e.key === 'Escape') cancel(); }}>
      <span className="confirm-question">{question}</span>{' '}
      <button ref={yes} type={onConfirm ? 'button' : 'submit'} onClick={onConfirm} className="button button--danger">{confirmLabel ?? t('yes', { action: label.toLowerCase() })}</button>{' '}
      <button type="button" className="button" onClick={cancel}>{t('cancel')}</button>
    </span>
  );
}

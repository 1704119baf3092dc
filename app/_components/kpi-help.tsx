'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';

export const KPIS = ['utilisation', 'cost', 'condition', 'combined', 'confidence'] as const;
export type Kpi = (typeof KPIS)[number];

/**
 * Inline help for one KPI: a small "?" button (aria-expanded, aria-controls) that shows what the KPI measures,
 * its formula and its norm (texts in common.kpi, consistent with docs/scoring.md). A disclosure rather than a
 * hover tooltip, so it works by keyboard, touch and screen reader alike; Escape closes it and returns focus.
 */
export function KpiHelp({ kpi }: { kpi: Kpi }) {
  const t = useTranslations('common.kpi');
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <span className="kpi-help" ref={box}>
      <button ref={button} type="button" className="kpi-help__button" aria-expanded={open} aria-controls={`${id}-text`}
        aria-label={t('about', { kpi: t(`${kpi}.name`) })} onClick={() => setOpen((o) => !o)} data-kpi={kpi}>
        ?
      </button>
      <span id={`${id}-text`} className="kpi-help__text" role="note" hidden={!open}>
        <strong className="kpi-help__title">{t(`${kpi}.name`)}</strong>
        <span className="kpi-help__row"><b>{t('what')}:</b> {t(`${kpi}.what`)}</span>
        <span className="kpi-help__row"><b>{t('formula')}:</b> {t(`${kpi}.formula`)}</span>
        <span className="kpi-help__row"><b>{t('norm')}:</b> {t(`${kpi}.norm`)}</span>
      </span>
    </span>
  );
}

'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';

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
  const text = useRef<HTMLSpanElement>(null);
  const [place, setPlace] = useState<CSSProperties>({});

  // Fixed to the viewport beside its button, so a scrolling table or a narrow panel cannot clip it.
  useLayoutEffect(() => {
    if (!open) return;
    const position = () => {
      const r = button.current?.getBoundingClientRect();
      if (!r) return;
      const width = Math.min(352, window.innerWidth - 16);
      const left = Math.max(8, Math.min(r.left - 8, window.innerWidth - width - 8));
      const below = window.innerHeight - r.bottom;
      const height = text.current?.offsetHeight ?? 0;
      setPlace(below < height + 12 && r.top > below
        ? { position: 'fixed', left, width, bottom: window.innerHeight - r.top + 4 }
        : { position: 'fixed', left, width, top: r.bottom + 4 });
    };
    position();
    window.addEventListener('scroll', position, true);
    window.addEventListener('resize', position);
    return () => {
      window.removeEventListener('scroll', position, true);
      window.removeEventListener('resize', position);
    };
  }, [open]);

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
      <span id={`${id}-text`} ref={text} className="kpi-help__text" role="note" hidden={!open} style={place}>
        <strong className="kpi-help__title">{t(`${kpi}.name`)}</strong>
        <span className="kpi-help__row"><b>{t('what')}:</b> {t(`${kpi}.what`)}</span>
        <span className="kpi-help__row"><b>{t('formula')}:</b> {t(`${kpi}.formula`)}</span>
        <span className="kpi-help__row"><b>{t('norm')}:</b> {t(`${kpi}.norm`)}</span>
      </span>
    </span>
  );
}

'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useId, useMemo, useState } from 'react';
import { formatArea, formatNumber } from '@/lib/format/number';
import type { Locale } from '@/lib/i18n/config';
import { isAncillaryUseCode } from '@/lib/registry/categories';
import { pickerMatches } from '@/lib/scenarios/picker-order';
import type { ScenarioBuilding } from '@/lib/scenarios/types';

const MAX_OPTIONS = 40;

// A searchable building picker (ARIA combobox with a listbox): each option shows the building's m², combined score
// and users, and garages/sheds are marked (and listed last), so the choice is informed — not a dropdown of 338 names.
export function BuildingPicker({ buildings, onPick, label }: { buildings: ScenarioBuilding[]; onPick: (id: string) => void; label: string }) {
  const t = useTranslations('scenarios.picker');
  const tc = useTranslations('common');
  const locale = useLocale() as Locale;
  const id = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const all = useMemo(() => pickerMatches(buildings, query, (c) => tc(`categories.${c}`)), [buildings, query, tc]);
  const options = all.slice(0, MAX_OPTIONS);
  const choose = (b: ScenarioBuilding | undefined) => {
    if (!b) return;
    onPick(b.id);
    setQuery('');
    setActive(0);
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') { setOpen(true); setActive((a) => Math.min(a + 1, options.length - 1)); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { setActive((a) => Math.max(a - 1, 0)); e.preventDefault(); }
    else if (e.key === 'Enter' && open) { choose(options[active]); e.preventDefault(); }
    else if (e.key === 'Escape') { setOpen(false); }
  };
  return (
    <div className="building-picker" data-testid="building-picker">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input id={`${id}-input`} type="search" role="combobox" aria-expanded={open} aria-controls={`${id}-list`} aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${id}-${options[active].id}` : undefined}
        placeholder={t('placeholder')} value={query} autoComplete="off"
        onChange={(e) => { setQuery(e.target.value); setOpen(true); setActive(0); }}
        onFocus={() => setOpen(true)} onBlur={() => setTimeout(() => setOpen(false), 150)} onKeyDown={onKey} />
      {open && (
        <ul id={`${id}-list`} role="listbox" aria-label={label} className="building-picker__list">
          {options.length === 0 && <li className="hint" role="presentation">{t('none')}</li>}
          {options.map((b, i) => {
            const ancillary = isAncillaryUseCode(b.useCode);
            return (
              <li key={b.id} id={`${id}-${b.id}`} role="option" aria-selected={i === active} className={ancillary ? 'is-ancillary' : undefined}
                onMouseDown={(e) => e.preventDefault()} onClick={() => choose(b)} onMouseEnter={() => setActive(i)}>
                <span className="building-picker__name">
                  {b.name}
                  {ancillary && <span className="tag">{t('ancillary')}</span>}
                  <span className="hint"> · {tc(`categories.${b.category}`)}</span>
                </span>
                <span className="building-picker__figures">
                  <span>{formatArea(b.grossAreaM2, locale)}</span>
                  <span>{t('score', { score: b.combinedScore == null ? '–' : formatNumber(Math.round(b.combinedScore), locale) })}</span>
                  <span>{t('users', { users: b.usersTotal == null ? '–' : formatNumber(b.usersTotal, locale) })}</span>
                </span>
              </li>
            );
          })}
          {all.length > options.length && <li className="hint" role="presentation">{t('more', { shown: options.length, total: all.length })}</li>}
        </ul>
      )}
    </div>
  );
}

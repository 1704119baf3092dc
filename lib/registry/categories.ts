// Municipal building categories (after the Danish chart of accounts) and the BBR use-code mapping.

export const CATEGORIES = [
  'administration',
  'daycare',
  'school',
  'elderly',
  'culture',
  'sport',
  'health',
  'letting',
  'other',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** Danish labels as municipalities write them; English labels live in the i18n messages. */
export const CATEGORY_LABEL_DA: Record<Category, string> = {
  administration: 'Administration',
  daycare: 'Dagtilbud',
  school: 'Skoler/SFO',
  elderly: 'Ældre/Handicap',
  culture: 'Kultur',
  sport: 'Fritid/Idræt',
  health: 'Sundhed',
  letting: 'Udlejning',
  other: 'Andet',
};

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

/** Maps a BBR byg021BygningensAnvendelse code to a category; unknown codes → 'other'. */
export function categoryForUseCode(code: number | null | undefined): Category {
  if (code == null || !Number.isFinite(code)) return 'other';
  if (code === 320 || code === 321) return 'administration';
  if (code === 421 || code === 420 || code === 429) return 'school';
  if (code === 440 || code === 441) return 'daycare';
  if (code === 442 || code === 449 || code === 490) return 'elderly';
  if (code >= 430 && code <= 439) return 'health';
  if (code === 160) return 'elderly';
  if (code >= 410 && code <= 419) return 'culture';
  if (code >= 530 && code <= 539) return 'sport';
  return 'other';
}

/** BBR use codes of garages, sheds, carports and similar buildings (ancillary). */
export const ANCILLARY_USE_CODES = { min: 910, max: 990 } as const;

/** Garages, sheds and similar (BBR 910–990) are kept in the registry but excluded from utilisation scoring. */
export function isAncillaryUseCode(code: number | null | undefined): boolean {
  return code != null && code >= ANCILLARY_USE_CODES.min && code <= ANCILLARY_USE_CODES.max;
}

/** {@link isAncillaryUseCode} as a SQL boolean over a use-code column (false when the code is unknown). */
export function ancillaryUseCodeSql(column: string): string {
  return `coalesce(${column} BETWEEN ${ANCILLARY_USE_CODES.min} AND ${ANCILLARY_USE_CODES.max}, false)`;
}

import { z } from 'zod';
import { CATEGORIES, isAncillaryUseCode } from '@/lib/registry/categories';

// The optimiser's defaults, said once: the API's request schema, the form's starting values, the CLI, the demo
// scenarios, the bench and the organisation settings (organisation.settings.optimiserDefaults) all read them here.
// An organisation may override the defensibility rules (minimum data confidence, registered places, compatibility);
// the search settings (band, horizon, solver limits) are per run.

/**
 * What a building does, finer than its category where services are not interchangeable: a swimming pool (BBR 532)
 * and a sports hall (533) are both 'sport' in the chart of accounts but nobody swims in a hall; garages and sheds
 * (910–990) hold no service at all.
 */
export const SERVICE_KINDS = [...CATEGORIES, 'pool', 'sports_hall', 'garage'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** The service kind of a building: garage for BBR 910–990, pool for 532, sports hall for 533, else its category. */
export function serviceKind(b: { category: string; useCode?: number | null }): ServiceKind {
  if (isAncillaryUseCode(b.useCode)) return 'garage';
  if (b.useCode === 532) return 'pool';
  if (b.useCode === 533) return 'sports_hall';
  return (SERVICE_KINDS as readonly string[]).includes(b.category) ? (b.category as ServiceKind) : 'other';
}

/**
 * Which kinds may move into which other kinds (a kind may always move into its own). Pools, sports halls, garages
 * and schools take nobody else's users and move nowhere else; a library or community hall may use a school's or the
 * town hall's rooms, clubs a sports hall, health services an office or a care home. Every move across kinds is
 * flagged in the result and the brief.
 */
export const DEFAULT_COMPATIBILITY: Partial<Record<ServiceKind, ServiceKind[]>> = {
  culture: ['school', 'administration'],
  sport: ['sports_hall'],
  health: ['administration', 'elderly'],
};

/** Whether users of kind `from` may move into a building of kind `to` under the table. */
export function kindsCompatible(compatibility: Partial<Record<string, string[]>>, from: string, to: string): boolean {
  return from === to || (compatibility[from] ?? []).includes(to);
}

export const OPTIMISER_DEFAULTS = {
  targetMin: 0.05,
  targetMax: 0.1,
  mode: 'savings' as 'savings' | 'service',
  horizonYears: 10,
  mipRelGap: 0.01,
  timeLimitSeconds: 30,
  includeSaleValue: false,
  savingsFloorDkk: null as number | null,
  unknownUtilisation: 'cannot_receive' as 'cannot_receive' | 'assume_users',
  /** A building may close only on measured use with at least this data confidence (0..1). */
  minClosureConfidence: 0.5,
  /** Close buildings on registry data alone (no or too little measurement): off unless the user says so. */
  allowRegistryClosures: false,
  /** Registered users after the move ≤ this share of the receiver's registered places. */
  placesCeiling: 1,
};

const kindEnum = z.enum(SERVICE_KINDS);

/** The organisation's overrides (organisation.settings.optimiserDefaults); missing fields take the defaults. */
export const optimiserDefaultsSchema = z.object({
  compatibility: z.partialRecord(kindEnum, z.array(kindEnum)).default(DEFAULT_COMPATIBILITY),
  minClosureConfidence: z.number().min(0).max(1).default(OPTIMISER_DEFAULTS.minClosureConfidence),
  placesCeiling: z.number().min(0.1).max(1.5).default(OPTIMISER_DEFAULTS.placesCeiling),
});

export type OptimiserDefaults = z.infer<typeof optimiserDefaultsSchema>;

import { z } from 'zod';
import { scenarioDefaultsSchema, type ScenarioDefaults } from '@/lib/organisations/settings';

// The portfolio as a scenario sees it, the actions a scenario is made of, and the outcome of simulating them.

/** One building as the scenario arithmetic needs it (areas m², money DKK, energy kWh/year, WGS84 lon/lat). */
export interface ScenarioBuilding {
  id: string;
  name: string;
  category: string;
  grossAreaM2: number;
  usersTotal: number | null;
  capacity: number | null;
  /** P95 of hourly people ÷ capacity over opening hours, 0..1 (may exceed 1); null = not measured. */
  peakUtilisation: number | null;
  /** Latest year's operating cost incl. rent where the lease is booked as a cost. */
  annualOperatingCostDkk: number | null;
  backlogDkk: number;
  tenure: 'owned' | 'leased';
  annualLeaseDkk: number | null;
  energyKwhPerYear: number | null;
  lon: number | null;
  lat: number | null;
  /** Data confidence 0..1 from the latest score; null = never scored. */
  confidence: number | null;
  /** BBR use code (byg021); 910–990 are ancillary buildings (garages, sheds, carports), which the optimiser leaves out. */
  useCode?: number | null;
  /** Combined percentile score 0–100 of the latest scored period (the builder's picker and map); null = no score. */
  combinedScore?: number | null;
}

export const ACTION_KINDS = ['close', 'let_out', 'merge', 'share'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const receiverSchema = z.object({ buildingId: z.string().min(1), share: z.number().gt(0).max(1) });

const SHARE_TOLERANCE = 1e-6;

export const scenarioActionSchema = z
  .object({
    buildingId: z.string().min(1),
    action: z.enum(ACTION_KINDS),
    receivers: z.array(receiverSchema).default([]),
  })
  .superRefine((a, ctx) => {
    if ((a.action === 'merge' || a.action === 'share') && a.receivers.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['receivers'], message: `${a.action} needs at least one receiver` });
    }
    if (a.receivers.length > 0) {
      const sum = a.receivers.reduce((s, r) => s + r.share, 0);
      if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
        ctx.addIssue({ code: 'custom', path: ['receivers'], message: `receiver shares must sum to 1 (got ${sum})` });
      }
      if (a.receivers.some((r) => r.buildingId === a.buildingId)) {
        ctx.addIssue({ code: 'custom', path: ['receivers'], message: 'a building cannot receive its own users' });
      }
      if (new Set(a.receivers.map((r) => r.buildingId)).size !== a.receivers.length) {
        ctx.addIssue({ code: 'custom', path: ['receivers'], message: 'a receiver is listed twice' });
      }
    }
  });

export const scenarioActionsSchema = z.array(scenarioActionSchema).superRefine((actions, ctx) => {
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (seen.has(a.buildingId)) ctx.addIssue({ code: 'custom', path: [i, 'buildingId'], message: 'a building has two actions' });
    seen.add(a.buildingId);
  });
});

export type ScenarioAction = z.infer<typeof scenarioActionSchema>;

/** Every assumption of a scenario: the organisation's defaults, each editable per scenario. */
export const scenarioParamsSchema = scenarioDefaultsSchema;
export type ScenarioParams = ScenarioDefaults;

/** Fills missing parameters with the defaults (as stored in organisation settings). */
export function scenarioParams(partial: Partial<ScenarioParams> = {}, defaults?: ScenarioParams): ScenarioParams {
  return scenarioParamsSchema.parse({ ...(defaults ?? {}), ...partial });
}

export type WarningCode =
  | 'unknown_building'
  | 'unknown_receiver'
  | 'receiver_is_removed'
  | 'users_without_receiver'
  | 'receiver_over_ceiling'
  | 'receiver_utilisation_unknown'
  | 'no_cost_data'
  | 'no_position'
  | 'users_unknown'
  | 'low_confidence';

export interface ScenarioWarning {
  code: WarningCode;
  buildingId: string;
  /** The other building involved (e.g. the receiver), when there is one. */
  otherBuildingId?: string;
  value?: number;
}

export interface ReceiverLoad {
  buildingId: string;
  name: string;
  capacity: number | null;
  peakBefore: number | null;
  /** Peak people after the move ÷ capacity; null when the receiver's utilisation or capacity is unknown. */
  peakAfter: number | null;
  usersIn: number;
  overCeiling: boolean;
}

export interface Move {
  fromId: string;
  toId: string;
  users: number;
  distanceKm: number | null;
}

export interface ActionOutcome {
  buildingId: string;
  name: string;
  action: ActionKind;
  areaM2: number;
  annualSavingDkk: number;
  annualRentIncomeDkk: number;
  saleValueDkk: number;
  movingCostDkk: number;
  refurbishCostDkk: number;
  co2AvoidedT: number;
  users: number;
}

export interface ScenarioOutcome {
  portfolioAreaM2: number;
  areaRemovedM2: number;
  /** m² removed ÷ portfolio m², 0..1. */
  areaRemovedShare: number;
  annualSavingsDkk: number;
  savingsBreakdown: { operatingDkk: number; backlogDkk: number; leaseDkk: number };
  annualRentIncomeDkk: number;
  oneOffCostsDkk: number;
  costBreakdown: { movingDkk: number; refurbishDkk: number };
  saleValueDkk: number;
  /** (one-off costs − sale value) ÷ (annual savings + rent income); 0 when sale covers the costs; null if nothing is saved. */
  paybackYears: number | null;
  co2AvoidedTPerYear: number;
  usersAffected: number;
  travel: { meanAddedKm: number | null; maxAddedKm: number | null; userKm: number };
  moves: Move[];
  receivers: ReceiverLoad[];
  confidence: { buildings: { buildingId: string; name: string; confidence: number | null }[]; min: number | null; areaWeighted: number | null };
  actions: ActionOutcome[];
  warnings: ScenarioWarning[];
}

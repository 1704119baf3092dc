import { z } from 'zod';
import type { Category } from '@/lib/registry/categories';

// Which age group a building category serves and how many of that age group take up a place. Defaults and their
// sources are in docs/demand.md; each organisation edits them in its settings (organisation.settings.demand).

export const FORECAST_VARIANTS = ['low', 'main', 'high'] as const;
export type ForecastVariant = (typeof FORECAST_VARIANTS)[number];

export const serviceDefinitionSchema = z
  .object({
    /** Youngest age served, whole years. */
    minAge: z.number().int().min(0).max(120),
    /** Oldest age served, whole years, inclusive (a care home's 80+ is 80–120). */
    maxAge: z.number().int().min(0).max(120),
    /** Share of the age group that uses the service, 0..1. */
    takeUp: z.number().min(0).max(1),
  })
  .refine((s) => s.minAge <= s.maxAge, { message: 'minAge must not exceed maxAge', path: ['maxAge'] });

export type ServiceDefinition = z.infer<typeof serviceDefinitionSchema>;

/** Defaults per category (docs/demand.md § Defaults, with sources). Categories that serve no age group are absent. */
export const DEFAULT_SERVICES: Partial<Record<Category, ServiceDefinition>> = {
  // 0-year-olds ~18 %, 1–2 ~90 %, 3–5 ~97 % enrolled (Danmarks Statistik PAS11 via uvm.dk): mean over 0–5 ≈ 0.81.
  daycare: { minAge: 0, maxAge: 5, takeUp: 0.8 },
  // 78.5 % of pupils in grades 0–9 attend a folkeskole (2019/20, Danmarks Statistik via friskolerne.dk; uvm.dk 77 %).
  school: { minAge: 6, maxAge: 16, takeUp: 0.78 },
  // Care homes (80+) have no national default worth citing: the organisation sets its residents ÷ its 80+ population.
};

export const demandSettingsSchema = z.object({
  services: z
    .partialRecord(z.enum(['administration', 'daycare', 'school', 'elderly', 'culture', 'sport', 'health', 'letting', 'other']), serviceDefinitionSchema)
    .default(DEFAULT_SERVICES),
  /** Last forecast year looked at. */
  horizonYear: z.number().int().min(2000).max(2100).default(2040),
  /** Variant used when none is chosen (main), and the one a robust plan is held to (high). */
  defaultVariant: z.enum(FORECAST_VARIANTS).default('main'),
  /** Warning colour when demand reaches capacity within this many years (school-planning practice: two). */
  warningYears: z.number().int().min(0).max(10).default(2),
});

export type DemandSettings = z.infer<typeof demandSettingsSchema>;

// Search-parameter schemas of the scores API (zod), shared by the route handlers and the ranking page.
import { z } from 'zod';
import { CATEGORIES } from '@/lib/registry/categories';
import { SCORE_SORTS } from './query-scores';
import { periodParamSchema } from './scored-period';

export const scoresQuerySchema = z.object({
  /** "2026-01-01..2026-03-31": a scored period instead of the latest. */
  period: periodParamSchema.optional(),
  category: z.enum(CATEGORIES).optional(),
  district: z.string().trim().min(1).max(200).optional(),
  minConfidence: z.coerce.number().min(0).max(1).optional(),
  /** "0.5,0.3,0.2" or "utilisation:0.5,cost:0.3,condition:0.2"; parsed by parseWeightsParam(). */
  weights: z.string().max(200).optional(),
});

/** Paging of GET /api/scores: a page of `limit` (default 100, at most 1,000) from `offset`. */
export const SCORES_PAGE_DEFAULT = 100;
export const SCORES_PAGE_MAX = 1000;

export const scoresPageQuerySchema = scoresQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(SCORES_PAGE_MAX).default(SCORES_PAGE_DEFAULT),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  /** Default combined, weakest (lowest) first. */
  sort: z.enum(SCORE_SORTS).default('combined'),
  order: z.enum(['asc', 'desc']).default('asc'),
  /** compact: without the KPI values and explanation sentences. */
  fields: z.enum(['full', 'compact']).default('full'),
  /** "false" leaves out garages, sheds and carports (BBR 910–990). */
  ancillary: z.enum(['true', 'false']).default('true'),
});

export const buildingIdSchema = z.string().uuid();
